// User memory allocator: a circular free list ordered by address, grown
// with sbrk, with neighbouring free blocks merged on free (K&R style).
#include "types.h"
#include "user.h"

#define WEAK __attribute__((weak))

// Header in front of every block, free or allocated; sizes count headers.
union header {
  struct {
    union header *next;  // next free block by address (free blocks only)
    uint units;          // size of the block, header included
  } h;
  long long align;       // keep blocks 8-byte aligned
};

typedef union header Header;

#define MINGROW 1024                          // fewest units to ask sbrk for
#define MAXUNITS (0x7fffffffU / sizeof(Header)) // sbrk takes an int

static Header base;   // zero-sized block that anchors the empty list
static Header *freep; // where the next search starts; NULL until first use

// Return the free block after which b belongs in the address-ordered list.
static Header *
before(Header *b)
{
  Header *p;

  for(p = freep; !(b > p && b < p->h.next); p = p->h.next)
    // At the list's wrap-around point b may lie past the last block
    // or before the first.
    if(p >= p->h.next && (b > p || b < p->h.next))
      break;
  return p;
}

// Return the block at ap (from malloc) to the free list, merging it with
// the free blocks on either side when they touch; NULL is ignored.
WEAK void
free(void *ap)
{
  Header *b, *p;

  if(ap == NULL)
    return;
  b = (Header *)ap - 1;
  p = before(b);
  if(b + b->h.units == p->h.next){
    b->h.units += p->h.next->h.units;
    b->h.next = p->h.next->h.next;
  } else
    b->h.next = p->h.next;
  if(p + p->h.units == b){
    p->h.units += b->h.units;
    p->h.next = b->h.next;
  } else
    p->h.next = b;
  freep = p;
}

// Add at least nu units from sbrk to the free list; return the list
// position to search from, or NULL when memory is exhausted.
static Header *
grow(uint nu)
{
  char *m;
  Header *b;

  if(nu < MINGROW)
    nu = MINGROW;
  m = sbrk(nu * sizeof(Header));
  if(m == (char *)-1)
    return NULL;
  b = (Header *)m;
  b->h.units = nu;
  free(b + 1);
  return freep;
}

// Take nu units out of free block p, whose predecessor is prev; return
// the carved block.
static Header *
carve(Header *prev, Header *p, uint nu)
{
  if(p->h.units == nu)
    prev->h.next = p->h.next;
  else {
    // Hand out the tail so the free block keeps its place in the list.
    p->h.units -= nu;
    p += p->h.units;
    p->h.units = nu;
  }
  freep = prev;
  return p;
}

// Return a pointer to n bytes of uninitialised memory, or NULL if there
// is not enough.
WEAK void *
malloc(uint n)
{
  Header *prev, *p;
  uint nu;

  if(n >= MAXUNITS * sizeof(Header) - sizeof(Header))
    return NULL;
  nu = (n + sizeof(Header) - 1) / sizeof(Header) + 1;
  if(freep == NULL){
    base.h.next = freep = &base;
    base.h.units = 0;
  }
  prev = freep;
  for(p = prev->h.next; ; prev = p, p = p->h.next){
    if(p->h.units >= nu)
      return carve(prev, p, nu) + 1;
    if(p == freep && (p = grow(nu)) == NULL)
      return NULL;
  }
}
