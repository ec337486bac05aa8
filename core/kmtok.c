// User kernel-heap tokens: what sys_kmalloc hands out instead of kernel
// addresses, so none reaches user space and kmfree checks any value in O(1).
//
// A token is (gen << TOKSHIFT) | slot, never 0. Each process has its own
// table of slots, grown by doubling from one page. Freeing a slot bumps
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

static uint tokpages;   // pages of every table, for kmstat

struct kmtok {
  void *ptr;       // the kernel block, NULL when the slot is free
  uint gen;        // 1..GENMAX, the generation of the current token
  uint next;       // while free: 1 + the next free slot, 0 at the end
  uint pad;        // a power-of-two size, so a page holds whole slots
};

// Slots in a table of 2^order pages.
static uint
slots(uint order)
{
  return (PGSIZE << order) / sizeof(struct kmtok);
}

// Give k's table back to the page allocator.
static void
droptable(struct kmtoks *k)
{
  __sync_fetch_and_sub(&tokpages, 1u << k->order);
  kfreepages(k->t, k->order);
}

// Double k's table (or give it its first page): 0, or -1 when out of
// pages or the table already covers every slot a token can name.
static int
growtable(struct kmtoks *k)
{
  uint order = k->t ? k->order + 1 : 0;
  struct kmtok *t;

  if(slots(order) > TOKSLOTS || (t = kallocpages(order)) == NULL)
    return -1;
  __sync_fetch_and_add(&tokpages, 1u << order);
  if(k->t){
    memmove(t, k->t, k->used * sizeof(*t));
    droptable(k);
  }
  k->t = t;
  k->order = order;
  return 0;
}

// Take a free slot, or a fresh one: its index, or -1 if k holds
// KMTOKMAX or cannot grow. The slot's ptr is NULL until the caller sets it.
static int
takeslot(struct kmtoks *k)
{
  int i;

  if(k->live >= KMTOKMAX)
    return -1;
  if(k->free){
    i = k->free - 1;
    k->free = k->t[i].next;
  } else {
    if((k->t == NULL || k->used == slots(k->order)) && growtable(k) < 0)
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

  if((i = takeslot(k)) < 0){
    kmrefused();
    return 0;
  }
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
    droptable(k);
  memset(k, 0, sizeof(*k));
}

// Pages held by every process's table.
uint
kmtokpages(void)
{
  return tokpages;
}
