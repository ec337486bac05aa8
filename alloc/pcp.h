// Per-CPU page lists (alloc/pcp.c) in front of the buddy allocator:
// alloc/'s own, used only by the page front end (alloc/kalloc.c) and the
// host tests. Everyone else uses alloc/kalloc.h.
#ifndef MODX6_PCP_H
#define MODX6_PCP_H

#include "param.h"
#include "core/spinlock.h"
#include "alloc/buddy.h"

#define PCPBATCH 32               // pages a refill takes, a drain gives back
#define PCPHIGH  (4 * PCPBATCH)   // a list longer than this drains a batch

// One CPU's free single pages, PG_CACHED in the buddy map, linked
// through their pageinfo. Its own lock, so another CPU can drain it.
struct pcplist {
  struct spinlock lock;
  struct pageinfo *head;   // most recently freed first
  struct pageinfo *tail;   // the coldest, drained first
  uint n;
} __attribute__((aligned(64)));   // one cache line each: no false sharing

struct pcp {
  struct spinlock *lock;   // the buddy allocator's lock, taken after a list's
  struct buddy *b;
  struct pcplist cpu[NCPU];
};

void     pcpinit(struct pcp *p, struct buddy *b, struct spinlock *lock);
void*    pcpalloc(struct pcp *p, int order);
int      pcpfree(struct pcp *p, void *va, int order);
uint     pcpheld(struct pcp *p);
int      pcpcheck(struct pcp *p);

#endif
