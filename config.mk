# Build knobs. Each has a default here; `make VAR=value` overrides it.
# Knobs that change the kernel or the image pick the build directory
# (build/<config>/), so switching one never reuses stale objects.

# Kernel heap implementation: kr (K&R free list) or slab (Bonwick slab).
ALLOC ?= kr

# mmap placement: firstfit (lowest hole from MMAPBASE) or nearest (the
# hole nearest the hint).
PLACEMENT ?= firstfit

# DEBUG=1 adds poisoning and red zones to the kernel heap.
DEBUG ?= 0

# CPUs QEMU gives the guest (1-8).
CPUS ?= 2

# Seconds `make run` lets the guest live before it gives up (a positive
# whole number).
TIMEOUT ?= 300

# Guest memory in MiB, 16..4096 (MEM_MIN..MEM_MAX in the Makefile); the
# kernel uses the RAM the boot loader's memory map reports, up to PHYSTOP
# (224 MiB).
MEM ?= 512

# PCP=1: single pages come from per-CPU lists in front of the buddy
# allocator (alloc/pcp.c); 0: every page under the allocator's one lock,
# for comparing the lock's contention without them.
PCP ?= 1

# 1: QEMU runs with -icount shift=0 and one CPU, so rdtsc in the guest
# counts guest instructions, the same figure in every boot (README:
# Measuring your own code). Every QEMU target takes it.
ICOUNT ?= 0
