// mmap placement policies (vm/place.c): where a new mapping goes in a
// process's window. vm/mmap.c picks one at build time (PLACEMENT).
#ifndef MODX6_PLACE_H
#define MODX6_PLACE_H

#include "vm/region.h"

// A policy. place returns a start address for a new mapping of len bytes
// in t's window, or 0 if len is 0, not a multiple of PGSIZE, or no free
// range holds it. Let h be hint rounded up to a page (a hint that wraps
// past 0xffffffff counts as no hint): if hint is not 0 and [h, h+len) is
// free, every policy answers h. O(log n); no locks, no allocation.
struct placement {
  const char *name;
  uint (*place)(struct rtree *t, uint hint, uint len);
};

// firstfit: else the lowest free start in the window.
// nearest: else, with h inside the window, the free start closest to h,
// the lower one on a tie; with no hint or h outside it, as firstfit.
extern const struct placement place_firstfit;
extern const struct placement place_nearest;

#endif
