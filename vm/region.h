// The regions of one address space's mmap window, kept in an address-
// ordered balanced tree (vm/region.c) that answers gap queries.
#ifndef MODX6_REGION_H
#define MODX6_REGION_H

#include "types.h"

// A mapped range [start, end) of user addresses, page aligned. The caller
// allocates and frees regions; while one is in a tree, start and end must
// not change (to resize it, remove it, edit it and insert it again).
struct region {
  uint start;              // first address
  uint end;                // one past the last address
  int prot;                // the kernel's: protection bits
  int flags;               // the kernel's: mapping flags
  void *priv;              // the kernel's: whatever backs the range
  uint pgoff;              // page of priv at start (rtsplit, rtadvance)

  // Private to vm/region.c.
  struct region *left;     // children and parent in the tree
  struct region *right;
  struct region *parent;
  int height;              // of the subtree; a leaf is 1
  uint lo;                 // lowest start in the subtree
  uint hi;                 // highest end in the subtree
  uint gap;                // largest hole between regions of the subtree
};

// The regions of one address space; they all lie in the window [lo, hi).
struct rtree {
  struct region *root;
  uint lo;
  uint hi;
  int count;               // regions in the tree
};

// rtinit: make t an empty tree over the window [lo, hi). lo and hi must
// be page aligned with 0 < lo < hi (0 is the gap queries' failure value).
void           rtinit(struct rtree *t, uint lo, uint hi);

// rtinsert: add r to t. Returns 0, or -1 and leaves t unchanged when r is
// empty, not page aligned, not inside the window or overlaps a region of
// t. Regions may touch: [a, b) and [b, c) are both allowed.
int            rtinsert(struct rtree *t, struct region *r);

// rtremove: take r, which must be in t, out of t. Other regions of t
// keep their places, so a walk may hold the rtnext of r across the call.
void           rtremove(struct rtree *t, struct region *r);

// rtlookup: the region of t that contains va, or NULL.
struct region* rtlookup(struct rtree *t, uint va);

// rtceil: the lowest region of t whose end is above va (the one holding
// va, else the next one up), or NULL. With rtnext it walks the regions
// meeting a range: for(r = rtceil(t, a); r && r->start < b; r = rtnext(r)).
struct region* rtceil(struct rtree *t, uint va);

// rtfirst: the lowest region of t, or NULL if t is empty.
struct region* rtfirst(struct rtree *t);

// rtnext: the region after r in address order, or NULL if r is the last.
struct region* rtnext(struct region *r);

// rtisfree: 1 if len > 0 and [start, start+len) lies inside the window
// and meets no region of t; else 0.
int            rtisfree(struct rtree *t, uint start, uint len);

// Gap queries, the ground placement policies stand on (vm/place.c). A
// fit for len bytes is a start address s, page aligned, with [s, s+len)
// free and inside the window. rtlowfit: the lowest fit, or 0 (also for
// len 0). rtaround: *below, the highest fit at or below h, and *above, the
// lowest fit above h, each 0 if none; h must be page aligned, inside the
// window, and not itself a fit. Both O(log n).
uint           rtlowfit(struct rtree *t, uint len);
void           rtaround(struct rtree *t, uint h, uint len, uint *below,
                        uint *above);

// Splitting a record, for munmap's cuts and mprotect's splits; r must
// not be in a tree while it changes. rtsplit: copy r into s, then r keeps
// [start, va) and s takes [va, end), its pgoff advanced by the pages
// before va; start < va < end, page aligned. The caller gives s its own
// reference to whatever priv is. rtadvance: r loses [start, va) and its
// pgoff moves up with its start; start < va < end.
void           rtsplit(struct region *r, uint va, struct region *s);
void           rtadvance(struct region *r, uint va);

#endif
