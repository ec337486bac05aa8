// Host tests for the region tree (vm/region.c) and the placement policies
// (vm/place.c): known layouts for each rule, then long random runs checked
// against a page map.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "memlayout.h"
#include "vm/region.c"
#include "vm/place.c"

// The policies under the names the tests use.
#define PLACE_FIRSTFIT (&place_firstfit)
#define PLACE_NEAREST  (&place_nearest)

#define LO     MMAPBASE
#define HI     KERNBASE
#define NPAGES ((HI - LO) / PGSIZE)            // 262,144 pages in the window
#define PG(i)  (LO + (uint)(i) * PGSIZE)       // address of window page i

// ---- checking a tree from scratch ------------------------------------------

static struct region *order[NPAGES];  // the tree's nodes in order, by check
static int norder;

// Check subtree n, which hangs under p, against the AVL, ordering and
// summary rules, appending its nodes to order[]; return its height. The
// summaries are recomputed from the in-order list, not from the children.
static int
walk(struct rtree *t, struct region *n, struct region *p)
{
  int first, hl, hr, i;
  uint gap = 0;

  if(n == NULL)
    return 0;
  assert_ptr_equal(n->parent, p);
  first = norder;
  hl = walk(t, n->left, n);
  assert_true(n->start < n->end);
  assert_int_equal((n->start | n->end) % PGSIZE, 0);
  assert_true(n->start >= t->lo && n->end <= t->hi);
  if(norder > 0)
    assert_true(order[norder - 1]->end <= n->start);
  order[norder++] = n;
  hr = walk(t, n->right, n);
  assert_true(hl - hr <= 1 && hr - hl <= 1);
  assert_int_equal(n->height, 1 + (hl > hr ? hl : hr));
  assert_int_equal(n->lo, order[first]->start);
  assert_int_equal(n->hi, order[norder - 1]->end);
  for(i = first + 1; i < norder; i++)
    if(order[i]->start - order[i - 1]->end > gap)
      gap = order[i]->start - order[i - 1]->end;
  assert_int_equal(n->gap, gap);
  return 1 + (hl > hr ? hl : hr);
}

// Check every invariant of t, and that rtfirst/rtnext walk it in order;
// return its height. Leaves the regions in order[0..norder).
static int
check(struct rtree *t)
{
  struct region *r;
  int h, i;

  norder = 0;
  h = walk(t, t->root, NULL);
  assert_int_equal(norder, t->count);
  r = rtfirst(t);
  for(i = 0; i < norder; i++){
    assert_ptr_equal(r, order[i]);
    r = rtnext(r);
  }
  assert_null(r);
  return h;
}

// ---- known layouts ---------------------------------------------------------

static struct region nodes[64];

// Make t the window [LO, HI) holding the regions [p[0], p[1]), [p[2], p[3]),
// ... in window pages, as nodes[0..n).
static void
build(struct rtree *t, const uint *p, int n)
{
  int i;

  rtinit(t, LO, HI);
  for(i = 0; i < n; i++){
    memset(&nodes[i], 0, sizeof(nodes[i]));
    nodes[i].start = PG(p[2 * i]);
    nodes[i].end = PG(p[2 * i + 1]);
    nodes[i].prot = i;
    nodes[i].flags = ~i;
    nodes[i].priv = &nodes[i];
    assert_int_equal(rtinsert(t, &nodes[i]), 0);
  }
  check(t);
}

// Try to insert [start, end) as a fresh node; return rtinsert's answer.
static int
tryadd(struct rtree *t, struct region *r, uint start, uint end)
{
  memset(r, 0, sizeof(*r));
  r->start = start;
  r->end = end;
  return rtinsert(t, r);
}

// Holes of 2, 10, 5, 5 and 20 pages, and everything from page 130 up.
static const uint holes[] = {
  0, 10,  12, 20,  30, 40,  45, 60,  60, 70,  75, 100,  120, 130,
};
#define NHOLES 7

// A policy's place in t with a hint and a length both in pages; the answer in pages
// (or -1 for 0, no placement).
static int
place(struct rtree *t, uint hintpg, uint npg, const struct placement *pol)
{
  uint a = pol->place(t, PG(hintpg), npg * PGSIZE);

  return a == 0 ? -1 : (int)((a - LO) / PGSIZE);
}

// An empty tree: nothing to find, the whole window free.
static void
test_empty(void **state)
{
  struct rtree t;

  (void)state;
  rtinit(&t, LO, HI);
  assert_int_equal(check(&t), 0);
  assert_null(rtfirst(&t));
  assert_null(rtlookup(&t, LO));
  assert_null(rtceil(&t, 0));
  assert_true(rtisfree(&t, LO, HI - LO));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, PGSIZE), LO);
  assert_int_equal(PLACE_NEAREST->place(&t, 0, HI - LO), LO);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, HI - LO + PGSIZE), 0);
  assert_int_equal(place(&t, 7, 1, PLACE_NEAREST), 7);
  assert_int_equal(place(&t, 7, NPAGES, PLACE_NEAREST), 0);
  assert_int_equal(place(&t, 7, NPAGES, PLACE_FIRSTFIT), 0);
}

// Overlaps in every configuration and malformed ranges are refused and
// leave the tree as it was; touching neighbours are accepted.
static void
test_insert(void **state)
{
  static const uint bad[][2] = {
    { 10, 20 }, { 5, 11 }, { 19, 25 }, { 5, 25 }, { 12, 15 }, { 10, 11 },
    { 19, 20 },
  };
  struct rtree t;
  struct region r;
  uint i;

  (void)state;
  build(&t, (const uint[]){ 10, 20 }, 1);
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_int_equal(tryadd(&t, &r, PG(bad[i][0]), PG(bad[i][1])), -1);
  assert_int_equal(tryadd(&t, &r, PG(30), PG(30)), -1);
  assert_int_equal(tryadd(&t, &r, PG(31), PG(30)), -1);
  assert_int_equal(tryadd(&t, &r, PG(30) + 1, PG(31)), -1);
  assert_int_equal(tryadd(&t, &r, PG(30), PG(31) - 1), -1);
  assert_int_equal(tryadd(&t, &r, LO - PGSIZE, LO + PGSIZE), -1);
  assert_int_equal(tryadd(&t, &r, HI - PGSIZE, HI + PGSIZE), -1);
  assert_int_equal(tryadd(&t, &r, HI, HI + PGSIZE), -1);
  assert_int_equal(t.count, 1);
  check(&t);
  assert_int_equal(tryadd(&t, &nodes[1], PG(5), PG(10)), 0);
  assert_int_equal(tryadd(&t, &nodes[2], PG(20), PG(25)), 0);
  assert_int_equal(tryadd(&t, &nodes[3], LO, PG(1)), 0);
  assert_int_equal(tryadd(&t, &nodes[4], HI - PGSIZE, HI), 0);
  assert_int_equal(t.count, 5);
  assert_int_equal(check(&t), 3);
}

// rtlookup finds the region holding an address, up to its last byte.
static void
test_lookup(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, holes, NHOLES);
  assert_ptr_equal(rtlookup(&t, PG(0)), &nodes[0]);
  assert_ptr_equal(rtlookup(&t, PG(10) - 1), &nodes[0]);
  assert_null(rtlookup(&t, PG(10)));
  assert_null(rtlookup(&t, PG(11) + 17));
  assert_ptr_equal(rtlookup(&t, PG(12)), &nodes[1]);
  assert_ptr_equal(rtlookup(&t, PG(60) - 1), &nodes[3]);
  assert_ptr_equal(rtlookup(&t, PG(60)), &nodes[4]);
  assert_ptr_equal(rtlookup(&t, PG(129) + 4095), &nodes[6]);
  assert_null(rtlookup(&t, PG(130)));
  assert_null(rtlookup(&t, LO - 1));
  assert_null(rtlookup(&t, 0));
  assert_null(rtlookup(&t, HI));
  assert_null(rtlookup(&t, 0xffffffff));
}

// rtfirst and rtnext walk in address order; rtceil starts a range walk.
static void
test_walk(void **state)
{
  struct rtree t;
  struct region *r;
  int i;

  (void)state;
  build(&t, holes, NHOLES);
  for(i = 0, r = rtfirst(&t); r != NULL; i++, r = rtnext(r))
    assert_ptr_equal(r, &nodes[i]);
  assert_int_equal(i, NHOLES);
  assert_ptr_equal(rtceil(&t, 0), &nodes[0]);
  assert_ptr_equal(rtceil(&t, LO - 1), &nodes[0]);
  assert_ptr_equal(rtceil(&t, PG(10) - 1), &nodes[0]);
  assert_ptr_equal(rtceil(&t, PG(10)), &nodes[1]);
  assert_ptr_equal(rtceil(&t, PG(11) + 5), &nodes[1]);
  assert_ptr_equal(rtceil(&t, PG(59) + 1), &nodes[3]);
  assert_ptr_equal(rtceil(&t, PG(60)), &nodes[4]);
  assert_ptr_equal(rtceil(&t, PG(129)), &nodes[6]);
  assert_null(rtceil(&t, PG(130)));
  assert_null(rtceil(&t, 0xffffffff));
}

// Removing any one region of trees of 1..12 leaves the others findable,
// with the fields that belong to the kernel untouched.
static void
test_remove(void **state)
{
  uint p[24];
  struct rtree t;
  int n, k, i;

  (void)state;
  for(i = 0; i < 12; i++){
    p[2 * i] = 3 * i;
    p[2 * i + 1] = 3 * i + 2;
  }
  for(n = 1; n <= 12; n++){
    for(k = 0; k < n; k++){
      build(&t, p, n);
      rtremove(&t, &nodes[k]);
      check(&t);
      assert_int_equal(t.count, n - 1);
      for(i = 0; i < n; i++){
        assert_ptr_equal(rtlookup(&t, PG(p[2 * i])), i == k ? NULL : &nodes[i]);
        assert_int_equal(nodes[i].prot, i);
        assert_int_equal(nodes[i].flags, ~i);
        assert_ptr_equal(nodes[i].priv, &nodes[i]);
      }
      assert_int_equal(rtinsert(&t, &nodes[k]), 0);
      check(&t);
    }
  }
}

// A walk may take each region out as it goes, holding its successor.
static void
test_remove_walk(void **state)
{
  struct rtree t;
  struct region *r, *next;
  int i = 0;

  (void)state;
  build(&t, holes, NHOLES);
  for(r = rtceil(&t, PG(13)); r != NULL && r->start < PG(101); r = next){
    next = rtnext(r);
    rtremove(&t, r);
    check(&t);
    i++;
  }
  assert_int_equal(i, 5);
  assert_int_equal(t.count, 2);
  assert_ptr_equal(rtfirst(&t), &nodes[0]);
  assert_ptr_equal(rtnext(&nodes[0]), &nodes[6]);
}

// rtisfree: the whole range, inside the window, touching no region.
static void
test_isfree(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, holes, NHOLES);
  assert_true(rtisfree(&t, PG(10), 2 * PGSIZE));
  assert_false(rtisfree(&t, PG(10), 3 * PGSIZE));
  assert_false(rtisfree(&t, PG(9), 2 * PGSIZE));
  assert_false(rtisfree(&t, PG(10) - 1, PGSIZE));
  assert_true(rtisfree(&t, PG(10) + 1, PGSIZE));
  assert_false(rtisfree(&t, PG(10), 0));
  assert_false(rtisfree(&t, PG(35), PGSIZE));
  assert_false(rtisfree(&t, PG(5), 100 * PGSIZE));
  assert_true(rtisfree(&t, PG(130), HI - PG(130)));
  assert_false(rtisfree(&t, PG(130), HI - PG(130) + 1));
  assert_false(rtisfree(&t, LO - PGSIZE, PGSIZE));
  assert_false(rtisfree(&t, HI, PGSIZE));
  assert_false(rtisfree(&t, HI - PGSIZE, 0xfffff000));
  assert_false(rtisfree(&t, 0x1000, 0xfffff000));
}

// Lengths that are 0, not page multiples or too big get no placement.
static void
test_place_args(void **state)
{
  struct rtree t;

  (void)state;
  rtinit(&t, LO, HI);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, 0), 0);
  assert_int_equal(PLACE_NEAREST->place(&t, PG(5), 0), 0);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, 1), 0);
  assert_int_equal(PLACE_NEAREST->place(&t, 0, PGSIZE + 1), 0);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, 0xfffff000), 0);
  assert_int_equal(PLACE_NEAREST->place(&t, PG(5), 0xfffff000), 0);
}

// FIRSTFIT: the hint if free, else the lowest hole that fits.
static void
test_firstfit(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, holes, NHOLES);
  assert_int_equal(place(&t, 20, 10, PLACE_FIRSTFIT), 20);
  assert_int_equal(place(&t, 20, 11, PLACE_FIRSTFIT), 100);
  assert_int_equal(place(&t, 200, 5, PLACE_FIRSTFIT), 200);
  assert_int_equal(place(&t, 5, 1, PLACE_FIRSTFIT), 10);
  assert_int_equal(place(&t, 50, 3, PLACE_FIRSTFIT), 20);
  assert_int_equal(place(&t, 50, 11, PLACE_FIRSTFIT), 100);
  assert_int_equal(place(&t, 50, 21, PLACE_FIRSTFIT), 130);
  assert_int_equal(place(&t, 0, 1, PLACE_FIRSTFIT), 10);
  assert_int_equal(place(&t, NPAGES - 3, 3, PLACE_FIRSTFIT), NPAGES - 3);
  assert_int_equal(place(&t, NPAGES - 2, 3, PLACE_FIRSTFIT), 20);
  assert_int_equal(place(&t, 0, NPAGES - 130, PLACE_FIRSTFIT), 130);
  assert_int_equal(place(&t, 0, NPAGES - 129, PLACE_FIRSTFIT), -1);
  // An unaligned hint counts from the next page boundary.
  assert_int_equal(PLACE_FIRSTFIT->place(&t, PG(19) + 1, 10 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, PG(20) + 1, 9 * PGSIZE),
                   PG(21));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, PG(20) + 1, 10 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0, 3 * PGSIZE), PG(20));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, LO - PGSIZE, PGSIZE), PG(10));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, HI - 1, PGSIZE), PG(10));
  assert_int_equal(PLACE_FIRSTFIT->place(&t, HI, PGSIZE), PG(10));
  // A hole at the bottom of the window counts.
  build(&t, (const uint[]){ 4, 9 }, 1);
  assert_int_equal(place(&t, 5, 4, PLACE_FIRSTFIT), 0);
  assert_int_equal(place(&t, 5, 5, PLACE_FIRSTFIT), 9);
}

// NEAREST around holes of several sizes on both sides of the hint.
static void
test_nearest(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, holes, NHOLES);
  assert_int_equal(place(&t, 50, 1, PLACE_NEAREST), 44);
  assert_int_equal(place(&t, 65, 1, PLACE_NEAREST), 70);
  assert_int_equal(place(&t, 65, 6, PLACE_NEAREST), 100);
  assert_int_equal(place(&t, 50, 6, PLACE_NEAREST), 24);
  assert_int_equal(place(&t, 50, 11, PLACE_NEAREST), 100);
  assert_int_equal(place(&t, 50, 21, PLACE_NEAREST), 130);
  assert_int_equal(place(&t, 125, 20, PLACE_NEAREST), 130);
  assert_int_equal(place(&t, 125, 19, PLACE_NEAREST), 130);
  assert_int_equal(place(&t, 5, 2, PLACE_NEAREST), 10);
  // A free hint wins; a hole too short after the hint slides down.
  assert_int_equal(place(&t, 42, 3, PLACE_NEAREST), 42);
  assert_int_equal(place(&t, 42, 4, PLACE_NEAREST), 41);
  assert_int_equal(place(&t, 22, 10, PLACE_NEAREST), 20);
  assert_int_equal(place(&t, 11, 2, PLACE_NEAREST), 10);
  assert_int_equal(place(&t, NPAGES - 1, 2, PLACE_NEAREST), NPAGES - 2);
  assert_int_equal(place(&t, 300, NPAGES - 129, PLACE_NEAREST), -1);
  assert_int_equal(place(&t, 300, NPAGES - 130, PLACE_NEAREST), 130);
  // The holes at both ends of the window count.
  build(&t, (const uint[]){ 5, 20 }, 1);
  assert_int_equal(place(&t, 12, 5, PLACE_NEAREST), 20);
  assert_int_equal(place(&t, 8, 5, PLACE_NEAREST), 0);
  build(&t, (const uint[]){ NPAGES - 20, NPAGES - 5 }, 1);
  assert_int_equal(place(&t, NPAGES - 10, 5, PLACE_NEAREST), NPAGES - 5);
  assert_int_equal(place(&t, NPAGES - 10, 6, PLACE_NEAREST), NPAGES - 26);
}

// NEAREST ties go to the lower address.
static void
test_nearest_ties(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, (const uint[]){ 0, 100, 110, 130, 140, 150 }, 3);
  assert_int_equal(place(&t, 115, 10, PLACE_NEAREST), 100);
  assert_int_equal(place(&t, 116, 10, PLACE_NEAREST), 130);
  assert_int_equal(place(&t, 114, 10, PLACE_NEAREST), 100);
  assert_int_equal(PLACE_NEAREST->place(&t, PG(114) + 1, 10 * PGSIZE),
                   PG(100));
  assert_int_equal(place(&t, 119, 1, PLACE_NEAREST), 109);
  assert_int_equal(place(&t, 120, 1, PLACE_NEAREST), 130);
  build(&t, (const uint[]){ 5, 20 }, 1);
  assert_int_equal(place(&t, 10, 5, PLACE_NEAREST), 0);
}

// NEAREST without a usable hint is FIRSTFIT: with no hint, a hint below
// or above the window, or one that wraps when rounded up.
static void
test_nearest_fallback(void **state)
{
  struct rtree t;

  (void)state;
  build(&t, holes, NHOLES);
  assert_int_equal(PLACE_NEAREST->place(&t, 0, 3 * PGSIZE), PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, LO - PGSIZE, 3 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, HI, 3 * PGSIZE), PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, HI - 1, 3 * PGSIZE), PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, HI + 5 * PGSIZE, 3 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffffffff, 3 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, 0xfffff001, 3 * PGSIZE),
                   PG(20));
  assert_int_equal(PLACE_NEAREST->place(&t, HI - PGSIZE, 3 * PGSIZE),
                   HI - 3 * PGSIZE);
}

// A window at the very top of the address space: sums that would pass
// 0xffffffff must not wrap into false answers.
static void
test_overflow(void **state)
{
  struct rtree t;
  struct region r;

  (void)state;
  rtinit(&t, 0xffff0000, 0xfffff000);
  assert_true(rtisfree(&t, 0xffffe000, 0x1000));
  assert_false(rtisfree(&t, 0xffffe000, 0x2000));
  assert_false(rtisfree(&t, 0xffffe000, 0xffffffff));
  assert_false(rtisfree(&t, 0xfffff000, 0x1000));
  assert_int_equal(PLACE_NEAREST->place(&t, 0xfffff001, PGSIZE), 0xffff0000);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0xffffffff, PGSIZE), 0xffff0000);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffffe001, PGSIZE), 0xffff0000);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffffe000, 0x2000), 0xffffd000);
  assert_int_equal(PLACE_FIRSTFIT->place(&t, 0xffffe000, 0x2000), 0xffff0000);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffff0000, 0xf000), 0xffff0000);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffff0000, 0x10000), 0);
  assert_int_equal(tryadd(&t, &r, 0xffffe000, 0xfffff000), 0);
  assert_int_equal(tryadd(&t, &nodes[0], 0xfffff000, 0), -1);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xffffe000, PGSIZE), 0xffffd000);
  assert_int_equal(PLACE_NEAREST->place(&t, 0xfffff000, PGSIZE), 0xffff0000);
  check(&t);
  // In the usual window, a hint whose range would wrap is not free.
  rtinit(&t, LO, HI);
  assert_int_equal(PLACE_NEAREST->place(&t, 0x7ffff000, 0x80001000), 0);
  assert_int_equal(PLACE_NEAREST->place(&t, 0x7ffff000, 0x2000), HI - 0x2000);
}

// Fill perm with 0..n-1 in a random (but fixed) order.
static void
shuffle(int *perm, int n)
{
  int i, j, k;

  srand(1);
  for(i = 0; i < n; i++)
    perm[i] = i;
  for(i = n - 1; i > 0; i--){
    j = rand() % (i + 1);
    k = perm[i];
    perm[i] = perm[j];
    perm[j] = k;
  }
}

// 65,536 one-page regions, inserted in ascending order (the worst case
// for an unbalanced tree) and removed in a shuffled order.
static void
test_many(void **state)
{
  enum { N = 65536 };
  struct region *r = calloc(N, sizeof(*r));
  int *perm = malloc(N * sizeof(*perm));
  struct rtree t;
  int i;

  (void)state;
  assert_non_null(r);
  assert_non_null(perm);
  rtinit(&t, LO, HI);
  for(i = 0; i < N; i++){
    r[i].start = PG(2 * i);
    r[i].end = PG(2 * i + 1);
    assert_int_equal(rtinsert(&t, &r[i]), 0);
  }
  // An AVL tree of 65,536 nodes is at most 22 levels deep.
  assert_true(check(&t) <= 22);
  for(i = 0; i < N; i++){
    assert_ptr_equal(rtlookup(&t, PG(2 * i) + 4095), &r[i]);
    assert_null(rtlookup(&t, PG(2 * i + 1)));
  }
  assert_int_equal(place(&t, 0, 1, PLACE_FIRSTFIT), 1);
  assert_int_equal(place(&t, 0, 2, PLACE_FIRSTFIT), 2 * N - 1);
  assert_int_equal(place(&t, 2002, 1, PLACE_NEAREST), 2001);
  assert_int_equal(place(&t, 2002, 2, PLACE_NEAREST), 2 * N - 1);
  shuffle(perm, N);
  for(i = 0; i < N; i++){
    rtremove(&t, &r[perm[i]]);
    assert_null(rtlookup(&t, r[perm[i]].start));
    if(i % 8192 == 0)
      check(&t);
  }
  assert_int_equal(t.count, 0);
  assert_null(t.root);
  free(perm);
  free(r);
}

// ---- random runs against a page map ----------------------------------------

// The model: which node maps each page of the window, and a bitmap of the
// mapped pages for fast scans. Nodes come from a pool, by index.
static struct {
  struct rtree t;
  struct region *pool;       // NPAGES nodes: enough for one per page
  int *free;                 // stack of unused pool indices
  int nfree;
  int *owner;                // pool index of the node mapping page i, or -1
  uint64_t *used;            // bit i: page i is mapped
  int nregions;
  uint npages;               // mapped pages
  uint64_t rng;
} m;

// Counters for the run's summary line.
static struct {
  long placed, refused, hinted, unmapped, fixed, peak;
  double regions, pages;
} st;

// A pseudo-random 32-bit number (xorshift64*): the same run every time.
static uint
rnd(void)
{
  m.rng ^= m.rng >> 12;
  m.rng ^= m.rng << 25;
  m.rng ^= m.rng >> 27;
  return (uint)((m.rng * 0x2545F4914F6CDD1DULL) >> 32);
}

// Start an empty model and tree, every pool node free, the generator seeded.
static void
modelinit(uint64_t seed)
{
  int i;

  m.pool = calloc(NPAGES, sizeof(*m.pool));
  m.free = malloc(NPAGES * sizeof(*m.free));
  m.owner = malloc(NPAGES * sizeof(*m.owner));
  m.used = calloc(NPAGES / 64, sizeof(*m.used));
  assert_true(m.pool && m.free && m.owner && m.used);
  for(i = 0; i < (int)NPAGES; i++){
    m.free[i] = NPAGES - 1 - i;
    m.owner[i] = -1;
  }
  m.nfree = NPAGES;
  m.nregions = 0;
  m.npages = 0;
  m.rng = seed;
  rtinit(&m.t, LO, HI);
  memset(&st, 0, sizeof(st));
}

// Free the model's memory.
static void
modeldone(void)
{
  free(m.pool);
  free(m.free);
  free(m.owner);
  free(m.used);
}

// Whether page i is mapped in the model.
static int
bit(uint i)
{
  return (m.used[i / 64] >> (i % 64)) & 1;
}

// The first page at or after i whose bit is v, or NPAGES.
static uint
nextbit(uint i, int v)
{
  uint64_t w;

  while(i < NPAGES){
    w = v ? m.used[i / 64] : ~m.used[i / 64];
    w &= ~0ULL << (i % 64);
    if(w != 0)
      return i / 64 * 64 + __builtin_ctzll(w);
    i = (i / 64 + 1) * 64;
  }
  return NPAGES;
}

// Record pages [p, q) as mapped by node id, or as unmapped if id is -1.
static void
mark(uint p, uint q, int id)
{
  for(; p < q; p++){
    m.npages += (id >= 0) - bit(p);
    m.owner[p] = id;
    if(id >= 0)
      m.used[p / 64] |= 1ULL << (p % 64);
    else
      m.used[p / 64] &= ~(1ULL << (p % 64));
  }
}

// A fresh pool node for [start, end).
static struct region*
take(uint start, uint end)
{
  struct region *r;

  assert_true(m.nfree > 0);
  r = &m.pool[m.free[--m.nfree]];
  memset(r, 0, sizeof(*r));
  r->start = start;
  r->end = end;
  return r;
}

// Insert r into the tree and the model.
static void
add(struct region *r)
{
  assert_int_equal(rtinsert(&m.t, r), 0);
  mark((r->start - LO) / PGSIZE, (r->end - LO) / PGSIZE, r - m.pool);
  m.nregions++;
}

// Unmap [a, a+len) as munmap will: remove each region meeting it and put
// back the pieces that stick out on either side.
static void
unmap(uint a, uint len)
{
  uint e = a + len;
  struct region *r, *next;

  for(r = rtceil(&m.t, a); r != NULL && r->start < e; r = next){
    next = rtnext(r);
    rtremove(&m.t, r);
    m.nregions--;
    if(r->end > e)
      add(take(e, r->end));
    if(r->start < a){
      r->end = a;
      add(r);
    } else {
      m.free[m.nfree++] = r - m.pool;
    }
  }
  mark((a - LO) / PGSIZE, (e - LO) / PGSIZE, -1);
}

// Whether the bytes [a, a+len) (64-bit: no wrap) are inside the window
// and unmapped in the model.
static int
modelfree(uint64_t a, uint64_t len)
{
  uint p, q;

  if(len == 0 || a < LO || a + len > HI)
    return 0;
  p = (a - LO) / PGSIZE;
  q = (a + len - LO + PGSIZE - 1) / PGSIZE;
  return nextbit(p, 1) >= q;
}

// What a policy must answer, by the rules read literally and a scan of
// every hole of the page map.
static uint
expect(uint hint, uint len, const struct placement *strategy)
{
  uint64_t h = ((uint64_t)hint + PGSIZE - 1) & ~(uint64_t)(PGSIZE - 1);
  int hinted = hint != 0 && h <= 0xffffffffULL;
  int64_t d, bestd = INT64_MAX;
  uint64_t c, best = 0;
  uint gs, ge, np = len / PGSIZE;

  if(len == 0 || len % PGSIZE != 0)
    return 0;
  if(hinted && modelfree(h, len))
    return h;
  if(strategy == PLACE_NEAREST && !(hinted && h >= LO && h < HI))
    strategy = PLACE_FIRSTFIT;
  for(gs = nextbit(0, 0); gs < NPAGES; gs = nextbit(ge, 0)){
    ge = nextbit(gs, 1);
    if(ge - gs < np)
      continue;
    if(strategy == PLACE_FIRSTFIT)
      return PG(gs);
    c = h < PG(gs) ? PG(gs) : h > PG(ge) - (uint64_t)len ?
        PG(ge) - (uint64_t)len : h;
    d = c > h ? (int64_t)(c - h) : (int64_t)(h - c);
    if(d < bestd){
      bestd = d;
      best = c;
    }
  }
  return best;
}

// A random mapping length: mostly small, sometimes more than any hole,
// the window or nearly all of a uint.
static uint
randlen(void)
{
  uint x = rnd() % 100;

  if(x < 60)
    return (1 + rnd() % 8) * PGSIZE;
  if(x < 85)
    return (1 + rnd() % 128) * PGSIZE;
  if(x < 94)
    return (1 + rnd() % 4096) * PGSIZE;
  if(x < 97)
    return (1 + rnd() % 65536) * PGSIZE;
  if(x < 98)
    return (NPAGES - rnd() % 4) * PGSIZE;
  if(x < 99)
    return (NPAGES + 1 + rnd() % 1000) * PGSIZE;
  return 0xfffff000 - rnd() % 16 * PGSIZE;
}

// A random hint for a mapping of len bytes: none, anywhere in or out of
// the window, unaligned, next to a mapped run, at the window's edges, or
// about to wrap.
static uint
randhint(uint len)
{
  uint x = rnd() % 100, i = rnd() % NPAGES, np = len / PGSIZE;
  const uint edge[] = {
    LO - PGSIZE, LO, HI - len, HI - len + PGSIZE, HI - 1, HI, HI + PGSIZE,
  };

  if(x < 20)
    return 0;
  if(x < 50)
    return PG(i);
  if(x < 65)
    return LO + rnd() % (HI - LO);
  if(x < 80)
    return PG(nextbit(i, !bit(i))) + (rnd() % (np + 5) - np - 2) * PGSIZE;
  if(x < 88)
    return edge[rnd() % (sizeof(edge) / sizeof(edge[0]))];
  if(x < 95)
    return rnd();
  return 0xffffffff - rnd() % 0x3000;
}

// mmap: place a random length by the strategy, compare with the scan,
// and map it there.
static void
opmap(const struct placement *strategy)
{
  uint len = randlen(), hint = randhint(len);
  uint a = strategy->place(&m.t, hint, len);

  assert_int_equal(a, expect(hint, len, strategy));
  if(a == 0){
    st.refused++;
    return;
  }
  st.placed++;
  if(a == PGROUNDUP(hint))
    st.hinted++;
  assert_true(rtisfree(&m.t, a, len));
  add(take(a, a + len));
}

// A random page count for munmap and MAP_FIXED, clipped to fit from page p.
static uint
randpages(uint p, uint big)
{
  uint x = rnd() % 100, n;

  n = 1 + rnd() % (x < 70 ? 16 : x < 97 ? 512 : big);
  return n < NPAGES - p ? n : NPAGES - p;
}

// munmap: a random range, often starting where a mapped run does.
static void
opunmap(void)
{
  uint p = rnd() % NPAGES;

  if(rnd() % 2 == 0 && nextbit(p, 1) < NPAGES)
    p = nextbit(p, 1);
  unmap(PG(p), randpages(p, 32768) * PGSIZE);
  st.unmapped++;
}

// MAP_FIXED: unmap whatever is in a random range, then map it.
static void
opfixed(void)
{
  uint p = rnd() % NPAGES, n = randpages(p, 1024);

  unmap(PG(p), n * PGSIZE);
  assert_true(rtisfree(&m.t, PG(p), n * PGSIZE));
  add(take(PG(p), PG(p + n)));
  st.fixed++;
}

// An insert overlapping a mapped page must be refused.
static void
opoverlap(void)
{
  uint q = nextbit(rnd() % NPAGES, 1), s, e;
  struct region r;

  if(q == NPAGES)
    return;
  s = q < 2 ? 0 : q - rnd() % 3;
  e = q + 1 + rnd() % 3;
  if(e > NPAGES)
    e = NPAGES;
  assert_int_equal(tryadd(&m.t, &r, PG(s), PG(e)), -1);
}

// Spot checks after an operation: lookup, ceil and isfree at random
// places agree with the page map.
static void
probe(void)
{
  uint i = rnd() % NPAGES, q, a, len;
  struct region *want;

  want = m.owner[i] < 0 ? NULL : &m.pool[m.owner[i]];
  assert_ptr_equal(rtlookup(&m.t, PG(i) + rnd() % PGSIZE), want);
  q = nextbit(i, 1);
  want = q == NPAGES ? NULL : &m.pool[m.owner[q]];
  assert_ptr_equal(rtceil(&m.t, PG(i) + rnd() % PGSIZE), want);
  a = rnd() % 8 == 0 ? rnd() : PG(i) + (rnd() % 4 == 0 ? rnd() % PGSIZE : 0);
  len = rnd() % 4 == 0 ? rnd() : (1 + rnd() % 64) * PGSIZE;
  assert_int_equal(rtisfree(&m.t, a, len), modelfree(a, len));
  assert_int_equal(m.t.count, m.nregions);
}

// The full check: the tree's invariants, every region against the page
// map, and a lookup of every page.
static void
agree(int sweep)
{
  uint i, p, pages = 0;
  int k, id;

  check(&m.t);
  for(k = 0; k < norder; k++){
    id = order[k] - m.pool;
    for(p = order[k]->start; p < order[k]->end; p += PGSIZE)
      assert_int_equal(m.owner[(p - LO) / PGSIZE], id);
    pages += (order[k]->end - order[k]->start) / PGSIZE;
  }
  for(i = 0; i < NPAGES / 64; i++)
    pages -= __builtin_popcountll(m.used[i]);
  assert_int_equal(pages, 0);
  for(i = 0; sweep && i < NPAGES; i++)
    assert_ptr_equal(rtlookup(&m.t, PG(i)),
                     m.owner[i] < 0 ? NULL : &m.pool[m.owner[i]]);
}

// 120,000 random mmap, munmap, MAP_FIXED and refused-overlap operations
// under one strategy, each placement compared with the scan.
static void
run(const struct placement *strategy, uint64_t seed)
{
  enum { OPS = 120000 };
  long i;
  uint x;

  modelinit(seed);
  for(i = 1; i <= OPS; i++){
    // Phases of 10,000 operations alternately fill and drain the window,
    // so placement meets it both crowded and sparse.
    x = rnd() % 100;
    if(x < ((i / 10000) % 2 ? 40 : 70))
      opmap(strategy);
    else if(x < 88)
      opunmap();
    else
      opfixed();
    if(x % 10 == 0)
      opoverlap();
    probe();
    st.regions += m.nregions;
    st.pages += m.npages;
    if(m.nregions > st.peak)
      st.peak = m.nregions;
    if(i % 200 == 0)
      agree(i % 10000 == 0);
  }
  print_message("%d ops: %ld placed (%ld at the hint), %ld refused, "
                "%ld munmap, %ld fixed; regions avg %.0f peak %ld; "
                "%.0f%% mapped\n",
                OPS, st.placed, st.hinted, st.refused, st.unmapped, st.fixed,
                st.regions / OPS, st.peak, 100 * st.pages / OPS / NPAGES);
  unmap(LO, HI - LO);
  assert_null(rtfirst(&m.t));
  agree(1);
  assert_int_equal(m.nfree, NPAGES);
  modeldone();
}

// The random run under FIRSTFIT.
static void
test_random_firstfit(void **state)
{
  (void)state;
  run(PLACE_FIRSTFIT, 0x9e3779b97f4a7c15ULL);
}

// The random run under NEAREST.
static void
test_random_nearest(void **state)
{
  (void)state;
  run(PLACE_NEAREST, 0xd1b54a32d192ed03ULL);
}

// Region splitting with protections, as munmap's cuts and mprotect's
// splits use it: a split copies prot, flags and backing, advances the
// upper part's page offset, and the parts go back into the tree; a front
// cut moves the offset with the start.
static void
test_split(void **state)
{
  struct rtree t;
  struct region r = { .start = PG(10), .end = PG(20), .prot = 3, .flags = 1,
                      .priv = &t, .pgoff = 100 };
  struct region s, u;

  (void)state;
  rtinit(&t, LO, HI);
  assert_int_equal(rtinsert(&t, &r), 0);
  rtremove(&t, &r);
  rtsplit(&r, PG(14), &s);
  assert_int_equal(r.start, PG(10));
  assert_int_equal(r.end, PG(14));
  assert_int_equal(r.pgoff, 100);
  assert_int_equal(s.start, PG(14));
  assert_int_equal(s.end, PG(20));
  assert_int_equal(s.pgoff, 104);
  assert_int_equal(s.prot, 3);
  assert_int_equal(s.flags, 1);
  assert_ptr_equal(s.priv, &t);
  s.prot = 1;   // mprotect's carve: the upper part alone changes
  assert_int_equal(rtinsert(&t, &r), 0);
  assert_int_equal(rtinsert(&t, &s), 0);
  assert_ptr_equal(rtlookup(&t, PG(13)), &r);
  assert_ptr_equal(rtlookup(&t, PG(14)), &s);
  assert_int_equal(r.prot, 3);
  check(&t);
  // A split of a split: the offsets add up.
  rtremove(&t, &s);
  rtsplit(&s, PG(19), &u);
  assert_int_equal(u.pgoff, 109);
  assert_int_equal(u.prot, 1);
  assert_int_equal(s.end, PG(19));
  assert_int_equal(rtinsert(&t, &s), 0);
  assert_int_equal(rtinsert(&t, &u), 0);
  check(&t);
  // munmap of a front part: the start and the offset move together.
  rtremove(&t, &s);
  rtadvance(&s, PG(16));
  assert_int_equal(s.start, PG(16));
  assert_int_equal(s.pgoff, 106);
  assert_int_equal(s.end, PG(19));
  assert_int_equal(rtinsert(&t, &s), 0);
  assert_true(rtisfree(&t, PG(14), 2 * PGSIZE));
  check(&t);
  assert_int_equal(t.count, 3);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_insert),
    cmocka_unit_test(test_lookup),
    cmocka_unit_test(test_walk),
    cmocka_unit_test(test_remove),
    cmocka_unit_test(test_remove_walk),
    cmocka_unit_test(test_isfree),
    cmocka_unit_test(test_place_args),
    cmocka_unit_test(test_firstfit),
    cmocka_unit_test(test_nearest),
    cmocka_unit_test(test_nearest_ties),
    cmocka_unit_test(test_nearest_fallback),
    cmocka_unit_test(test_overflow),
    cmocka_unit_test(test_many),
    cmocka_unit_test(test_split),
    cmocka_unit_test(test_random_firstfit),
    cmocka_unit_test(test_random_nearest),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
