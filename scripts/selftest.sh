#!/bin/sh
# `make selftest`: checks of the build system itself on the current
# configuration: knob checks, no work while parsing, nothing rebuilt twice,
# make run's verdicts, ICOUNT on every QEMU target, hosttest's counts,
# make check's coverage, gdb.
# Prints ok/FAIL per check and ends with "selftest: N passed, N failed".
# Usage: make selftest [knobs]   (env: B, the configuration's build directory)
set -u
cd "$(dirname "$0")/.."
: "${B:?run this through make selftest}"

pass=0
fail=0
ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/modx6-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mk() { make --no-print-directory "$@"; }

# make $3... must fail and print message $2; $1 names the check.
refuses() {
  name=$1 msg=$2
  shift 2
  if mk -n "$@" > "$tmp/out" 2>&1; then
    bad "$name" "make $* succeeded"
  elif grep -qF "$msg" "$tmp/out"; then
    ok "$name"
  else
    bad "$name" "no \"$msg\" in: $(tail -n 1 "$tmp/out")"
  fi
}

refuses knob-alloc "ALLOC must be one of: kr slab (got 'x')" ALLOC=x all
refuses knob-placement "PLACEMENT must be one of: firstfit nearest (got 'x')" PLACEMENT=x all
refuses knob-debug "DEBUG must be 0 or 1 (got '2')" DEBUG=2 all
refuses knob-pcp "PCP must be 0 or 1 (got '2')" PCP=2 all
refuses knob-cpus "CPUS must be one of 1..8 (got '9')" CPUS=9 all
refuses knob-timeout "TIMEOUT must be a positive number of seconds (got 'x')" TIMEOUT=x run
refuses knob-timeout-zero "TIMEOUT must be a positive number of seconds (got '0')" TIMEOUT=0 run
refuses knob-icount "ICOUNT must be 0 or 1 (got '2')" ICOUNT=2 run
refuses knob-icount-cpus "ICOUNT=1 needs CPUS=1 (got '2')" ICOUNT=1 CPUS=2 run
refuses knob-mem-small "MEM must be a number of MiB from 16 to 4096 (got '15')" MEM=15 run
refuses knob-mem-large "MEM must be a number of MiB from 16 to 4096 (got '4097')" MEM=4097 run
refuses knob-mem-word "MEM must be a number of MiB from 16 to 4096 (got '1e3')" MEM=1e3 run
for m in 16 64 4096; do
  if mk -n MEM=$m clean > /dev/null 2>&1; then ok "knob-mem-$m"; else
    bad "knob-mem-$m" "make MEM=$m refused"
  fi
done

# Parsing must run no tool: gcc, sh (deps.sh) and QEMU are logged stubs.
mkdir "$tmp/bin"
for t in gcc sh qemu-system-i386; do
  real=$(command -v $t)
  printf '#!/bin/sh\necho "%s $*" >> %s/parse.log\nexec %s "$@"\n' \
    "$t" "$tmp" "$real" > "$tmp/bin/$t"
  chmod +x "$tmp/bin/$t"
done
mk -s all > "$tmp/out" 2>&1 || bad build "make all failed: $(tail -n 1 "$tmp/out")"
: > "$tmp/parse.log"
env PATH="$tmp/bin:$PATH" DISPLAY=:0 make --no-print-directory -n clean > /dev/null 2>&1
env PATH="$tmp/bin:$PATH" DISPLAY=:0 make --no-print-directory -q all qemu-nox > /dev/null 2>&1
if [ -s "$tmp/parse.log" ]; then
  bad parse-runs-nothing "parsing ran: $(head -n 1 "$tmp/parse.log")"
else
  ok parse-runs-nothing
fi

# A second make rebuilds nothing, even after building a program afresh
# (its object must not be deleted as an intermediate file); make qemu-nox
# only starts QEMU.
rm -f "$B/userland/bin/echo.o" "$B/userland/bin/echo.d" "$B/user/bin/echo"
mk -s all > /dev/null 2>&1
if mk -q all; then ok second-make-nothing; else
  bad second-make-nothing "make -q all after make: $(mk -n all | head -n 1)"
fi
mk -n qemu-nox > "$tmp/out" 2>&1
if [ "$(wc -l < "$tmp/out")" -eq 1 ] && grep -q '^qemu-system-i386 ' "$tmp/out"; then
  ok qemu-builds-nothing
else
  bad qemu-builds-nothing "make -n qemu-nox: $(head -n 1 "$tmp/out")"
fi

# Adding and removing an extra program rebuilds the image.
printf '#include "types.h"\n#include "user.h"\nint main(void) { exit(); }\n' > "$tmp/xtra.c"
if mk -q all UPROGS_EXTRA="$tmp/xtra.c"; then
  bad uprogs-extra-add "make -q sees nothing to do with a new extra program"
elif mk -s all UPROGS_EXTRA="$tmp/xtra.c" > "$tmp/out" 2>&1 &&
     mk -q all UPROGS_EXTRA="$tmp/xtra.c"; then
  ok uprogs-extra-add
else
  bad uprogs-extra-add "build with UPROGS_EXTRA failed or is not stable"
fi
if mk -q all; then
  bad uprogs-extra-remove "dropping UPROGS_EXTRA does not rebuild fs.img"
else
  ok uprogs-extra-remove
fi
# Another file of the same base name, older than the program built from
# the first, still gets compiled.
mkdir -p "$tmp/old"
printf 'this is not C\n' > "$tmp/old/xtra.c"
touch -d '2001-01-01' "$tmp/old/xtra.c"
if mk -s all UPROGS_EXTRA="$tmp/old/xtra.c" > "$tmp/out" 2>&1; then
  bad uprogs-extra-same-name "a renamed extra program was not rebuilt"
else
  ok uprogs-extra-same-name
fi
mk -s all > /dev/null 2>&1

# make run's verdict, with stub QEMUs printing a transcript and exiting.
stub() {
  printf '#!/bin/sh\ncat > /dev/null\nprintf "%s"\n%s\n' "$2" "$3" > "$tmp/$1"
  chmod +x "$tmp/$1"
}
stub qemu-off 'modx6: 1 cpus\n$ modx6: power off\n' 'exit 0'
stub qemu-nooff 'modx6: 1 cpus\n$ ' 'exit 0'
stub qemu-panic 'modx6: 1 cpus\npanic: selftest\n' 'exit 3'
stub qemu-hang 'modx6: 1 cpus\n' 'sleep 30'
# $1 names the check, $2 the stub, $3 the message wanted ("" for success).
verdict() {
  mk -s run QEMU="$tmp/$2" TIMEOUT=2 > "$tmp/out" 2>&1
  st=$?
  if [ -z "$3" ]; then
    if [ $st -eq 0 ]; then ok "$1"; else bad "$1" "make run failed: $(tail -n 1 "$tmp/out")"; fi
  elif [ $st -eq 0 ]; then
    bad "$1" "make run succeeded"
  elif grep -qF "$3" "$tmp/out"; then
    ok "$1"
  else
    bad "$1" "no \"$3\" in: $(tail -n 1 "$tmp/out")"
  fi
}
verdict run-poweroff qemu-off ""
verdict run-no-poweroff qemu-nooff "without the kernel's power-off line"
verdict run-panic qemu-panic "run: kernel panic"
verdict run-timeout qemu-hang "run: timed out after 2s"

# ICOUNT=1 puts -icount shift=0 and one CPU on every QEMU command line;
# ICOUNT=0 no -icount (and whatever CPUS says) but multi-threaded TCG.
stub qemu-args 'modx6: 1 cpus\n$ modx6: power off\n' "echo \"\$*\" > $tmp/args"
for v in 0 1; do
  : > "$tmp/args"
  mk -s run QEMU="$tmp/qemu-args" ICOUNT=$v RUN=x > "$tmp/out" 2>&1
  for t in qemu qemu-nox qemu-gdb qemu-nox-gdb; do
    mk -n $t ICOUNT=$v | grep -- '-kernel' >> "$tmp/args"
  done
  n=$(grep -c -- '-icount shift=0' "$tmp/args")
  one=$(grep -c -- '-smp 1,' "$tmp/args")
  mt=$(grep -c -- '-accel tcg,thread=multi ' "$tmp/args")
  want=$((v * 5))
  [ $v -eq 0 ] && one=0
  if [ "$(wc -l < "$tmp/args")" -ge 5 ] && [ "$n" -eq "$want" ] &&
     [ "$one" -eq "$want" ] && [ "$mt" -eq $((5 - want)) ]; then
    ok "knob-icount-$v"
  else
    bad "knob-icount-$v" "of make run, qemu, qemu-nox, qemu-gdb, qemu-nox-gdb: $n pass -icount, $one one CPU, $mt multi-threaded TCG (want $want, $want, $((5 - want)))"
  fi
done

# A real boot that powers off.
if mk -s run RUN='echo selftest' > "$tmp/out" 2>&1 &&
   grep -q '^selftest$\|\$ selftest$' "$tmp/out"; then
  ok run-boot
else
  bad run-boot "make run RUN='echo selftest': $(tail -n 1 "$tmp/out")"
fi

# hosttest counts a failed assertion and a crash, and fails.
printf '#!/bin/sh\necho "[ RUN      ] a"; echo "[       OK ] a"\necho "[ RUN      ] b"; echo "[  FAILED  ] b"\necho "[ RUN      ] c"\nexit 1\n' > "$tmp/hostfake"
chmod +x "$tmp/hostfake"
if sh scripts/hosttest.sh "$tmp/hostfake" > "$tmp/out" 2>&1; then
  bad hosttest-counts "a failing program passed"
elif grep -q '^FAIL hostfake: 1 passed, 2 failed' "$tmp/out" &&
     grep -qx 'hosttest: 1 passed, 2 failed' "$tmp/out"; then
  ok hosttest-counts
else
  bad hosttest-counts "wrong counts: $(grep passed "$tmp/out" | tr '\n' ' ')"
fi

# make check covers both heaps and, in the nearest/debug configuration,
# every file with code that depends on a knob.
mk -n check > "$tmp/out" 2>&1
missing=
for f in alloc/kmalloc_kr.c alloc/kmalloc_slab.c $(grep -l -E \
    'PLACEMENT_|KDEBUG' core/*.c core/dev/*.c vm/*.c fs/*.c syscalls/*.c alloc/*.c 2> /dev/null); do
  grep -qE "$f@-DPLACEMENT_NEAREST,-DKDEBUG[ ;]" "$tmp/out" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok check-covers-configs; else
  bad check-covers-configs "make check skips PLACEMENT=nearest DEBUG=1 for$missing"
fi
for f in $(grep -l KNOPCP alloc/*.c); do
  grep -qE "$f@-DPLACEMENT_NEAREST,-DKDEBUG,-DKNOPCP[ ;]" "$tmp/out" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok check-covers-pcp; else
  bad check-covers-pcp "make check skips PCP=0 for$missing"
fi

# gdb connects to make qemu-nox-gdb and stops in the kernel's main.
if command -v gdb > /dev/null 2>&1; then
  port=$((30000 + $$ % 5000))
  timeout 60 make --no-print-directory -s qemu-nox-gdb GDBPORT=$port > "$tmp/qemu.out" 2>&1 < /dev/null &
  qpid=$!
  i=0
  while ! ss -ltn | grep -q ":$port " && [ $i -lt 40 ]; do
    sleep 0.5; i=$((i + 1))
  done
  timeout 40 gdb -batch -x "$B/gdbinit" -ex 'break main' -ex c -ex bt -ex kill \
    > "$tmp/gdb.out" 2>&1
  kill $qpid 2> /dev/null
  wait $qpid
  if grep -q 'main () at core/main.c' "$tmp/gdb.out"; then ok gdb-main; else
    why=$(grep -m 1 -E 'localhost:[0-9]+: |No such file|rror' "$tmp/gdb.out")
    bad gdb-main "gdb did not stop in main: ${why:-$(tail -n 1 "$tmp/gdb.out")}"
  fi
else
  bad gdb-main "gdb is not installed"
fi

echo "selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
