// Binary buddy allocator over a contiguous range of page frames
// (alloc/buddy.c): alloc/'s own, used only by the page front end
// (alloc/kalloc.c) and the host tests. Everyone else uses alloc/kalloc.h.
#ifndef MODX6_BUDDY_H
#define MODX6_BUDDY_H

#include "types.h"

#define KMAXORDER 10   // largest block: 2^10 pages, 4 MiB

// Page states in struct pageinfo.
#define PG_RESERVED 0  // never handed to the allocator
#define PG_FREE     1  // first page of a free block
#define PG_USED     2  // first page of an allocated block
#define PG_TAIL     3  // any other page of a block
#define PG_CACHED   4  // a page allocated to a cache of free pages

// One per page frame. The buddy allocator owns every field but owner;
// owner belongs to whoever allocated the block (the kernel heap keeps
// its slab or run there) and must be NULL again when the block is freed.
// A PG_CACHED page's next and prev belong to the cache that holds it.
struct pageinfo {
  struct pageinfo *next;   // free list of the block's order, while free
  struct pageinfo *prev;
  void *owner;             // the allocating layer's slot
  uchar order;             // block order, on PG_FREE, PG_USED, PG_CACHED
  uchar state;             // PG_*
};

struct buddy {
  char *base;                              // address of frame 0
  uint npages;                             // frames covered by meta[]
  struct pageinfo *meta;                   // npages entries
  struct pageinfo *free[KMAXORDER + 1];    // free blocks, one list per order
  uint nfree;                              // free pages
};

// Errors from buddyadd and buddyfree.
#define BE_RANGE (-1)  // not a page of the range, or not a page boundary
#define BE_ALIGN (-2)  // not aligned for the order
#define BE_FREE  (-3)  // already free: a double free
#define BE_ORDER (-4)  // allocated with another order, or inside a block

void              buddyinit(struct buddy *b, char *base, uint npages,
                            struct pageinfo *meta);
int               buddyadd(struct buddy *b, char *start, char *end);
void*             buddyalloc(struct buddy *b, int order);
int               buddyfree(struct buddy *b, void *va, int order);
const char*       buddyerr(int err);
int               buddycache(struct buddy *b, void *va);
void              buddyuncache(struct buddy *b, void *va);
int               buddycheck(struct buddy *b, uint ncached);

// Return the metadata of the frame holding va, or NULL outside the range.
// Inline: every kmfree asks it which allocator owns a block.
static inline struct pageinfo *
buddyinfo(struct buddy *b, void *va)
{
  // An address below base wraps to a huge frame number: one comparison
  // rejects both ends of the range.
  unsigned long i = (unsigned long)((char *)va - b->base) / PGSIZE;

  if (i >= b->npages)
    return NULL;
  return &b->meta[i];
}

#endif
