#!/bin/sh
# `make test`: host unit tests, the build system's checks, sparse, and the
# in-guest suites under every configuration of the build matrix. Ends with
# one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

# Configurations (ALLOC-PLACEMENT) and the in-guest suites each must pass.
MATRIX="${MATRIX:-kr-firstfit kr-nearest slab-firstfit slab-nearest}"
SUITES="${SUITES:-systest kmtest mmaptest filemaptest cowtest ulibtest locktest fuzztest}"

pass=0
fail=0
logdir=build/test-logs
mkdir -p "$logdir"

ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# Add the counts of every "PROG: N passed, N failed" line in file $2,
# which must hold one for each suite named in $3; $1 names the run.
count_suites() {
  for s in $3; do
    line=$(grep -E "^$s: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1)
    if [ -z "$line" ]; then
      bad "$1/$s" "no summary line (see $2)"
      continue
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
    f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
    pass=$((pass + p))
    fail=$((fail + f))
    grep '^FAIL ' "$2" | sed "s|^|$1: |"
    echo "$1: $line"
  done
}

# Host unit tests, then the build system's own checks: each ends with a
# "NAME: N passed, N failed" line.
make -s hosttest > "$logdir/host.log" 2>&1
count_suites host "$logdir/host.log" hosttest
make -s selftest > "$logdir/selftest.log" 2>&1
count_suites build "$logdir/selftest.log" selftest

if make -s check > "$logdir/check.log" 2>&1; then ok check; else
  bad check "sparse (see $logdir/check.log)"
fi

for conf in $MATRIX; do
  alloc=${conf%-*}
  cfg="ALLOC=$alloc PLACEMENT=${conf#*-}"
  out="$logdir/run-$conf.log"
  if ! make -s $cfg all > "$logdir/build-$conf.log" 2>&1; then
    bad "build/$conf" "build failed (see $logdir/build-$conf.log)"
    continue
  fi
  make -s $cfg run RUN="ls; echo hi | wc; $(echo $SUITES | sed 's/ /; /g')" \
    > "$out" 2>&1
  st=$?
  case $st in
    0) ok "boot/$conf" ;;
    *) bad "boot/$conf" "run exited $st: $(tail -n 1 "$out")" ;;
  esac
  if grep -q "^modx6: .*allocator $alloc, placement ${conf#*-}" "$out"; then
    ok "banner/$conf"
  else
    bad "banner/$conf" "boot banner does not name allocator and placement"
  fi
  if grep -qx '1 1 3' "$out" && grep -q '^README.md ' "$out"; then
    ok "shell/$conf"
  else
    bad "shell/$conf" "ls or 'echo hi | wc' output missing"
  fi
  count_suites "$conf" "$out" "$SUITES"
done

# A small machine: the kernel takes its memory size from the boot
# loader's map, so 64 MiB shows fewer than 16,384 free pages and works.
out="$logdir/run-mem64.log"
if make -s run MEM=64 RUN='kmstat; kmtest' > "$out" 2>&1 &&
   awk '/^free_pages /{ ok = $2 > 0 && $2 < 16384 } END { exit !ok }' "$out"
then ok mem64; else bad mem64 "MEM=64 did not boot to power-off with its own size (see $out)"; fi
count_suites mem64 "$out" kmtest

# DEBUG=1 says so in the banner and in kmstat, and its checks pass.
out="$logdir/run-debug.log"
if make -s ALLOC=slab DEBUG=1 run RUN='kmstat; kmtest; kmstat -c' > "$out" 2>&1 &&
   grep -q '^modx6: .*DEBUG=1' "$out" && grep -qx 'debug 1' "$out" &&
   grep -qx 'check ok' "$out"
then ok debug; else bad debug "DEBUG=1 banner, kmstat or kmstat -c (see $out)"; fi
count_suites debug "$out" kmtest

# PCP=0, the page allocator without per-CPU lists (the contention
# comparison's other side), on 4 CPUs: the memory suites still pass.
out="$logdir/run-nopcp.log"
if make -s PCP=0 CPUS=4 run RUN='kmtest; mmaptest' > "$out" 2>&1
then ok nopcp; else bad nopcp "PCP=0 CPUS=4 run exited $?: $(tail -n 1 "$out")"; fi
count_suites nopcp "$out" "kmtest mmaptest"

# A disk image with damaged inodes: errors, never a panic.
if sh tests/fsdamage.sh build/kr-firstfit > "$logdir/fsdamage.log" 2>&1
then ok fsdamage; else bad fsdamage "see $logdir/fsdamage.log"; fi

# The benchmark's smoke run, so it cannot rot (bench/README.md): it fails
# on a build, boot or consistency failure, never on a missed budget.
if make -s bench QUICK=1 > "$logdir/bench.log" 2>&1; then ok bench; else
  bad bench "make bench QUICK=1 failed (see $logdir/bench.log)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
