#!/bin/sh
# `make hosttest`: run each host test program, print one line of counts per
# program (ok or FAIL, as the guest suites print per test) and end with
# "hosttest: N passed, N failed" like the guest suites.
# Usage: scripts/hosttest.sh PROGRAM...   Exits 1 if any test failed.
# cmocka prints "[ RUN      ]" and "[       OK ]" per test on stdout and its
# summary on stderr; a test that crashes (ASan, UBSan) prints no OK line,
# so a test counts as passed only with its OK line.
pass=0
fail=0
for t in "$@"; do
  log=$t.log
  "$t" > "$log" 2>&1
  st=$?
  ran=$(grep -c '^\[ RUN      \]' "$log")
  p=$(grep -c '^\[       OK \]' "$log")
  f=$((ran - p))
  # Exiting non-zero with every test passed: a crash before the first test
  # or in cleanup, or a leak report at exit.
  [ "$st" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  name=$(basename "$t")
  if [ "$f" -eq 0 ]; then
    echo "ok $name: $p passed, 0 failed"
  else
    echo "FAIL $name: $p passed, $f failed (exit $st, log $log)"
    grep -E '^\[  (ERROR|FAILED) *\]|ERROR: |runtime error: ' "$log" | sed 's/^/  /'
  fi
  pass=$((pass + p))
  fail=$((fail + f))
done
echo "hosttest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
