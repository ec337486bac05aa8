// Host tests for the slab heap (alloc/kmalloc_slab.c over alloc/buddy.c and
// core/kmalloc.c): the shared cases in kmcases.h, then slab layout, size
// classes, per-CPU magazines and returning empty slabs.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"
#include "core/kmalloc.c"
#include "alloc/kmalloc_slab.c"
#include "tests/kmmodel.h"
#include "tests/kmcases.h"

// Return the cache of object p.
static struct kmcache *
cacheof(void *p)
{
  return ((struct slab *)kpageinfo(p)->owner)->cache;
}

// Every cache's slabs hold at least one object and waste at most 1/8,
// not counting the tags where they alone take more (8-byte objects).
static void
test_layout(void **state)
{
  struct kmcache *c;
  uint run, waste, tags;

  (void)state;
  for (c = caches.list; c != NULL; c = c->link) {
    run = PGSIZE << c->order;
    tags = c->nobj * sizeof(ushort);
    assert_true(c->nobj >= 1);
    assert_true(c->slotoff + c->nobj * c->stride <= run);
    assert_true(c->slotoff >= sizeof(struct slab) + tags);
    assert_int_equal(c->first, c->slotoff + c->lead);
    waste = run - c->nobj * c->stride;
    if (8 * sizeof(ushort) > c->stride + sizeof(ushort))
      waste -= tags;
    if (waste > run / 8)
      fail_msg("cache %s size %u wastes %u of %u", c->name, c->size,
               waste, run);
  }
}

// The slot arithmetic (a multiply by recip, no division) agrees with
// division at every offset of every cache's slab, and at the offsets
// below the first object, down to the slab's start.
static void
test_slots(void **state)
{
  struct kmcache *c;
  struct slab *s = (struct slab *)hostpg.buf;
  uint want;
  long off;

  (void)state;
  assert_non_null(kmcache_create("widest", KMCACHE_MAX, PGSIZE));
  for (c = caches.list; c != NULL; c = c->link)
    for (off = -(long)c->first; off < (long)(c->offmask + 1 - c->first);
         off++) {
      want = off >= 0 && off % c->stride == 0 && off / c->stride < c->nobj ?
             off / c->stride : NOSLOT;
      if (indexof(c, s, (char *)s + c->first + off) != want)
        fail_msg("cache %s stride %u: offset %ld gives slot %u, not %u",
                 c->name, c->stride, off,
                 indexof(c, s, (char *)s + c->first + off), want);
    }
}

// A request goes to the smallest class that holds it; above the largest
// class it gets its own page-aligned run.
static void
test_classes(void **state)
{
  uint i, k, lo, n[3];
  char *p;

  (void)state;
  for (i = 0, lo = 1; i < NCLASS; lo = classes[i++] + 1) {
    n[0] = lo;
    n[1] = (lo + classes[i]) / 2;
    n[2] = classes[i];
    for (k = 0; k < 3; k++) {
      p = kmalloc(n[k]);
      assert_int_equal(cacheof(p)->size, classes[i]);
      kmfree(p);
    }
  }
  p = kmalloc(classes[NCLASS - 1] + 1);
  assert_int_equal((p - hostpg.buf) % PGSIZE, 0);
  assert_int_equal(*(uint *)kpageinfo(p)->owner, BIGMAGIC);
  kmfree(p);
}

// A double free names the size class.
static void
test_double_free_class(void **state)
{
  char want[96];
  char *p;

  (void)state;
  p = kmalloc(50);
  kmfree(p);
  snprintf(want, sizeof(want), "kmalloc slab: double free of %p (class 64)", p);
  assert_int_equal(hostpanics(callfree, p), 1);
  assert_string_equal(hostpanicmsg, want);
}

// Freeing all of many objects gives their slabs back without a reap,
// except one empty slab and the slabs of what the magazines and the
// depot keep.
static void
test_empty_slabs_returned(void **state)
{
  struct kmcache *c = &classcache[4];
  struct kmstats st;
  uint i, peak, w, keep;

  (void)state;
  assert_int_equal(c->size, 64);
  for (i = 0; i < NSLOT; i++)
    ok(modelalloc(&mm, i, 64));
  kmstats(&st);
  peak = st.held_bytes;
  assert_true(peak >= NSLOT * 64);
  ok(modelfreeall(&mm));
  kmstats(&st);
  // Objects were handed out in refills of want objects, each in reverse
  // address order, and freed in the order they came, a magazine's worth
  // in a row, so a magazine's objects lie within w = magcap + want - 1
  // adjacent slots, which touch at most ceil((w - 1) / nobj) + 1 slabs;
  // the first magazine also kept what the last refill left, as much
  // again. Kept: the CPU's two magazines, the depot's DEPOTMAX, one
  // empty slab, and the magazines' own slabs.
  w = c->magcap + (c->magcap + 1) / 2 - 1;
  keep = 1 + (3 + DEPOTMAX) * (1 + (w - 2 + c->nobj) / c->nobj);
  assert_true(c->nslabs <= keep);
  assert_true(keep * (PGSIZE << c->order) < peak / 2);
  assert_int_equal(st.held_bytes, (c->nslabs << c->order) * PGSIZE +
                                  (magcache.nslabs << magcache.order) * PGSIZE);
  ok(modelstats(&mm, &mm, 1));
  drained();
}

// A free goes to the freeing CPU's magazine: that CPU gets the object
// back first, another CPU does not see it.
static void
test_magazines(void **state)
{
  char *p, *q;

  (void)state;
  hostsetcpu(0);
  p = kmalloc(64);
  kmfree(p);
  hostsetcpu(1);
  q = kmalloc(64);
  assert_ptr_not_equal(q, p);
  kmfree(q);
  hostsetcpu(0);
  assert_ptr_equal(kmalloc(64), p);
  kmfree(p);
  assert_int_equal(kmcheck(), 0);
  ok(modelreapall(&mm, 0));
}

// Blocks allocated on one CPU and freed on another keep the counters and
// the slabs right, and all pages come back.
static void
test_cross_cpu(void **state)
{
  uint i;

  (void)state;
  for (i = 0; i < 1000; i++) {
    hostsetcpu(i % 3);
    ok(modelalloc(&mm, i, 1 + i % 700));
  }
  for (i = 0; i < 1000; i++) {
    hostsetcpu(3 + i % 2);
    ok(modelfree(&mm, i));
  }
  hostsetcpu(0);
  ok(modelstats(&mm, &mm, 1));
  assert_int_equal(kmcheck(), 0);
  drained();
}

static struct kmcache *othercache;

static void
callcachefree(void *p)
{
  kmcache_free(othercache, p);
}

// kmfree of a cache object and kmcache_free to the wrong cache panic.
static void
test_cache_misuse(void **state)
{
  struct kmcache *a, *b;
  char *p;

  (void)state;
  a = kmcache_create("a", 100, 0);
  p = kmcache_alloc(a);
  panics(callfree, p, "kmfree of kmcache object", p);
  a = kmcache_create("a", 100, 0);
  b = kmcache_create("b", 100, 0);
  p = kmcache_alloc(a);
  othercache = b;
  panics(callcachefree, p, "free to the wrong cache of", p);
  p = kmalloc(100);
  othercache = kmcache_create("c", 128, 0);
  panics(callcachefree, p, "free to the wrong cache of", p);
}

// A request above the classes takes a power-of-two run of pages and gives
// it back on free.
static void
test_big(void **state)
{
  uint before;

  (void)state;
  ok(modelalloc(&mm, 0, 40000));
  assert_int_equal((mm.slot[0].p - hostpg.buf) % PGSIZE, 0);
  before = hostpg.out;
  assert_true(before >= 16);
  ok(modelfree(&mm, 0));
  assert_int_equal(hostpg.out, before - 16);
  drained();
}

// Every cache has a record, in creation order: the allocator's own three,
// flagged, then the kmalloc classes by size, then kmcache_create's; past
// the last, the count alone. A long name is cut to fit.
static void
test_info_list(void **state)
{
  struct slabinfo r;
  char want[SLABINFO_NAME];
  int i, n = kmcacheinfo(0, &r);

  (void)state;
  assert_int_equal(n, 3 + NCLASS);
  assert_string_equal(r.name, "kmcache");
  assert_int_equal(r.flags, SLABINFO_INTERNAL);
  kmcacheinfo(1, &r);
  assert_string_equal(r.name, "big");
  assert_int_equal(r.flags, SLABINFO_INTERNAL);
  kmcacheinfo(2, &r);
  assert_string_equal(r.name, "magazine");
  assert_int_equal(r.flags, SLABINFO_INTERNAL);
  for (i = 0; i < NCLASS; i++) {
    kmcacheinfo(3 + i, &r);
    snprintf(want, sizeof(want), "kmalloc-%u", classes[i]);
    assert_string_equal(r.name, want);
    assert_int_equal(r.objsize, classes[i]);
    assert_int_equal(r.flags, SLABINFO_KMALLOC);
  }
  assert_non_null(kmcache_create("a-name-longer-than-sixteen", 40, 0));
  assert_int_equal(kmcacheinfo(n, &r), n + 1);
  assert_string_equal(r.name, "a-name-longer-t");
  assert_int_equal(r.flags, 0);
  memset(&r, 0x55, sizeof(r));
  assert_int_equal(kmcacheinfo(n + 1, &r), n + 1);
  assert_int_equal(r.active, 0);
  assert_int_equal(kmcacheinfo(-1, &r), n + 1);
}

// k objects of a cache show as k in use, in slabs the record counts, and
// as none once freed, on whichever CPUs they come and go.
static void
test_info_counts(void **state)
{
  static void *obj[500];
  struct kmcache *c = kmcache_create("counted", 100, 0);
  struct slabinfo r;
  uint i;

  (void)state;
  r = infoof("counted");
  assert_int_equal(r.objsize, 104);
  assert_int_equal(r.active + r.total + r.allocs + r.slabs + r.pages, 0);
  for (i = 0; i < NELEM(obj); i++) {
    hostsetcpu(i % 3);
    obj[i] = kmcache_alloc(c);
  }
  r = infoof("counted");
  assert_int_equal(r.active, NELEM(obj));
  assert_int_equal(r.allocs, NELEM(obj));
  assert_int_equal(r.slabs, c->nslabs);
  assert_int_equal(r.total, c->nslabs * c->nobj);
  assert_int_equal(r.pages, c->nslabs << c->order);
  assert_true(r.total >= NELEM(obj));
  for (i = 0; i < NELEM(obj); i++) {
    hostsetcpu(4 - i % 2);
    kmcache_free(c, obj[i]);
  }
  r = infoof("counted");
  assert_int_equal(r.active, 0);
  assert_int_equal(r.allocs, NELEM(obj));
  assert_int_equal(r.hits + r.swaps + r.misses, 2 * NELEM(obj));
  hostsetcpu(0);
}

// kmalloc's blocks count in their class's record, a request above the
// classes in big's.
static void
test_info_classes(void **state)
{
  struct slabinfo a, b;
  uint i;

  (void)state;
  a = infoof("kmalloc-64");
  for (i = 0; i < 300; i++)
    ok(modelalloc(&mm, i, 49 + i % 16));
  ok(modelalloc(&mm, 300, 40000));
  b = infoof("kmalloc-64");
  assert_int_equal(b.active - a.active, 300);
  assert_int_equal(b.allocs - a.allocs, 300);
  assert_int_equal(infoof("big").active, 1);
  assert_int_equal(infoof("kmalloc-48").active, 0);
  assert_true(infoof("kmalloc-64").pages > 0);
  drained();
  assert_int_equal(infoof("kmalloc-64").active, 0);
  assert_int_equal(infoof("big").active, 0);
}

// What serves an operation: HIT (the CPU's loaded or previous
// magazine), SWAP (the depot, or a first magazine) or MISS (the slabs).
enum { HIT, SWAP, MISS };

// Return what will serve an allocation (alloc) or a free by the CPU
// with magazines cm of c, from their state and the depot's.
static int
expected(struct kmcache *c, struct cpumag *cm, int alloc)
{
  if (alloc) {
    if (magheld(cm) > 0 || cm->prev->rounds > 0)
      return HIT;
    return c->depot.nfull > 0 ? SWAP : MISS;
  }
  if (cm->top != cm->end || (cm->prev != &zeromag && cm->prev->rounds == 0))
    return HIT;
  if (cm->loaded == &zeromag)
    return SWAP;
  return cm->prev != &zeromag && c->depot.nfull == DEPOTMAX ? MISS : SWAP;
}

// Check that one operation on c, whose record was *was, counted as what
// (HIT, SWAP or MISS) and nothing else; then update *was.
static void
moved(struct kmcache *c, struct slabinfo *was, int what)
{
  struct slabinfo r = infoof(c->name);

  assert_int_equal(r.hits - was->hits, what == HIT);
  assert_int_equal(r.swaps - was->swaps, what == SWAP);
  assert_int_equal(r.misses - was->misses, what == MISS);
  *was = r;
}

// An operation is a hit unless both of the CPU's magazines are empty (an
// allocation) or full (a free); then the depot serves it if it can, else
// the slabs. One CPU allocating, then freeing, meets all three.
static void
test_info_magazines(void **state)
{
  static void *obj[500];
  struct kmcache *c = kmcache_create("mags", 200, 0);
  struct cpumag *cm = &c->mag[0];
  struct slabinfo was = infoof("mags");
  uint i, seen[3] = { 0, 0, 0 };
  int what;

  (void)state;
  hostsetcpu(0);
  for (i = 0; i < NELEM(obj); i++) {
    what = expected(c, cm, 1);
    obj[i] = kmcache_alloc(c);
    moved(c, &was, what);
  }
  assert_true(was.misses >= NELEM(obj) / c->magcap);
  for (i = 0; i < NELEM(obj); i++) {
    what = expected(c, cm, 0);
    seen[what]++;
    kmcache_free(c, obj[i]);
    moved(c, &was, what);
  }
  assert_int_equal(was.depotfull, DEPOTMAX);
  assert_true(seen[SWAP] >= DEPOTMAX);
  assert_true(seen[MISS] >= 2);
  for (i = 0; i < NELEM(obj); i++) {
    what = expected(c, cm, 1);
    seen[what]++;
    obj[i] = kmcache_alloc(c);
    moved(c, &was, what);
  }
  assert_int_equal(was.depotfull, 0);
  assert_int_equal(was.depotempty, DEPOTMAX);
}

// A CPU that only allocates and one that only frees pass the objects
// through the depot: once under way, every magazine's worth goes by an
// exchange and none by the slabs.
static void
test_depot_exchange(void **state)
{
  static void *obj[2 * MAGMAX];
  struct kmcache *c = kmcache_create("pass", 100, 0);
  uint i, round, n = 2 * c->magcap, rounds = 20;
  struct slabinfo a = infoof("pass"), b;

  (void)state;
  for (round = 0; round < 4 + rounds; round++) {
    if (round == 4)
      a = infoof("pass");
    hostsetcpu(1);
    for (i = 0; i < n; i++)
      assert_non_null(obj[i] = kmcache_alloc(c));
    hostsetcpu(2);
    for (i = 0; i < n; i++)
      kmcache_free(c, obj[i]);
  }
  hostsetcpu(0);
  b = infoof("pass");
  assert_int_equal(b.misses - a.misses, 0);
  assert_int_equal(b.slabs, a.slabs);
  // Each side moves rounds * n objects, at most 2 * magcap of them
  // through the magazines it had, the rest a magazine per exchange.
  assert_true(b.swaps - a.swaps >= 2 * (rounds * n / c->magcap - 2));
  assert_int_equal(kmcheck(), 0);
}

// A CPU that only frees fills the depot to its bound and no further: the
// rest goes back to the slabs, so what a cache keeps free is bounded.
static void
test_depot_bound(void **state)
{
  static void *obj[2000];
  struct kmcache *c = kmcache_create("bound", 64, 0);
  struct slabinfo r;
  uint i, kept;

  (void)state;
  hostsetcpu(0);
  for (i = 0; i < NELEM(obj); i++)
    assert_non_null(obj[i] = kmcache_alloc(c));
  hostsetcpu(1);
  for (i = 0; i < NELEM(obj); i++) {
    kmcache_free(c, obj[i]);
    assert_true(c->depot.nfull + c->depot.nempty <= DEPOTMAX);
  }
  r = infoof("bound");
  assert_int_equal(r.depotfull, DEPOTMAX);
  assert_int_equal(r.depotempty, 0);
  assert_true(r.misses >= (NELEM(obj) - (2 + DEPOTMAX) * c->magcap) /
                         c->magcap);
  kept = cpuheld(&c->mag[0]) + cpuheld(&c->mag[1]) + r.depotfull * c->magcap;
  assert_true(kept <= (2 + DEPOTMAX) * c->magcap + c->magcap);
  assert_int_equal(r.total - r.active - c->nfree, kept);
  hostsetcpu(0);
  assert_int_equal(kmcheck(), 0);
}

// kmcheck finds a broken depot or magazine: a count off its list, a
// full-list magazine short of full, a previous magazine half full, a
// full magazine dropped with its objects, an empty one dropped alone.
static void
test_check_depot(void **state)
{
  static void *obj[1000];
  struct kmcache *c = kmcache_create("checked", 64, 0);
  struct cpumag *cm = &c->mag[1];
  struct mag *m;
  uint i;

  (void)state;
  hostsetcpu(0);
  for (i = 0; i < NELEM(obj); i++)
    obj[i] = kmcache_alloc(c);
  hostsetcpu(1);
  for (i = 0; i < NELEM(obj); i++)
    kmcache_free(c, obj[i]);
  hostsetcpu(0);
  assert_int_equal(c->depot.nfull, DEPOTMAX);
  assert_int_equal(kmcheck(), 0);
  c->depot.nfull--;
  assert_int_equal(kmcheck(), -1);
  c->depot.nfull++;
  m = c->depot.full;
  m->rounds--;
  assert_int_equal(kmcheck(), -1);
  m->rounds++;
  cm->prev->rounds--;
  assert_int_equal(kmcheck(), -1);
  cm->prev->rounds++;
  assert_int_equal(kmcheck(), 0);
  // Dropped whole, with its objects: their slabs count them out, so the
  // slab check fails too; either way kmcheck must.
  c->depot.full = m->next;
  c->depot.nfull--;
  assert_int_equal(kmcheck(), -1);
  m->next = c->depot.full;
  c->depot.full = m;
  c->depot.nfull++;
  assert_int_equal(kmcheck(), 0);
  hostsetcpu(2);
  for (i = 0; i < 3 * c->magcap; i++)
    obj[i] = kmcache_alloc(c);
  hostsetcpu(0);
  assert_true(c->depot.nempty > 0);
  m = c->depot.empty;
  c->depot.empty = m->next;
  c->depot.nempty--;
  assert_int_equal(kmcheck(), -1);
  magkeep(c, m);
  assert_int_equal(kmcheck(), 0);
}

// One kmreap, on one CPU, empties every CPU's magazines and every depot
// and gives back every page, the magazines' own included; magazines
// count in their cache's record as objects taken from and given back to
// the slabs.
static void
test_reap_all(void **state)
{
  struct slabinfo r;
  struct kmcache *c;
  uint i, k;

  (void)state;
  for (i = 0; i < NSLOT; i++) {
    hostsetcpu(i % NCPU);
    ok(modelalloc(&mm, i, 1 + i % 3000));
  }
  for (i = 0; i < NSLOT; i++) {
    hostsetcpu((3 * i + 1) % NCPU);
    ok(modelfree(&mm, i));
  }
  assert_true(magcache.nslabs > 0);
  r = infoof("magazine");
  assert_true(r.active > 0);
  assert_int_equal(r.active, r.allocs);
  hostsetcpu(NCPU - 1);
  kmreap();
  assert_int_equal(hostpg.out, 0);
  // Every magazine was taken and given back through the slabs.
  r = infoof("magazine");
  assert_int_equal(r.active, 0);
  assert_int_equal(r.hits, 0);
  assert_int_equal(r.misses, 2 * r.allocs);
  for (c = caches.list; c != NULL; c = c->link) {
    assert_int_equal(c->depot.nfull + c->depot.nempty, 0);
    for (k = 0; k < NCPU; k++) {
      assert_ptr_equal(c->mag[k].loaded, &zeromag);
      assert_ptr_equal(c->mag[k].prev, &zeromag);
    }
  }
  hostsetcpu(0);
  assert_int_equal(kmcheck(), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    KMDEBUGCASES
    KMCASES,
    cmocka_unit_test_setup(test_layout, setup),
    cmocka_unit_test_setup(test_slots, setup),
    cmocka_unit_test_setup(test_classes, setup),
    cmocka_unit_test_setup(test_double_free_class, setup),
    cmocka_unit_test_setup(test_empty_slabs_returned, setup),
    cmocka_unit_test_setup(test_magazines, setup),
    cmocka_unit_test_setup(test_cross_cpu, setup),
    cmocka_unit_test_setup(test_cache_misuse, setup),
    cmocka_unit_test_setup(test_big, setup),
    cmocka_unit_test_setup(test_info_list, setup),
    cmocka_unit_test_setup(test_info_counts, setup),
    cmocka_unit_test_setup(test_info_classes, setup),
    cmocka_unit_test_setup(test_info_magazines, setup),
    cmocka_unit_test_setup(test_depot_exchange, setup),
    cmocka_unit_test_setup(test_depot_bound, setup),
    cmocka_unit_test_setup(test_check_depot, setup),
    cmocka_unit_test_setup(test_reap_all, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
