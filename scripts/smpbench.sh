#!/bin/sh
# The SMP contention part of `make bench` (issue 12): boot each allocator
# on 1, 2 and 4 CPUs (multi-threaded TCG, no -icount, per-CPU page lists
# on) and the slab on 4 CPUs without per-CPU page lists, run
# `stress -w smp` in each, and write the "## SMP contention" section to
# $1/smp.md and its plot to $2/smp.svg. Run by scripts/bench.sh; alone:
#   sh scripts/smpbench.sh RAWDIR OUTDIR [QUICK]
# Exits non-zero if a run failed or lost a page or a heap byte.
set -u
cd "$(dirname "$0")/.."

raw=$1 out=$2 quick=${3:-0}
# Runs: ALLOC CPUS PCP. Operations per process: enough for about a
# second of guest time on 4 CPUs, and few enough to keep the section
# under a minute and a half with its one extra build.
RUNS="kr:1:1 kr:2:1 kr:4:1 slab:1:1 slab:2:1 slab:4:1 slab:4:0"
OPS=300000
[ "$quick" = 1 ] && OPS=5000
TIMEOUT=120

die() { echo "smpbench: $*" >&2; exit 1; }

mkdir -p "$raw" "$out"
rm -f "$raw"/smp-*.log "$raw/smp.txt"
{
  echo "INFO nproc=$(nproc) load=$(cut -d' ' -f1 /proc/loadavg) ops=$OPS"
  echo "INFO qemu=$(qemu-system-i386 --version | sed -n 's/.*version \([^ ]*\).*/\1/p;q')"
} > "$raw/smp.txt"
for r in $RUNS; do
  alloc=${r%%:*} cpus=${r#*:} pcp=${r##*:}
  cpus=${cpus%:*}
  log="$raw/smp-$alloc-$cpus-$pcp.log"
  echo "bench: smp: ALLOC=$alloc CPUS=$cpus PCP=$pcp: stress -w smp -c $OPS"
  make -s -j2 ALLOC=$alloc PCP=$pcp all > "$log.build" 2>&1 ||
    die "build ALLOC=$alloc PCP=$pcp failed (see $log.build)"
  make -s ALLOC=$alloc CPUS=$cpus PCP=$pcp TIMEOUT=$TIMEOUT run \
    RUN="stress -w smp -c $OPS" 2>&1 | tr -d '\r' > "$log"
  grep -q '^panic' "$log" && die "ALLOC=$alloc CPUS=$cpus PCP=$pcp panicked (see $log)"
  line=$(grep -o 'BENCH kind=smp .*' "$log")
  [ -n "$line" ] || die "ALLOC=$alloc CPUS=$cpus PCP=$pcp: no BENCH line (see $log)"
  lost=0
  grep -q 'smp: no page or object lost' "$log" || lost=1
  echo "$line" | sed "s/^BENCH /BENCH pcp=$pcp lost=$lost /" >> "$raw/smp.txt"
  # The classes the stress table lists: the heap's, the page allocator's,
  # and any other contended one.
  sed -n '/^ *class  *acquires/,/page (sum)/p' "$log" |
    sed "s/^/CLASS $alloc $cpus $pcp /" >> "$raw/smp.txt"
done
awk -v raw="$raw" -f bench/smp.awk "$raw/smp.txt" > "$raw/smp.md" || st=1
gnuplot -e "raw='$raw'; out='$out'" bench/smp.gp || die "gnuplot failed"
grep -q 'lost=1' "$raw/smp.txt" && die "a run lost pages or heap bytes (see $raw/smp.txt)"
exit ${st:-0}
