#!/bin/sh
# Boot the kernel headless on a fresh copy of the disk image, type the
# commands into the shell, then halt; print the console transcript.
# Usage: scripts/run.sh BUILDDIR 'cmd1; cmd2'   (env: QEMU, QEMUOPTS_BASE, TIMEOUT)
# Exits 0 only when QEMU exits cleanly and the transcript shows the
# kernel's power-off line ("modx6: power off"); 1 on a kernel panic or a
# QEMU failure; 2 on a timeout; 3 when the guest stopped without powering
# off (a triple fault resets the machine, and -no-reboot makes QEMU exit 0).
B=$1
RUN=$2
: "${QEMU:=qemu-system-i386}"
: "${TIMEOUT:=300}"

img=$(mktemp "${TMPDIR:-/tmp}/modx6-fs.XXXXXX")
out=$(mktemp "${TMPDIR:-/tmp}/modx6-out.XXXXXX")
trap 'rm -f "$img" "$out"' EXIT
cp "$B/fs.img" "$img"

printf '%s\nhalt\n' "$RUN" |
  timeout "$TIMEOUT" $QEMU $QEMUOPTS_BASE -kernel "$B/kernel" \
    -drive file="$img",index=1,media=disk,format=raw \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -display none -monitor none -serial stdio > "$out" 2>&1
status=$?
tr -d '\r' < "$out"

# The kernel's panic writes 1 to isa-debug-exit: QEMU exits with 3.
if [ "$status" -eq 3 ] || grep -Eq '^(\$ )*panic: ' "$out"; then
  echo "run: kernel panic" >&2
  exit 1
fi
case $status in
  0|33) ;;
  124) echo "run: timed out after ${TIMEOUT}s" >&2; exit 2 ;;
  *) echo "run: qemu exited with status $status" >&2; exit 1 ;;
esac
# The shell prompt may precede the line; the console may end it with \r.
if ! tr -d '\r' < "$out" | grep -Eq '^(\$ )*modx6: power off$'; then
  echo "run: the guest stopped without the kernel's power-off line" >&2
  exit 3
fi
exit 0
