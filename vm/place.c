// The two mmap placement policies, firstfit and nearest, on top of the
// region tree's gap queries (vm/region.c). Pure logic, host-tested.
#include "types.h"
#include "mmu.h"
#include "vm/place.h"

// Whether len is a length a policy can place.
static int
placeable(uint len)
{
  return len != 0 && len % PGSIZE == 0;
}

// Firstfit: the hint if free, else the lowest fit.
static uint
firstfit(struct rtree *t, uint hint, uint len)
{
  uint h = PGROUNDUP(hint);

  if(!placeable(len))
    return 0;
  // No hint, or one that wrapped, gives h == 0, below the window: never free.
  if(rtisfree(t, h, len))
    return h;
  return rtlowfit(t, len);
}

// Nearest: the hint if free, else the fit closest to it, the lower on a
// tie; firstfit's answer when the hint is not inside the window.
static uint
nearest(struct rtree *t, uint hint, uint len)
{
  uint h = PGROUNDUP(hint), b, a;

  if(!placeable(len))
    return 0;
  if(rtisfree(t, h, len))
    return h;
  if(h < t->lo || h >= t->hi)
    return rtlowfit(t, len);
  rtaround(t, h, len, &b, &a);
  if(b != 0 && (a == 0 || h - b <= a - h))
    return b;
  return a;
}

const struct placement place_firstfit = {
  .name = "firstfit",
  .place = firstfit,
};

const struct placement place_nearest = {
  .name = "nearest",
  .place = nearest,
};
