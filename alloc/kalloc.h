// The physical page allocator (alloc/kalloc.c): what alloc/ exports to
// the rest of the kernel. Single pages for user memory, page tables and
// kernel stacks; runs of 2^order pages for the kernel heap.
#ifndef MODX6_KALLOC_H
#define MODX6_KALLOC_H

#include "alloc/buddy.h"

// Boot: kinit1 sets up the allocator with the pages of [vstart, vend)
// before the other CPUs run (no locking yet); kaddrange gives it more
// free RAM; kinit2 turns locking on once the other CPUs may allocate.
void              kinit1(void *vstart, void *vend);
void              kaddrange(void *vstart, void *vend);
void              kinit2(void);

// One page, or NULL when memory is exhausted. kfree panics on an address
// kalloc did not return.
char*             kalloc(void);
void              kfree(char *v);

// Shared pages: kpageget adds a reference; kpageput drops one and frees
// the page with the last; kpagerefs says how many references the page
// has (1: its owner alone). A count of 1 cannot rise behind the caller's
// back when the caller's page table is the only place that maps the page.
void              kpageget(char *v);
void              kpageput(char *v);
int               kpagerefs(char *v);

// The number of free pages.
uint              kfreecount(void);

// kpagecheck: check every invariant of the buddy allocator under its
// lock: 0 if all hold, else -1. Linear in physical memory.
int               kpagecheck(void);

// Runs of 2^order contiguous pages (order 0..KMAXORDER). kallocpages
// returns NULL when no run that large is free; kfreepages panics on a
// double free or a wrong address or order; kpageinfo returns the frame's
// metadata, NULL for an address outside the page range. Any context that
// may take a spin lock; kmem.lock is the innermost lock of the kernel.
void*             kallocpages(int order);
void              kfreepages(void *va, int order);
struct pageinfo*  kpageinfo(void *va);

#endif
