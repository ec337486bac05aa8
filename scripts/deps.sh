#!/bin/sh
# Install the tools the build and `make qemu-gdb` need (Debian/Ubuntu),
# only those missing.
# Usage: scripts/deps.sh [--quiet]
set -e

need=""
have() { command -v "$1" >/dev/null 2>&1; }
hdr() { [ -e "$1" ]; }

have qemu-system-i386 || need="$need qemu-system-x86"
have sparse || need="$need sparse"
have make || need="$need make"
have gdb || need="$need gdb"
have gcc || need="$need gcc"
hdr /usr/include/cmocka.h || need="$need libcmocka-dev"
# gcc -m32 needs the 32-bit libgcc and C headers (gcc-multilib): try it.
m32() {
  echo '#include <stdarg.h>
int main(void) { return 0; }' | gcc -m32 -x c -c -o /dev/null - 2>/dev/null &&
  gcc -m32 -print-libgcc-file-name 2>/dev/null | grep -q /32/
}
have gcc && m32 || need="$need gcc-multilib"
if [ -n "$EXTRA_DEPS" ]; then
  for p in $EXTRA_DEPS; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
fi

[ -z "$need" ] && exit 0

echo "deps: installing$need" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends $need >&2
