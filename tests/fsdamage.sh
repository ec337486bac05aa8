#!/bin/sh
# Boot build directory B (default build/kr-firstfit) on a copy of its disk
# image damaged by tests/fsdamage.c and use every damaged name: the kernel
# must answer with errors, never a panic, and the shell must live on.
# Usage: tests/fsdamage.sh [B]   (env as scripts/run.sh). Exit 0 on a pass.
B=${1:-build/kr-firstfit}
case $B in -h|--help) sed -n '2,5p' "$0" | sed 's/^# //'; exit 0 ;; esac
[ -f "$B/kernel" ] && [ -f "$B/fs.img" ] ||
  { echo "fsdamage: $B holds no kernel and fs.img (run make first)" >&2; exit 2; }

: "${QEMUOPTS_BASE:=-accel tcg -m 512 -smp 2 -no-reboot -net none}"
export QEMUOPTS_BASE

tmp=$(mktemp -d "${TMPDIR:-/tmp}/modx6-damage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cc -Wall -Werror -Iuserland/include -o "$tmp/fsdamage" tests/fsdamage.c || exit 2
cp "$B/kernel" "$B/fs.img" "$tmp/" && "$tmp/fsdamage" "$tmp/fs.img" || exit 2

out=$(scripts/run.sh "$tmp" 'cat ghost; cat far; wc README.md; wc grep; wc ln; wc mkdir; ln far x; rm ghost; rm far; rm README.md; rm grep; rm ln; rm mkdir; ls; echo survived')
status=$?
echo "$out"
if [ $status -ne 0 ] || ! echo "$out" | grep -q '^survived'; then
  echo "fsdamage: FAIL (run status $status)"
  exit 1
fi
echo "fsdamage: ok"
