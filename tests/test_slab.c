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
// except one empty slab and the slabs of what the magazine keeps.
static void
test_empty_slabs_returned(void **state)
{
  struct kmcache *c = &classcache[4];
  struct kmstats st;
  uint i, peak, keep;

  (void)state;
  assert_int_equal(c->size, 64);
  for (i = 0; i < NSLOT; i++)
    ok(modelalloc(&mm, i, 64));
  kmstats(&st);
  peak = st.held_bytes;
  assert_true(peak >= NSLOT * 64);
  ok(modelfreeall(&mm));
  kmstats(&st);
  // The magazine's objects were freed last. They were handed out in
  // refills of want objects, each in reverse address order, so they lie
  // within w = magcap + want - 1 adjacent slots, which touch at most
  // ceil((w - 1) / nobj) + 1 slabs; besides them one empty slab is kept.
  keep = 2 + (c->magcap + (c->magcap + 1) / 2 - 3 + c->nobj) / c->nobj;
  assert_true(st.held_bytes <= keep * (PGSIZE << c->order));
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

// Every cache has a record, in creation order: the allocator's own two,
// flagged, then the kmalloc classes by size, then kmcache_create's; past
// the last, the count alone. A long name is cut to fit.
static void
test_info_list(void **state)
{
  struct slabinfo r;
  char want[SLABINFO_NAME];
  int i, n = kmcacheinfo(0, &r);

  (void)state;
  assert_int_equal(n, 2 + NCLASS);
  assert_string_equal(r.name, "kmcache");
  assert_int_equal(r.flags, SLABINFO_INTERNAL);
  kmcacheinfo(1, &r);
  assert_string_equal(r.name, "big");
  assert_int_equal(r.flags, SLABINFO_INTERNAL);
  for (i = 0; i < NCLASS; i++) {
    kmcacheinfo(2 + i, &r);
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
  assert_int_equal(r.hits + r.misses, 2 * NELEM(obj));
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

// Check that one operation on CPU cpu's magazine of c, which was empty
// (an allocation) or full (a free) exactly when miss, moved hits or
// misses, and nothing else, by one from *was; then update *was.
static void
moved(struct kmcache *c, struct slabinfo *was, int miss)
{
  struct slabinfo r = infoof(c->name);

  assert_int_equal(r.misses - was->misses, miss);
  assert_int_equal(r.hits - was->hits, !miss);
  *was = r;
}

// A magazine operation is a hit unless it found the magazine empty (an
// allocation refills it) or full (a free drains it); both happen here.
static void
test_info_magazines(void **state)
{
  static void *obj[200];
  struct kmcache *c = kmcache_create("mags", 200, 0);
  struct mag *m = &c->mag[0];
  struct slabinfo was = infoof("mags");
  uint i, drains = 0;
  int miss;

  (void)state;
  hostsetcpu(0);
  for (i = 0; i < NELEM(obj); i++) {
    miss = magheld(m) == 0;
    obj[i] = kmcache_alloc(c);
    moved(c, &was, miss);
  }
  for (i = 0; i < NELEM(obj); i++) {
    miss = magheld(m) == c->magcap;
    drains += miss;
    kmcache_free(c, obj[i]);
    moved(c, &was, miss);
  }
  assert_true(drains >= 2);
  assert_true(was.misses >= 2 + NELEM(obj) / c->magcap);
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
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
