// The page set of a memory object: a two-level radix tree from page index
// to frame with a dirty bit per page. Pure logic: its nodes come from
// psnodealloc, which the kernel and the host test each supply.
//
// The root is an array of PSTOP leaf pointers inside the set itself, a
// leaf an array of PSLEAF entries allocated at the first page put under
// it, so a set holding k pages scattered over n leaves costs n nodes
// (one page each in the kernel) and a lookup is two loads. An entry is
// the frame's address with PSDIRTY in its low bit (frames are page
// aligned). Leaves stay until psclear: an object's pages only leave it
// when the object dies.

#include "types.h"
#include "vm/pageset.h"

#define PSDIRTY 1UL
#define PSFRAME(e) ((void*)((e) & ~PSDIRTY))

// Make s empty.
void
psinit(struct pageset *s)
{
  uint t;

  for(t = 0; t < PSTOP; t++)
    s->leaf[t] = NULL;
  s->count = 0;
}

// The entry slot of page i, or NULL if its leaf is absent.
static unsigned long*
slot(struct pageset *s, uint i)
{
  unsigned long *l;

  if(i >= PSMAX || (l = s->leaf[i / PSLEAF]) == NULL)
    return NULL;
  return &l[i % PSLEAF];
}

// The frame of page i, or NULL.
void*
psget(struct pageset *s, uint i)
{
  unsigned long *e = slot(s, i);

  return e != NULL ? PSFRAME(*e) : NULL;
}

// Make frame page i: 0, or -1 without a node for its leaf.
int
psput(struct pageset *s, uint i, void *frame)
{
  unsigned long **l;

  if(i >= PSMAX)
    return -1;
  l = &s->leaf[i / PSLEAF];
  if(*l == NULL && (*l = psnodealloc()) == NULL)
    return -1;
  (*l)[i % PSLEAF] = (unsigned long)frame;
  s->count++;
  return 0;
}

// Mark present page i dirty.
void
psdirty(struct pageset *s, uint i)
{
  unsigned long *e = slot(s, i);

  if(e != NULL && *e != 0)
    *e |= PSDIRTY;
}

// Clear page i's dirty bit; whether it was set.
int
psclean(struct pageset *s, uint i)
{
  unsigned long *e = slot(s, i);
  int was;

  if(e == NULL)
    return 0;
  was = (*e & PSDIRTY) != 0;
  *e &= ~PSDIRTY;
  return was;
}

// The lowest present (dirty, if asked) page at or above i, or PSNONE.
uint
psnext(struct pageset *s, uint i, int dirty)
{
  unsigned long *l, want = dirty ? PSDIRTY : ~0UL;

  for(; i < PSMAX; i++){
    if((l = s->leaf[i / PSLEAF]) == NULL){
      i = (i / PSLEAF + 1) * PSLEAF - 1;
      continue;
    }
    if(l[i % PSLEAF] & want)
      return i;
  }
  return PSNONE;
}

// Hand every frame to drop and free every node.
void
psclear(struct pageset *s, void (*drop)(void *frame))
{
  uint t, j;
  unsigned long *l;

  for(t = 0; t < PSTOP; t++){
    if((l = s->leaf[t]) == NULL)
      continue;
    for(j = 0; j < PSLEAF; j++)
      if(l[j] != 0)
        drop(PSFRAME(l[j]));
    psnodefree(l);
    s->leaf[t] = NULL;
  }
  s->count = 0;
}
