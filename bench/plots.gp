# plots.gp: draw the benchmark's SVG plots from the data files that
# bench/report.awk writes. Run by scripts/bench.sh as
#   gnuplot -e "raw='DIR'; out='DIR'" bench/plots.gp

set terminal svg size 760,480 dynamic noenhanced font "sans,12" background rgb "white"
set grid
set key inside top left
set style data linespoints

set output out."/kmalloc.svg"
set title "Kernel heap in the guest: kmreplay, steady state"
set xlabel "live objects"
set ylabel "guest instructions per kmalloc or kfree"
set logscale xy
plot raw."/km.dat" using 1:2 title "K&R, uniform 16..2048", \
     "" using 1:3 title "K&R, kernel-like mix", \
     "" using 1:4 title "K&R, fixed 64", \
     "" using 1:5 title "slab, uniform 16..2048", \
     "" using 1:6 title "slab, kernel-like mix", \
     "" using 1:7 title "slab, fixed 64"

set output out."/host.svg"
set title "The same traces on the host, uniform 16..2048"
set ylabel "instructions per malloc or free (callgrind, net)"
plot raw."/host.dat" using 1:2 title "bare free list", \
     "" using 1:3 title "slab (kernel source)", \
     "" using 1:4 title "K&R (kernel source)", \
     "" using 1:5 title "glibc malloc", \
     "" using 1:6 title "jemalloc", \
     "" using 1:7 title "mimalloc"

load raw."/titles.gp"

set output out."/mmap.svg"
set title "mmap churn in the guest: 1..64 pages, every page touched"
set xlabel "live regions"
set ylabel "guest instructions per munmap + mmap + touches"
unset logscale y
set yrange [0:*]
set key bottom left Left reverse
plot raw."/mmap.dat" using 1:2 title "kr-firstfit" linecolor 1 pointtype 1, \
     "" using 1:3 title t_krnear linecolor 2 pointtype 6 pointsize 1.6, \
     "" using 1:4 title "slab-firstfit" linecolor 3 pointtype 2, \
     "" using 1:5 title t_slabnear linecolor 4 pointtype 8 pointsize 1.6, \
     "" using 1:6 title "kr-firstfit, every page table kept" linecolor 1 dashtype 2 pointtype 1, \
     "" using 1:7 title "slab-firstfit, every page table kept" linecolor 3 dashtype 2 pointtype 2

set output out."/frag.svg"
set title "Peak held over peak live bytes, largest working set (guest)"
unset logscale
unset xlabel
set ylabel "held / live"
set yrange [0:*]
set key below
set style data histograms
set style histogram clustered
set style fill solid 0.7 border -1
set boxwidth 0.9
plot raw."/frag.dat" using 2:xtic(1) title "K&R", \
     "" using 3 title "slab", \
     1.25 with lines dashtype 2 linecolor rgb "black" title "1.25, slab's budget on the uniform trace"

# The recorded kernel trace: the bytes live over it, and what each
# allocator held at its peak per live byte.
set output out."/ktrace.svg"
set terminal svg size 760,760 dynamic noenhanced font "sans,12" background rgb "white"
set multiplot layout 2,1 title "The recorded kernel trace (kmrec)"
set title "Bytes live after each operation (the largest in each run of operations plotted)"
set style data lines
unset logscale
set xlabel "operation"
set ylabel "live bytes"
set xrange [0:*]
set yrange [0:*]
unset key
plot raw."/ktlive.dat" using 1:2 linecolor rgb "#377eb8"
set title "Peak held over peak live, replaying the trace (no bar: no figure)"
unset xlabel
set xrange [*:*]
set ylabel "held / live"
set style data histograms
set style fill solid 0.7 border -1
set boxwidth 0.8
set xtics rotate by -30
plot raw."/ktheld.dat" using 2:xtic(1) linecolor rgb "#4daf4a"
unset multiplot
set xtics norotate

# The window after the fragmentation scenario: per placement, each 4 MiB
# bin's mapped pages and its free pages by the size of their hole,
# stacked to 1; then how close to their hints the larger mappings landed.
set output out."/window.svg"
set terminal svg size 760,860 dynamic noenhanced font "sans,12" background rgb "white"
set style data boxes
set style fill solid 1.0 noborder
set multiplot layout 3,1 title "The mmap window after the fragmentation scenario (guest)"
unset logscale
set xrange [0:1024]
set yrange [0:1]
set xlabel "position in the 1 GiB window (MiB)"
set ylabel "share of each 4 MiB"
set boxwidth 4 absolute
do for [i = 1:2] {
  p = word("firstfit nearest", i)
  set title (i == 1 ? t_firstfit : t_nearest)
  if (i == 1) { set key tmargin horizontal } else { unset key }
  plot raw."/window-".p.".dat" using ($1+2):($2+$3+$4) linecolor rgb "#8fd19e" \
         title sprintf("free, hole of %d pages or more", big / 2), \
       "" using ($1+2):($2+$3) linecolor rgb "#e41a1c" title sprintf("free, hole under %d pages", big / 2), \
       "" using ($1+2):2 linecolor rgb "#999999" title "mapped"
}
set title "Larger mappings placed within a distance of their hint"
set xlabel "distance from the hint, less than (pages)"
set ylabel "share of those tried"
set logscale x 2
set xrange [1:*]
set format x "%.0f"
set key inside top left
plot raw."/hints.dat" using 1:2 with linespoints title "firstfit", \
     "" using 1:3 with linespoints title "nearest"
unset multiplot

# Virtual memory (vmbench): fork's cost against the parent's resident
# heap, now and before copy-on-write, then each kind of page fault.
set output out."/vm.svg"
set terminal svg size 760,960 dynamic noenhanced font "sans,12" background rgb "white"
set multiplot layout 2,1 title "Virtual memory in the guest (vmbench)"
set title "fork + exit + wait against the parent's resident heap"
set style data linespoints
unset logscale
set logscale y
set format x "%g"
set xrange [0:*]
set yrange [*:*]
set xlabel "heap resident in the parent (MiB)"
set ylabel "guest instructions"
set key inside bottom right
plot raw."/vmfork.dat" using 1:2 title "K&R" linecolor 1 pointtype 1, \
     "" using 1:3 title "slab" linecolor 3 pointtype 2, \
     "" using 1:4 title "K&R, before copy-on-write" linecolor 1 dashtype 2 pointtype 6, \
     "" using 1:5 title "slab, before copy-on-write" linecolor 3 dashtype 2 pointtype 8
set title "One page fault, by kind (no bar: this kernel takes no such fault)"
unset logscale
set xlabel "guest instructions"
unset ylabel
set xrange [0:*]
set yrange [*:*] reverse
set ytics scale 0
set style fill solid 0.7 border -1
set key outside top center horizontal
plot raw."/vmfault.dat" using 2:0:(0):2:($0-0.38):($0-0.02):ytic(1) with boxxyerror \
       title "K&R" linecolor 1, \
     "" using 3:0:(0):3:($0+0.02):($0+0.38) with boxxyerror title "slab" linecolor 3
unset multiplot
set yrange [*:*] noreverse
set ytics scale default
