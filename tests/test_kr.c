// Host tests for the K&R heap (alloc/kmalloc_kr.c over alloc/buddy.c and
// core/kmalloc.c): the shared cases in kmcases.h, then runs, merging and
// aligned cache objects.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"
#include "core/kmalloc.c"
#include "alloc/kmalloc_kr.c"
#include "tests/kmmodel.h"
#include "tests/kmcases.h"

// Freeing everything gives all runs but one back without a reap.
static void
test_runs_returned(void **state)
{
  struct kmstats st;
  uint i;

  (void)state;
  for (i = 0; i < 3000; i++)
    ok(modelalloc(&mm, i, 1000));
  kmstats(&st);
  assert_true(st.held_bytes >= 3000 * 1000);
  ok(modelfreeall(&mm));
  kmstats(&st);
  assert_int_equal(st.held_bytes, PGSIZE << KRMINORDER);
  drained();
}

// Neighbours freed in any order merge back into one block covering the run.
static void
test_merge(void **state)
{
  static const int order[][3] = {
    { 0, 1, 2 }, { 2, 1, 0 }, { 1, 0, 2 }, { 1, 2, 0 }, { 0, 2, 1 },
  };
  struct kmstats st;
  uint k, j, runbytes = PGSIZE << KRMINORDER;

  (void)state;
  for (k = 0; k < NELEM(order); k++) {
    for (j = 0; j < 3; j++)
      ok(modelalloc(&mm, j, 100));
    for (j = 0; j < 3; j++)
      ok(modelfree(&mm, order[k][j]));
    kmstats(&st);
    assert_int_equal(st.held_bytes, runbytes);
    assert_int_equal(st.free_bytes,
                     (runbytes / sizeof(Header) - 1) * sizeof(Header));
    assert_int_equal(kmcheck(), 0);
  }
}

// A request of exactly 2^k pages (or a little less) takes 2^k pages, not
// the 2^(k+1) a run with room for its header would: once a small block
// exists, the only pages that move are the request's own.
static void
test_pow2_pages(void **state)
{
  uint k, out;

  (void)state;
  ok(modelalloc(&mm, 0, 8));
  for (k = 0; (PGSIZE << k) <= KMALLOC_MAX; k++) {
    out = hostpg.out;
    ok(modelalloc(&mm, 1, PGSIZE << k));
    assert_true(hostpg.out - out <= 1u << k);
    ok(modelfree(&mm, 1));
    out = hostpg.out;
    ok(modelalloc(&mm, 1, (PGSIZE << k) - 24));
    assert_true(hostpg.out - out <= 1u << k);
    ok(modelfree(&mm, 1));
  }
  assert_int_equal(kmcheck(), 0);
  ok(modelfreeall(&mm));
  drained();
}

// A large block is freed only from its start, and only once.
static void
test_big_frees(void **state)
{
  char *p;

  (void)state;
  p = kmalloc(KMALLOC_MAX);
  assert_non_null(p);
  panics(callfree, p + PGSIZE, "free of pointer inside a block", p + PGSIZE);
  p = kmalloc(KMALLOC_MAX);
  assert_non_null(p);
  kmfree(p);
  panics(callfree, p, "free of non-heap pointer", p);
}

// Cache objects aligned past KMALIGN are aligned, work, and free; a
// pointer that is not one of them panics.
static void
test_cache_align(void **state)
{
  static const uint aligns[] = { 16, 64, 512, PGSIZE };
  struct kmcache *c;
  char *p[40];
  uint k, i;

  (void)state;
  for (k = 0; k < NELEM(aligns); k++) {
    c = kmcache_create("aligned", 72, aligns[k]);
    for (i = 0; i < NELEM(p); i++) {
      p[i] = kmcache_alloc(c);
      assert_int_equal((p[i] - hostpg.buf) % aligns[k], 0);
      ok(modelclaim(&mm, p[i], 72));
      memset(p[i], i, 72);
    }
    for (i = 0; i < NELEM(p); i++) {
      assert_int_equal(p[i][71], (char)i);
      kmcache_free(c, p[i]);
    }
    memset(shadow, 0, HOSTPAGES * (PGSIZE / 8));
  }
  assert_int_equal(kmcheck(), 0);
}

// Assert that r has none of the columns kr cannot tell but objsize.
static void
notapply(struct slabinfo *r)
{
  assert_int_equal(r->total, SLABINFO_NA);
  assert_int_equal(r->slabs, SLABINFO_NA);
  assert_int_equal(r->pages, SLABINFO_NA);
  assert_int_equal(r->hits, SLABINFO_NA);
  assert_int_equal(r->misses, SLABINFO_NA);
}

// kmalloc has the first record, then each cache in creation order; past
// the last, the count alone.
static void
test_info_list(void **state)
{
  struct slabinfo r;

  (void)state;
  assert_int_equal(kmcacheinfo(0, &r), 1);
  assert_string_equal(r.name, "kmalloc");
  assert_int_equal(r.flags, SLABINFO_KMALLOC);
  assert_int_equal(r.objsize, SLABINFO_NA);
  notapply(&r);
  assert_non_null(kmcache_create("first", 40, 0));
  assert_non_null(kmcache_create("a-name-longer-than-sixteen", 40, 64));
  assert_int_equal(kmcacheinfo(1, &r), 3);
  assert_string_equal(r.name, "first");
  assert_int_equal(r.objsize, 40);
  assert_int_equal(r.flags, 0);
  notapply(&r);
  kmcacheinfo(2, &r);
  assert_string_equal(r.name, "a-name-longer-t");
  memset(&r, 0x55, sizeof(r));
  assert_int_equal(kmcacheinfo(3, &r), 3);
  assert_int_equal(r.active, 0);
}

// k objects of a cache, aligned or not, show as k in use and k handed
// out, and as none in use once freed, on whichever CPUs they come and go.
static void
test_info_counts(void **state)
{
  static void *obj[300];
  struct kmcache *c[2];
  struct slabinfo r;
  uint i, k;

  (void)state;
  c[0] = kmcache_create("plain", 100, 0);
  c[1] = kmcache_create("aligned", 100, 256);
  for (k = 0; k < 2; k++) {
    for (i = 0; i < NELEM(obj); i++) {
      hostsetcpu(i % 3);
      obj[i] = kmcache_alloc(c[k]);
    }
    r = infoof(c[k]->name);
    assert_int_equal(r.active, NELEM(obj));
    assert_int_equal(r.allocs, NELEM(obj));
    notapply(&r);
    for (i = 0; i < NELEM(obj); i++) {
      hostsetcpu(4 - i % 2);
      kmcache_free(c[k], obj[i]);
    }
    r = infoof(c[k]->name);
    assert_int_equal(r.active, 0);
    assert_int_equal(r.allocs, NELEM(obj));
  }
  hostsetcpu(0);
  assert_int_equal(infoof("kmalloc").active, 0);
}

// kmalloc's record counts its blocks in use and handed out.
static void
test_info_kmalloc(void **state)
{
  struct slabinfo a, b;
  uint i;

  (void)state;
  a = infoof("kmalloc");
  for (i = 0; i < 200; i++)
    ok(modelalloc(&mm, i, 1 + i * 97 % 5000));
  b = infoof("kmalloc");
  assert_int_equal(b.active - a.active, 200);
  assert_int_equal(b.allocs - a.allocs, 200);
  drained();
  b = infoof("kmalloc");
  assert_int_equal(b.active, a.active);
  assert_int_equal(b.allocs - a.allocs, 200);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    KMDEBUGCASES
    KMCASES,
    cmocka_unit_test_setup(test_runs_returned, setup),
    cmocka_unit_test_setup(test_merge, setup),
    cmocka_unit_test_setup(test_pow2_pages, setup),
    cmocka_unit_test_setup(test_big_frees, setup),
    cmocka_unit_test_setup(test_cache_align, setup),
    cmocka_unit_test_setup(test_info_list, setup),
    cmocka_unit_test_setup(test_info_counts, setup),
    cmocka_unit_test_setup(test_info_kmalloc, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
