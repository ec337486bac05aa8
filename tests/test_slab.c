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
  // The magazine's objects were freed last, so they sit in adjacent slots.
  keep = 2 + (c->magcap + c->nobj - 1) / c->nobj;
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
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
