#!/bin/sh
# `make bench`: build the four ALLOC x PLACEMENT configurations, run stress
# and ubench in each under QEMU -icount (costs in guest instructions),
# replay the same traces natively against the kernel's allocators and the
# host's, record the kernel's own heap trace under a real workload (kmrec)
# and replay it in the guest and on the host, measure lock contention on
# several CPUs (scripts/smpbench.sh), and write bench/results.md,
# bench/*.svg and bench/ktrace.txt. How and why: bench/README.md.
# QUICK=1 is a smoke run of every path (for make test); it writes its
# report to build/bench/quick/ and leaves bench/ alone.
# Exits non-zero if anything did not run or a check failed; budgets missed
# are reported, not failed.
set -u
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
CONFIGS="kr-firstfit kr-nearest slab-firstfit slab-nearest"
HOSTALLOCS="null floor slab kr glibc jemalloc mimalloc slabnotags slabbare"
# The recorded kernel trace: recorded in one K&R and one slab build (the
# heap does not depend on placement, so the nearest builds would record
# and replay the same), replayed on the host through these allocators.
KTCONFS="kr-firstfit slab-firstfit"
KTHOST="null floor slab kr glibc jemalloc mimalloc"
KTHOSTTRACE=slab-firstfit  # whose recorded trace the host replays
ROUNDS=5                  # interleaved timing runs; the median is reported
REPEATCONF=slab-firstfit  # booted twice to show the figures repeat
UPATHS=9                  # BENCH lines of one ubench run, one per path
# vmbench (issue 11: fork against the resident heap, page faults), one
# build per heap (it does not depend on placement).
VMCONFS="kr-firstfit slab-firstfit"
VMLINES=16                # its BENCH lines: 10 kinds of fault, 6 heap sizes
QEMU=qemu-system-i386
MEM=512
# Per mode: where the report goes, stress's flag, the churn steps, the
# seconds one boot may take, and the working sets stress runs.
# The recorded workload: systest cases that open, write, link and remove
# files, fork, exec and use pipes, then a shell pipeline.
if [ "$QUICK" = 1 ]; then
  out=build/bench/quick flag=-q churn=1000 guestlimit=120
  kmlives="100 1000" mmlives="10 100"
  kttests="forkwait pipeorder filerw exececho"
else
  out=bench flag= churn=10000 guestlimit=600
  kmlives="100 1000 10000" mmlives="10 100 1000 10000"
  kttests="forkwait waitnone orphan pipeorder pipewriters pipeeof pipebig
    filerw openmodes trunc createexist dirs dotdot linkunlink bigfile
    manyfiles concreate dupoffset forkfd fsreuse exececho execmaxarg"
fi
kttests=$(echo $kttests)
ktwork="systest $kttests
cat README.md | grep the | wc"
raw=build/bench/raw
hb=build/bench/host
start=$(date +%s)
# The commit measured, "-dirty" if tracked sources differ from it (the
# files make bench writes do not count).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':!bench/results.md' ':!bench/*.svg' \
  ':!bench/ktrace.txt' 2>/dev/null || commit="$commit-dirty"

die() { echo "bench: $*" >&2; exit 1; }

mkdir -p "$out" "$raw" "$hb"
rm -f "$raw"/*
EXTRA_DEPS="gnuplot-nox valgrind libjemalloc-dev libmimalloc-dev" \
  sh scripts/deps.sh || die "could not install the benchmark tools"

# Boot configuration $1 on one CPU with the TSC counting instructions,
# type command $2, power off; the transcript goes to file $3. Fails on a
# panic, a timeout or any exit but the guest's power-off.
guest() {
  img=$(mktemp "${TMPDIR:-/tmp}/modx6-bench.XXXXXX")
  cp "${4:-build/$1/fs.img}" "$img"
  printf '%s\nhalt\n' "$2" |
    timeout "$guestlimit" $QEMU -accel tcg -icount shift=0 -m $MEM -smp 1 \
      -no-reboot -net none -kernel "build/$1/kernel" \
      -drive file="$img",index=1,media=disk,format=raw \
      -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
      -display none -monitor none -serial stdio > "$3.tmp" 2>&1
  st=$?
  rm -f "$img"
  tr -d '\r' < "$3.tmp" > "$3"
  rm -f "$3.tmp"
  grep -q '^panic: ' "$3" && return 1
  case $st in 0|33) return 0 ;; *) return 1 ;; esac
}

# Whether transcript $1 shows every stressargs test passed: stress
# refuses each bad argument without running anything.
argsok() {
  grep -Eq '^stressargs: [1-9][0-9]* passed, 0 failed' "$1"
}

# The BENCH lines of transcript $2, tagged with configuration $1.
benchlines() {
  grep -o 'BENCH .*' "$2" | sed "s/^BENCH /BENCH conf=$1 /"
}

# The window map of transcript $2 (stress -m), tagged with configuration $1.
winlines() {
  grep -Eo 'WIN(MAP|RUN|HINT) .*' "$2" | sed "s/^\(WIN[A-Z]*\) /\1 $1 /"
}

# ---- guest ----------------------------------------------------------------------
for conf in $CONFIGS; do
  make -s -j2 ALLOC=${conf%-*} PLACEMENT=${conf#*-} all \
    > "$raw/build-$conf.log" 2>&1 || die "build $conf failed (see $raw/build-$conf.log)"
done
# Per run: 6 km lines per live figure, 2 mmap lines (page tables kept
# or not) per live figure, and the fragmentation scenario's.
want=$(($(echo $kmlives | wc -w) * 6 + $(echo $mmlives | wc -w) * 2 + 1))
# The slab builds print the window map (-m, after every measurement, so
# it changes no figure), one per placement: the kr builds' would be the
# same. The first boot runs stressargs after stress, which it would
# otherwise find with a heap stressargs had used.
for conf in $CONFIGS; do
  cmd="stress${flag:+ $flag}"
  case $conf in slab-*) cmd="$cmd -m" ;; esac
  [ "$conf" = "${CONFIGS%% *}" ] && cmd="$cmd; stressargs"
  echo "bench: $conf: $cmd"
  guest "$conf" "$cmd" "$raw/run-$conf.log" ||
    die "$conf: the guest run failed (see $raw/run-$conf.log)"
  [ "$conf" = "${CONFIGS%% *}" ] && ! argsok "$raw/run-$conf.log" &&
    die "$conf: stress's argument checks failed (see $raw/run-$conf.log)"
  benchlines "$conf" "$raw/run-$conf.log" > "$raw/guest-$conf.txt"
  winlines "$conf" "$raw/run-$conf.log" > "$raw/win-$conf.txt"
  got=$(wc -l < "$raw/guest-$conf.txt")
  [ "$got" -eq "$want" ] ||
    die "$conf: $got BENCH lines, want $want (see $raw/run-$conf.log)"
done
# ubench in each configuration, a boot of its own, so that its figures
# are those of `make run ICOUNT=1 RUN=ubench` on that build.
for conf in $CONFIGS; do
  echo "bench: $conf: ubench"
  guest "$conf" ubench "$raw/ubench-$conf.log" ||
    die "$conf: the ubench run failed (see $raw/ubench-$conf.log)"
  benchlines "$conf" "$raw/ubench-$conf.log" > "$raw/path-$conf.txt"
  got=$(wc -l < "$raw/path-$conf.txt")
  [ "$got" -eq "$UPATHS" ] ||
    die "$conf: $got ubench lines, want $UPATHS (see $raw/ubench-$conf.log)"
done
# vmbench in one build per heap, a boot of its own, so that its figures
# are those of `make run ICOUNT=1 RUN=vmbench` on that build.
for conf in $VMCONFS; do
  echo "bench: $conf: vmbench"
  guest "$conf" vmbench "$raw/vmbench-$conf.log" ||
    die "$conf: the vmbench run failed (see $raw/vmbench-$conf.log)"
  benchlines "$conf" "$raw/vmbench-$conf.log" > "$raw/vm-$conf.txt"
  got=$(wc -l < "$raw/vm-$conf.txt")
  [ "$got" -eq "$VMLINES" ] ||
    die "$conf: $got vmbench lines, want $VMLINES (see $raw/vmbench-$conf.log)"
done
cat "$raw"/guest-*.txt "$raw"/path-*.txt "$raw"/vm-*.txt > "$raw/guest.txt"

# Boot one configuration again: figures from kmreplay must repeat exactly.
echo "bench: $REPEATCONF again (stress, then ubench), to check the figures repeat"
guest "$REPEATCONF" "stress${flag:+ $flag}" "$raw/repeat.log" ||
  die "$REPEATCONF: the repeat run failed (see $raw/repeat.log)"
benchlines "$REPEATCONF" "$raw/repeat.log" > "$raw/repeat.txt"
grep 'path=replay' "$raw/guest-$REPEATCONF.txt" > "$raw/replay-1.txt"
grep 'path=replay' "$raw/repeat.txt" > "$raw/replay-2.txt"
same=0
cmp -s "$raw/replay-1.txt" "$raw/replay-2.txt" && same=1
# The largest relative change of a figure timed from user space.
drift=$(paste -d' ' "$raw/guest-$REPEATCONF.txt" "$raw/repeat.txt" | awk '
  { n = NF / 2; a = b = 0
    for (i = 1; i <= n; i++) if ($i ~ /^cost=/) { a = substr($i, 6); b = substr($(i + n), 6) }
    if (a > 0 && (b - a) / a > m) m = (b - a) / a
    if (a > 0 && (a - b) / a > m) m = (a - b) / a }
  END { printf "%.4f", m * 100 }')
# And its ubench figures, which must repeat bit for bit too.
guest "$REPEATCONF" ubench "$raw/ubench-repeat.log" ||
  die "$REPEATCONF: the repeat ubench run failed (see $raw/ubench-repeat.log)"
benchlines "$REPEATCONF" "$raw/ubench-repeat.log" > "$raw/path-repeat.txt"
upsame=0
[ -s "$raw/path-repeat.txt" ] &&
  cmp -s "$raw/path-$REPEATCONF.txt" "$raw/path-repeat.txt" && upsame=1
echo "REPEAT conf=$REPEATCONF replay_identical=$same user_drift_pct=$drift ubench_identical=$upsame" > "$raw/repeat-result.txt"

# ---- the recorded kernel trace ----------------------------------------------------

# The trace kmrec print wrote into transcript $1: its KTRACE header, the
# operation lines and the KTRACE end line (hbench checks the count).
ktextract() {
  awk '/KTRACE ops=/ { on = 1; sub(/.*KTRACE ops=/, "KTRACE ops="); print; next }
       on && /^KTRACE end/ { print; exit }
       on && /^[af] [0-9]/ { print }' "$1"
}

# The multiset of allocation sizes of trace $1, one "count size" a line.
ktsizes() {
  awk '$1 == "a" { print $3 }' "$1" | sort -n | uniq -c
}

# Boot configuration $1, record the workload, replay and print the trace;
# the transcript goes to ktrace-run-$2.log and the trace to ktrace-$2.txt.
ktrecord() {
  [ -f "build/$1/user/bin/kmrec" ] ||
    die "$1: no kmrec in the build (the recorder and kmrec come with issue 10's ktrace)"
  echo "bench: $1: kmrec on; systest $kttests; a pipeline; kmrec off, drain, print"
  guest "$1" "kmrec on
$ktwork
kmrec off
kmrec drain kt
kmrec print kt" "$raw/ktrace-run-$2.log" ||
    die "$1: the recording run failed (see $raw/ktrace-run-$2.log)"
  ktextract "$raw/ktrace-run-$2.log" > "$raw/ktrace-$2.txt"
  tail -n 1 "$raw/ktrace-$2.txt" | grep -q '^KTRACE end$' ||
    die "$1: no whole trace in the transcript (see $raw/ktrace-run-$2.log)"
  grep -q '^systest: [1-9][0-9]* passed, 0 failed' "$raw/ktrace-run-$2.log" ||
    die "$1: systest failed while recording (see $raw/ktrace-run-$2.log)"
}

# How traces $1 and $2 compare: identical, the same allocation sizes
# as a multiset, the same number of operations, the first line that differs.
ktcompare() {
  same=0 sizes=0 ops=0
  cmp -s "$1" "$2" && same=1
  [ "$(ktsizes "$1")" = "$(ktsizes "$2")" ] && sizes=1
  [ "$(wc -l < "$1")" = "$(wc -l < "$2")" ] && ops=1
  diffat=$(cmp "$1" "$2" 2>/dev/null | sed -n 's/.* line \([0-9]*\)$/\1/p')
  echo "identical=$same same_sizes=$sizes same_count=$ops first_diff=${diffat:-none}"
}

# Boot configuration $1 on an image of its programs with trace $2 added
# as kt.txt, and replay it there: every build replays the one trace the
# host replays. The BENCH line goes to ktguest-$1.txt.
ktreplay() {
  mkdir -p "$raw/ktimg"
  cp "$2" "$raw/ktimg/kt.txt"
  build/host/mkfs "$raw/ktimg/fs.img" README.md \
    $(find "build/$1/user/bin" "build/$1/user/tests" -maxdepth 1 -type f ! -name '*.*' | sort) \
    "$raw/ktimg/kt.txt" > /dev/null || die "$1: mkfs with the trace failed"
  guest "$1" "kmrec replay kt.txt" "$raw/ktreplay-$1.log" "$raw/ktimg/fs.img" ||
    die "$1: the replay run failed (see $raw/ktreplay-$1.log)"
  benchlines "$1" "$raw/ktreplay-$1.log" | grep ' kind=ktrace ' > "$raw/ktguest-$1.txt"
  [ "$(wc -l < "$raw/ktguest-$1.txt")" -eq 1 ] ||
    die "$1: no kmrec replay line (see $raw/ktreplay-$1.log)"
}

for conf in $KTCONFS; do
  ktrecord "$conf" "$conf"
done
for conf in $KTCONFS; do
  echo "bench: $conf: kmrec replay of $KTHOSTTRACE's trace"
  ktreplay "$conf" "$raw/ktrace-$KTHOSTTRACE.txt"
  # What kmrec says only on its standard error: objects over kmreplay's
  # largest size left out, objects allocated twice without a free between
  # (a lost free), and a conversion that stopped at kmreplay's limits.
  conv=$(sed -n 's/.*kmrec: skipped=\([0-9]*\) .* relive=\([0-9]*\).*/skipped=\1 relive=\2/p' \
    "$raw/ktrace-run-$conf.log" | head -n 1)
  stopped=0
  grep -q 'kmrec: more than' "$raw/ktrace-run-$conf.log" && stopped=1
  head -n 1 "$raw/ktrace-$conf.txt" |
    sed "s/^KTRACE /KTHEAD conf=$conf ${conv:-skipped=0 relive=0} stopped=$stopped /" >> "$raw/ktguest-$conf.txt"
done
# The same workload in the same boot under icount: do the two builds
# record the same trace (addresses differ, slots and sizes should not),
# and does one build record the same trace when booted again?
ktrecord "$KTHOSTTRACE" repeat
cat "$raw"/ktguest-*.txt > "$raw/ktrace.txt"
echo "KTCMP $(ktcompare "$raw/ktrace-${KTCONFS%% *}.txt" "$raw/ktrace-${KTCONFS##* }.txt") host=$KTHOSTTRACE" >> "$raw/ktrace.txt"
echo "KTREP $(ktcompare "$raw/ktrace-$KTHOSTTRACE.txt" "$raw/ktrace-repeat.txt") conf=$KTHOSTTRACE" >> "$raw/ktrace.txt"
[ "$QUICK" = 1 ] || cp "$raw/ktrace-$KTHOSTTRACE.txt" bench/ktrace.txt

# ---- host -----------------------------------------------------------------------
for a in $HOSTALLOCS; do
  libs=
  [ $a = jemalloc ] && libs=-ljemalloc
  [ $a = mimalloc ] && libs=-lmimalloc
  gcc -O2 -Wall -Werror -I. -Iuserland/include \
    -DH_$(echo $a | tr a-z A-Z) -o "$hb/hb-$a" bench/host/hbench.c $libs ||
    die "could not build the host driver for $a"
done
echo "bench: host: $ROUNDS interleaved timing rounds"
for r in $(seq $ROUNDS); do
  for a in $HOSTALLOCS; do
    "$hb/hb-$a" $a $flag >> "$raw/host-time.txt" || die "hb-$a failed"
  done
done
echo "bench: host: the recorded trace"
for a in $KTHOST; do
  "$hb/hb-$a" $a -t "$raw/ktrace-$KTHOSTTRACE.txt" >> "$raw/host-ktrace.txt" ||
    die "hb-$a -t failed"
  rm -f "$hb/kt.$a"*
  valgrind --tool=callgrind --collect-atstart=no \
    --callgrind-out-file="$hb/kt.$a" "$hb/hb-$a" $a -c -t "$raw/ktrace-$KTHOSTTRACE.txt" \
    > "$raw/callgrind-kt-$a.log" 2>&1 || die "callgrind on hb-$a -t failed"
  echo "KTCOUNT alloc=$a ir=$(sed -n 's/^totals: //p' "$hb/kt.$a".*)" >> "$raw/host-ktrace.txt"
done
echo "bench: host: instructions under callgrind"
for a in $HOSTALLOCS; do
  rm -f "$hb/cg.$a"*
  valgrind --tool=callgrind --collect-atstart=no \
    --callgrind-out-file="$hb/cg.$a" "$hb/hb-$a" $a -c $flag \
    > "$raw/callgrind-$a.log" 2>&1 || die "callgrind on hb-$a failed"
  for f in "$hb/cg.$a".*; do
    w=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
    ir=$(sed -n 's/^totals: //p' "$f")
    echo "COUNT alloc=$a work=$w churn=$churn ir=$ir"
  done >> "$raw/host-count.txt"
done

# ---- SMP contention (scripts/smpbench.sh; its section goes last) -------------------
sh scripts/smpbench.sh "$raw" "$out" "$QUICK" || die "the SMP contention runs failed"

# ---- report -----------------------------------------------------------------------
{
  echo "INFO date=$(date -u +%Y-%m-%d) secs=$(($(date +%s) - start)) commit=$commit"
  echo "INFO cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1 | tr ' ' '_')"
  echo "INFO qemu=$($QEMU --version | sed -n 's/.*version \([^ ]*\).*/\1/p;q')"
  echo "INFO gcc=$(gcc -dumpfullversion)"
  for p in libc6 libjemalloc2 libmimalloc2.0 valgrind; do
    echo "INFO pkg_$p=$(dpkg-query -W -f '${Version}' $p 2>/dev/null)"
  done
} > "$raw/info.txt"
awk -v quick="$QUICK" -v kmlives="$kmlives" -v mmlives="$mmlives" \
  -v raw="$raw" -v repconf="$REPEATCONF" -v kttests="$kttests" -v vmconfs="$VMCONFS" \
  -f bench/report.awk -f bench/vmreport.awk \
  "$raw/info.txt" "$raw/guest.txt" bench/vmbefore.txt "$raw/repeat-result.txt" \
  "$raw/win-slab-firstfit.txt" "$raw/win-slab-nearest.txt" \
  "$raw/host-time.txt" "$raw/host-count.txt" \
  "$raw/ktrace.txt" "$raw/host-ktrace.txt" "$raw/ktrace-$KTHOSTTRACE.txt" > "$out/results.md"
st=$?
gnuplot -e "raw='$raw'; out='$out'" bench/plots.gp ||
  die "gnuplot failed"
cat "$raw/smp.md" >> "$out/results.md"
echo "bench: report in $out/results.md ($(($(date +%s) - start)) s)"
[ $st -eq 0 ] || die "a check failed (see $out/results.md)"
exit 0
