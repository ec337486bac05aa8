// The kernel heap's caches as the slabinfo system call reports them, one
// record per cache, like Linux's /proc/slabinfo. Shared by the kernel and
// user programs.
#ifndef MODX6_SLABINFO_H
#define MODX6_SLABINFO_H

#define SLABINFO_NAME 16          // bytes of a name, its NUL included
#define SLABINFO_NA   0xffffffffU // a column that does not apply to the allocator

// flags
#define SLABINFO_KMALLOC  1       // a kmalloc size class, or kr's kmalloc
#define SLABINFO_INTERNAL 2       // the allocator's own records, not a caller's

// The counts are summed from per-CPU counters without stopping the other
// CPUs: exact on a quiet heap. allocs, hits, misses and swaps wrap at
// 2^32.
struct slabinfo {
  char name[SLABINFO_NAME]; // the object's: "proc", "region", "kmalloc-64"
  uint objsize;   // bytes of each object (a kmalloc class: its largest request)
  uint active;    // objects in use
  uint total;     // objects the cache holds, in use or free (Linux's num_objs)
  uint allocs;    // objects handed out since boot
  uint slabs;     // slabs the cache holds
  uint pages;     // pages those slabs take
  uint hits;      // allocations and frees served by a per-CPU magazine alone
  uint misses;    // magazine refills and drains that went to the slabs
  uint swaps;     // misses the depot served with a full or an empty magazine
  uint depotfull; // full magazines the depot holds
  uint depotempty; // empty magazines the depot holds
  uint flags;     // SLABINFO_KMALLOC, SLABINFO_INTERNAL
};

#endif
