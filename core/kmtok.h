// User kernel-heap tokens (core/kmtok.c): each process's table of the
// opaque values that stand for its kmalloc blocks in user space.
#ifndef MODX6_KMTOK_H
#define MODX6_KMTOK_H

#include "types.h"

#define KMTOKMAX 32768   // live tokens one process may hold

struct kmtok;

// A process's tokens; all zero is an empty table. Only the owning
// process reads or writes it (its system calls and its exit), so it
// has no lock.
struct kmtoks {
  struct kmtok *t;   // cap slots (core/kmtok.c says where from), or NULL
  uint cap;          // slots in t, 0 without a table
  uint used;         // slots ever handed out: t[0..used)
  uint free;         // 1 + the first free slot, 0 if none
  uint live;         // slots holding a block
};

// kmtoknew: kmalloc n bytes and return a token for the block, or 0 when
// kmalloc fails or the table cannot take one more (that refusal counts
// as a kmalloc failure). kmtokdel: kmfree the block a token names and
// return 0, or -1 if it names no live block of this table; O(1).
// kmtokclear: kmfree every block and the table itself (exit).
// Process context, no locks held.
uint            kmtoknew(struct kmtoks *k, uint n);
int             kmtokdel(struct kmtoks *k, uint token);
void            kmtokclear(struct kmtoks *k);
// kmtokpages: pages held by the tables too big for a kmalloc block (over
// KMALLOC_MAX), which come straight from the page allocator; smaller
// tables are kmalloc blocks, counted in kmstats. A snapshot; any context.
uint            kmtokpages(void);

#endif
