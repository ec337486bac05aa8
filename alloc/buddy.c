// Binary buddy allocator: blocks of 2^k contiguous page frames, k in
// 0..KMAXORDER, split on allocation and merged again on free.
//
// Theory. The range is npages frames from base. Block (i, k) is frames
// i..i+2^k-1 with i a multiple of 2^k, and its buddy is (i ^ 2^k, k).
// The blocks, free or allocated, partition the frames added to the range.
// Invariants: meta[i].state is PG_FREE, PG_USED or PG_CACHED exactly
// when frame i heads a block, and then meta[i].order is that block's
// order; the other added frames are PG_TAIL, frames never added stay
// PG_RESERVED. A free block is on free[order], and its buddy is not a
// free block of the same order (the two would have merged). nfree counts
// the frames of free blocks.
// A cache of free pages in front of the allocator (kalloc.c's per-CPU
// lists) holds single pages it took with buddyalloc(0) as PG_CACHED:
// allocated blocks of order 0 here, free to the cache's users. Only
// allocated pages become cached and only cached ones return to PG_USED,
// so a free of a cached page is a double free, and buddycheck is told
// how many cached pages the caches hold and finds exactly that many.
// buddycache and buddyuncache write only the page's own entry, which
// other calls, while the page is allocated, only read to see it is not
// free: the cache needs its own lock for them, not the allocator's (a
// refusal's diagnosis reads other entries and, racing, may name another
// error; it refuses either way).
// Only heads carry state, so a split or a merge touches O(1) entries, and
// the block holding any frame is found by trying its KMAXORDER+1 possible
// heads: that is how a bad free is diagnosed in constant time.
// Blocks are aligned relative to base; a base aligned to the largest block
// makes them aligned in the address space too.
// Locking: none. The caller serializes (kalloc.c holds kmem.lock), but
// for buddycache and buddyuncache as said above.

#include "core/core.h"
#include "alloc/buddy.h"

// Set *ip to the frame index of va; fail unless va starts a frame of b.
static int
frame(struct buddy *b, void *va, uint *ip)
{
  char *p = va;

  if (p < b->base || (p - b->base) / PGSIZE >= b->npages)
    return BE_RANGE;
  if ((p - b->base) % PGSIZE != 0)
    return BE_RANGE;
  *ip = (p - b->base) / PGSIZE;
  return 0;
}

// Make frame i the head of a free block of the given order.
static void
push(struct buddy *b, uint i, int order)
{
  struct pageinfo *pi = &b->meta[i];

  pi->state = PG_FREE;
  pi->order = order;
  pi->prev = NULL;
  pi->next = b->free[order];
  if (pi->next != NULL)
    pi->next->prev = pi;
  b->free[order] = pi;
}

// Take the free block headed by pi off its free list.
static void
unlink(struct buddy *b, struct pageinfo *pi)
{
  if (pi->prev != NULL)
    pi->prev->next = pi->next;
  else
    b->free[pi->order] = pi->next;
  if (pi->next != NULL)
    pi->next->prev = pi->prev;
  pi->next = pi->prev = NULL;
}

// Return the head of the block holding frame i, which must be added.
static uint
headof(struct buddy *b, uint i)
{
  struct pageinfo *pi;
  uint h;
  int k;

  for (k = 0; k <= KMAXORDER; k++) {
    h = i & ~((1u << k) - 1);
    pi = &b->meta[h];
    if ((pi->state == PG_FREE || pi->state == PG_USED ||
         pi->state == PG_CACHED) && h + (1u << pi->order) > i)
      return h;
  }
  return i;
}

// Say why frame i, which is not an allocated block of this order, cannot
// be freed with that order.
static int
diagnose(struct buddy *b, uint i, int order)
{
  if (b->meta[i].state == PG_RESERVED)
    return BE_RANGE;
  if (b->meta[headof(b, i)].state == PG_FREE ||
      b->meta[headof(b, i)].state == PG_CACHED)
    return BE_FREE;
  if (i & ((1u << order) - 1))
    return BE_ALIGN;
  return BE_ORDER;
}

// Start managing npages frames from base, all reserved; meta holds
// npages entries. Hand frames over with buddyadd.
void
buddyinit(struct buddy *b, char *base, uint npages, struct pageinfo *meta)
{
  memset(b, 0, sizeof(*b));
  memset(meta, 0, npages * sizeof(*meta));
  b->base = base;
  b->npages = npages;
  b->meta = meta;
}

// Give the reserved frames in [start, end) to the allocator; returns 0,
// or BE_RANGE or BE_FREE (a frame already given) and changes nothing.
int
buddyadd(struct buddy *b, char *start, char *end)
{
  uint i, lo, hi;
  int err;

  if (start == end)
    return 0;
  if (end < start || (end - start) % PGSIZE != 0)
    return BE_RANGE;
  if ((err = frame(b, start, &lo)) != 0 ||
      (err = frame(b, end - PGSIZE, &hi)) != 0)
    return err;
  for (i = lo; i <= hi; i++)
    if (b->meta[i].state != PG_RESERVED)
      return BE_FREE;
  // Free frame by frame; merging builds the largest blocks that fit.
  for (i = lo; i <= hi; i++) {
    b->meta[i].state = PG_USED;
    b->meta[i].order = 0;
    buddyfree(b, b->base + i * PGSIZE, 0);
  }
  return 0;
}

// Allocate a block of 2^order frames; NULL if none is free.
void *
buddyalloc(struct buddy *b, int order)
{
  struct pageinfo *pi;
  uint i;
  int k;

  if (order < 0 || order > KMAXORDER)
    return NULL;
  for (k = order; k <= KMAXORDER && b->free[k] == NULL; k++)
    ;
  if (k > KMAXORDER)
    return NULL;
  pi = b->free[k];
  unlink(b, pi);
  i = pi - b->meta;
  while (k > order) {
    k--;
    push(b, i + (1u << k), k);
  }
  pi->state = PG_USED;
  pi->order = order;
  b->nfree -= 1u << order;
  return b->base + i * PGSIZE;
}

// Free the block at va allocated with this order, merging it with free
// buddies; returns 0, or a BE_ error and changes nothing.
int
buddyfree(struct buddy *b, void *va, int order)
{
  uint i, j;
  int err;

  if ((err = frame(b, va, &i)) != 0)
    return err;
  if (order < 0 || order > KMAXORDER)
    return BE_ORDER;
  if (b->meta[i].state != PG_USED || b->meta[i].order != order)
    return diagnose(b, i, order);
  b->nfree += 1u << order;
  for (; order < KMAXORDER; order++) {
    j = i ^ (1u << order);
    if (j >= b->npages || b->meta[j].state != PG_FREE ||
        b->meta[j].order != order)
      break;
    unlink(b, &b->meta[j]);
    b->meta[j > i ? j : i].state = PG_TAIL;
    if (j < i)
      i = j;
  }
  push(b, i, order);
  return 0;
}

// Hand the single allocated page at va to a cache of free pages (make it
// PG_CACHED); returns 0, or the BE_ error buddyfree(va, 0) would give and
// changes nothing.
int
buddycache(struct buddy *b, void *va)
{
  uint i;
  int err;

  if ((err = frame(b, va, &i)) != 0)
    return err;
  if (b->meta[i].state != PG_USED || b->meta[i].order != 0)
    return diagnose(b, i, 0);
  b->meta[i].state = PG_CACHED;
  return 0;
}

// Take the cached page at va, which buddycache accepted, out of its cache:
// allocated again (PG_USED), to be handed out or given to buddyfree.
void
buddyuncache(struct buddy *b, void *va)
{
  b->meta[((char *)va - b->base) / PGSIZE].state = PG_USED;
}

// Return a short description of a BE_ error, for panic messages.
const char *
buddyerr(int err)
{
  switch (err) {
  case BE_RANGE:
    return "not a page of the range";
  case BE_ALIGN:
    return "address not aligned for the order";
  case BE_FREE:
    return "double free";
  case BE_ORDER:
    return "wrong order or inside a block";
  }
  return "no error";
}

// Check that the blocks from frame 0 tile the added frames, count the
// free pages into *nfree and the cached ones into *ncached; -1 on a
// malformed block.
static int
walkblocks(struct buddy *b, uint *nfree, uint *ncached)
{
  struct pageinfo *pi;
  uint i, j, n;

  *nfree = *ncached = 0;
  for (i = 0; i < b->npages; i += n) {
    pi = &b->meta[i];
    n = 1;
    if (pi->state == PG_RESERVED)
      continue;
    if (pi->state == PG_TAIL || pi->order > KMAXORDER ||
        (pi->state == PG_CACHED && pi->order != 0))
      return -1;
    n = 1u << pi->order;
    if ((i & (n - 1)) != 0 || i + n > b->npages)
      return -1;
    for (j = i + 1; j < i + n; j++)
      if (b->meta[j].state != PG_TAIL)
        return -1;
    if (pi->state == PG_FREE)
      *nfree += n;
    if (pi->state == PG_CACHED)
      (*ncached)++;
  }
  return 0;
}

// Check the free lists against the block states and *nfree; -1 if not.
static int
walklists(struct buddy *b, uint nfree)
{
  struct pageinfo *pi, *prev;
  uint i, j, seen;
  int k;

  seen = 0;
  for (k = 0; k <= KMAXORDER; k++) {
    prev = NULL;
    for (pi = b->free[k]; pi != NULL; prev = pi, pi = pi->next) {
      i = pi - b->meta;
      j = i ^ (1u << k);
      if (pi->state != PG_FREE || pi->order != k || pi->prev != prev)
        return -1;
      if (k < KMAXORDER && j < b->npages &&
          b->meta[j].state == PG_FREE && b->meta[j].order == k)
        return -1;
      seen += 1u << k;
      if (seen > nfree)
        return -1;
    }
  }
  return seen == nfree && nfree == b->nfree ? 0 : -1;
}

// Check every invariant in the theory statement, the caches holding
// ncached pages; 0 if all hold, else -1. Takes time linear in npages:
// for tests and debugging.
int
buddycheck(struct buddy *b, uint ncached)
{
  uint nfree, n;

  if (walkblocks(b, &nfree, &n) < 0 || n != ncached)
    return -1;
  return walklists(b, nfree);
}
