// User kernel-heap tokens: what sys_kmalloc hands out instead of kernel
// addresses, so none reaches user space and kmfree checks any value in O(1).
//
// A token is (gen << TOKSHIFT) | slot, never 0. Each process has its own
// table of slots, from TOKMIN slots grown by doubling: a kmalloc block
// while it fits in one (most processes hold a few tokens, if any), pages
// straight from the page allocator beyond KMALLOC_MAX. Freeing a slot bumps
// its generation, so a stale token no longer matches; a slot whose
// generation is used up is retired for the rest of the process's life
// rather than wrapped, so a freed token can never name a block again.
// Free slots are reused last-in first-out (the hot slot stays in cache),
// which is exactly the pattern that would wrap a generation soonest.
// A process can therefore be issued 2^32 - 2^TOKSHIFT tokens in its life;
// after that kmalloc from it fails.
#include "core/core.h"
#include "core/kmalloc.h"
#include "core/kmtok.h"
#include "alloc/kalloc.h"

#define TOKSHIFT 17                          // slot bits
#define TOKSLOTS (1u << TOKSHIFT)            // slot indices a token can name
#define GENMAX   ((1u << (32 - TOKSHIFT)) - 1)
#define TOKMIN   16                          // slots of a first table

static uint tokpages;   // pages of the tables beyond KMALLOC_MAX, for kmstat

struct kmtok {
  void *ptr;       // the kernel block, NULL when the slot is free
  uint gen;        // 1..GENMAX, the generation of the current token
  uint next;       // while free: 1 + the next free slot, 0 at the end
  uint pad;        // a power-of-two size, so a page holds whole slots
};

// The least page order holding a table of n slots.
static int
pageorder(uint n)
{
  int order = 0;

  while((PGSIZE << order) < n * sizeof(struct kmtok))
    order++;
  return order;
}

// A table of n slots: a kmalloc block while one holds it, else pages.
// NULL when out of memory, counted as a failed kmalloc either way.
static struct kmtok*
newtable(uint n)
{
  struct kmtok *t;
  int order;

  if(n * sizeof(struct kmtok) <= KMALLOC_MAX)
    return kmalloc(n * sizeof(struct kmtok));
  order = pageorder(n);
  if((t = kallocpages(order)) == NULL){
    kmrefused();
    return NULL;
  }
  __sync_fetch_and_add(&tokpages, 1u << order);
  return t;
}

// Free t, a table of n slots from newtable.
static void
freetable(struct kmtok *t, uint n)
{
  int order;

  if(n * sizeof(struct kmtok) <= KMALLOC_MAX){
    kmfree(t);
    return;
  }
  order = pageorder(n);
  __sync_fetch_and_sub(&tokpages, 1u << order);
  kfreepages(t, order);
}

// Double k's table (or make its first): 0, or -1, counted as a failed
// kmalloc, when out of memory or the table already covers every slot a
// token can name.
static int
growtable(struct kmtoks *k)
{
  uint cap = k->t ? 2 * k->cap : TOKMIN;
  struct kmtok *t;

  if(cap > TOKSLOTS){
    kmrefused();
    return -1;
  }
  if((t = newtable(cap)) == NULL)
    return -1;
  if(k->t){
    memmove(t, k->t, k->used * sizeof(*t));
    freetable(k->t, k->cap);
  }
  k->t = t;
  k->cap = cap;
  return 0;
}

// Take a free slot, or a fresh one: its index, or -1, counted as a failed
// kmalloc, if k holds KMTOKMAX or cannot grow. The slot's ptr is NULL
// until the caller sets it.
static int
takeslot(struct kmtoks *k)
{
  int i;

  if(k->live >= KMTOKMAX){
    kmrefused();
    return -1;
  }
  if(k->free){
    i = k->free - 1;
    k->free = k->t[i].next;
  } else {
    if(k->used == k->cap && growtable(k) < 0)
      return -1;
    i = k->used++;
    k->t[i].gen = 1;
  }
  k->t[i].ptr = NULL;
  k->live++;
  return i;
}

// Give slot i back: its generation moves on, or, used up, the slot retires.
static void
giveslot(struct kmtoks *k, uint i)
{
  struct kmtok *s = &k->t[i];

  s->ptr = NULL;
  k->live--;
  if(s->gen == GENMAX)
    return;
  s->gen++;
  s->next = k->free;
  k->free = i + 1;
}

// A token for a fresh n-byte block, or 0; see kmtok.h.
uint
kmtoknew(struct kmtoks *k, uint n)
{
  int i;
  void *ptr;

  // A size kmalloc refuses must not grow the table first.
  if(n == 0 || n > KMALLOC_MAX){
    kmrefused();
    return 0;
  }
  if((i = takeslot(k)) < 0)
    return 0;
  if((ptr = kmalloc(n)) == NULL){
    giveslot(k, i);
    return 0;
  }
  k->t[i].ptr = ptr;
  return (k->t[i].gen << TOKSHIFT) | i;
}

// Free the block token names: 0, or -1 if it names none of k's.
int
kmtokdel(struct kmtoks *k, uint token)
{
  uint i = token & (TOKSLOTS - 1);
  void *ptr;

  if(i >= k->used || k->t[i].ptr == NULL || k->t[i].gen != token >> TOKSHIFT)
    return -1;
  ptr = k->t[i].ptr;
  giveslot(k, i);
  kmfree(ptr);
  return 0;
}

// Free every block k holds and the table; k is empty again.
void
kmtokclear(struct kmtoks *k)
{
  uint i;

  for(i = 0; i < k->used; i++)
    if(k->t[i].ptr)
      kmfree(k->t[i].ptr);
  if(k->t)
    freetable(k->t, k->cap);
  memset(k, 0, sizeof(*k));
}

// Pages held by the tables too big for kmalloc.
uint
kmtokpages(void)
{
  return tokpages;
}
