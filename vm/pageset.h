// The page set of a memory object (vm/vmobj.c): page index -> frame, and
// a dirty bit per page, in a two-level radix tree (vm/pageset.c).
#ifndef MODX6_PAGESET_H
#define MODX6_PAGESET_H

#include "types.h"

#define PSLEAF   1024   // entries of a leaf node
#define PSTOP    256    // leaves under the root: PSMAX pages at most
#define PSMAX    (PSLEAF * PSTOP)   // 1 GiB of 4 KiB pages, the mmap window
#define PSNONE   0xffffffffu        // psnext's "no such page"
#define PSNODESIZE (PSLEAF * sizeof(unsigned long))   // bytes of a leaf

// An entry is a frame's address (page aligned) ORed with PSDIRTY, or 0
// for an absent page; unsigned long is pointer sized on i386 and the host.
struct pageset {
  unsigned long *leaf[PSTOP];   // NULL: no page of that 1,024 present
  uint count;                   // pages present
};

// Supplied by the user of this file (the kernel, the host test): a zeroed
// node of PSNODESIZE bytes or NULL, and freeing one.
void*  psnodealloc(void);
void   psnodefree(void *node);

// psinit: make s empty. Lookups take no lock and allocate nothing; the
// caller serializes every call on one set.
void   psinit(struct pageset *s);
// psget: the frame of page i (< PSMAX), or NULL.
void*  psget(struct pageset *s, uint i);
// psput: make frame (page aligned, not NULL) page i, which must be
// absent: 0, or -1 when no node can be had (s unchanged).
int    psput(struct pageset *s, uint i, void *frame);
// psdirty: mark present page i dirty. psclean: clear page i's dirty bit;
// whether it was set.
void   psdirty(struct pageset *s, uint i);
int    psclean(struct pageset *s, uint i);
// psnext: the lowest present page at or above i (dirty ones only if
// dirty is set), or PSNONE. Skips absent leaves whole.
uint   psnext(struct pageset *s, uint i, int dirty);
// psclear: hand every frame to drop, free every node, leave s empty.
void   psclear(struct pageset *s, void (*drop)(void *frame));

#endif
