// Lock statistics as the lockstat system call (36) reports them, one
// record per lock class: the spin locks initialised with one name. Shared
// by the kernel and user programs.
#ifndef MODX6_LOCKSTAT_H
#define MODX6_LOCKSTAT_H

#define LOCKNAME 16     // bytes of a class name, its NUL included; longer names are cut
#define LS_RESET 1      // lockstat flag: zero every class's counts after copying

// The classes of the kernel heap's locks (alloc/kmalloc_kr.c's, or
// alloc/kmalloc_slab.c's cache and cache-list locks) and of the page
// allocator's (alloc/kalloc.c's, and "pcp" for per-CPU page lists where a
// kernel has them), as initlock names them there.
#define LOCKS_HEAP "kr", "kmcache", "caches"
#define LOCKS_PAGE "kmem", "pcp"

// Counts since boot or the last reset, summed over the CPUs without
// stopping them; each wraps at 2^32.
struct lockstat {
  char name[LOCKNAME];  // the locks' name; "other": locks past the kernel's table
  uint acquires;        // acquires of any lock of the class
  uint contended;       // of them, acquires that found the lock held and waited
  uint spins;           // turns of the wait loop those took
  uint cpus;            // CPUs whose counters were summed: the machine's
};

#endif
