# smp.gp: the SMP contention plot from the data file bench/smp.awk
# writes. Run by scripts/smpbench.sh as
#   gnuplot -e "raw='DIR'; out='DIR'" bench/smp.gp
# smp.dat columns: CPUs; kr heap, page per 1000 acquires, ops per tick;
# slab the same; slab's page per 1000 acquires without per-CPU page lists.

set terminal svg size 960,520 dynamic noenhanced font "sans,12" background rgb "white"
set output out."/smp.svg"
set datafile missing "-"
set grid
set style data linespoints
set xlabel "guest CPUs (multi-threaded TCG)"
set xtics (1, 2, 4)
set xrange [0.8:4.4]
set multiplot layout 1,2 title "stress -w smp: 4 processes of heap, sbrk and fork work"

set title "contended acquires per 1000 (0 not drawn)"
set logscale y
set yrange [0.05:5000]
set key top left Left reverse
plot raw."/smp.dat" using 1:2 title "K&R heap lock", \
     "" using 1:5 title "slab heap locks", \
     "" using 1:3 title "page locks (K&R run)", \
     "" using 1:6 title "page locks (slab run)", \
     "" using 1:8 title "page locks, no per-CPU lists (slab)" with points pt 7 ps 1.5

set title "throughput (operations per 10 ms tick)"
unset logscale y
set yrange [0:*]
set key top right
plot raw."/smp.dat" using 1:4 title "K&R", \
     "" using 1:7 title "slab"

unset multiplot
