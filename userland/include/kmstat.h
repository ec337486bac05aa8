// The kernel heap's counters as the kmstat system call reports them.
// Shared by the kernel and user programs.
#ifndef MODX6_KMSTAT_H
#define MODX6_KMSTAT_H

struct kmstat {
  char allocator[8];  // "kr" or "slab"
  uint allocs;        // kmalloc calls that succeeded, since boot
  uint frees;         // kmfree calls
  uint fails;         // kmalloc calls that returned NULL
  uint live_bytes;    // bytes requested and not yet freed
  uint held_bytes;    // bytes the heap holds from the page allocator
  uint free_pages;    // free physical pages
  uint token_pages;   // pages of the token tables over KMALLOC_MAX (smaller
                      // tables are kmalloc blocks, in allocs and live_bytes)
  uint debug;         // 1 if the kernel was built with DEBUG=1
};

#endif
