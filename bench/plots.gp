# plots.gp: draw the benchmark's SVG plots from the data files that
# bench/report.awk writes. Run by scripts/bench.sh as
#   gnuplot -e "raw='DIR'; out='DIR'" bench/plots.gp

set terminal svg size 760,480 dynamic noenhanced font "sans,12" background rgb "white"
set grid
set key top left
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

set output out."/mmap.svg"
set title "mmap churn in the guest: 1..64 pages, every page touched"
set xlabel "live regions"
set ylabel "guest instructions per munmap + mmap + touches"
unset logscale y
set yrange [0:*]
set key bottom left
plot raw."/mmap.dat" using 1:2 title "kr-firstfit", \
     "" using 1:3 title "kr-nearest", \
     "" using 1:4 title "slab-firstfit", \
     "" using 1:5 title "slab-nearest"

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
