// Host tests for the buddy page allocator (alloc/buddy.c): every order,
// merging back to the whole range, exhaustion, bad frees, and a long
// random trace against a page map.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"

#define NPAGES 4096       // 16 MiB: four blocks of the largest order
#define TRACEOPS 1000000

static struct buddy b;
static struct pageinfo meta[NPAGES];
static char *base;
static uchar used[NPAGES];   // the model: 1 for pages handed out

static int
setup(void **state)
{
  (void)state;
  if (base == NULL && (base = aligned_alloc(PGSIZE << KMAXORDER,
                                            (size_t)NPAGES * PGSIZE)) == NULL)
    return -1;
  memset(used, 0, sizeof(used));
  buddyinit(&b, base, NPAGES, meta);
  return buddyadd(&b, base, base + (size_t)NPAGES * PGSIZE);
}

// Return the number of free blocks of the given order.
static uint
nblocks(int order)
{
  struct pageinfo *pi;
  uint n = 0;

  for (pi = b.free[order]; pi != NULL; pi = pi->next)
    n++;
  return n;
}

// The whole range is free and merged into blocks of the largest order.
static void
whole(void)
{
  int k;

  assert_int_equal(buddycheck(&b, 0), 0);
  assert_int_equal(b.nfree, NPAGES);
  for (k = 0; k < KMAXORDER; k++)
    assert_int_equal(nblocks(k), 0);
  assert_int_equal(nblocks(KMAXORDER), NPAGES >> KMAXORDER);
}

// Check that block p of the order is in range, aligned, and not handed
// out already; then mark it in the model.
static void
claim(char *p, int order)
{
  uint i, n = 1u << order;
  size_t off = p - base;

  assert_non_null(p);
  assert_true(p >= base && off + (size_t)n * PGSIZE <= (size_t)NPAGES * PGSIZE);
  assert_int_equal(off % ((size_t)PGSIZE << order), 0);
  for (i = 0; i < n; i++) {
    assert_int_equal(used[off / PGSIZE + i], 0);
    used[off / PGSIZE + i] = 1;
  }
}

// Free block p of the order, checking the result, and unmark it.
static void
unclaim(char *p, int order)
{
  assert_int_equal(buddyfree(&b, p, order), 0);
  memset(used + (p - base) / PGSIZE, 0, 1u << order);
}

// After adding the range everything is free and fully merged; before,
// nothing could be allocated.
static void
test_add(void **state)
{
  (void)state;
  whole();
  buddyinit(&b, base, NPAGES, meta);
  assert_int_equal(b.nfree, 0);
  assert_null(buddyalloc(&b, 0));
  assert_int_equal(buddycheck(&b, 0), 0);
}

// Adding part of the range: only those pages are ever handed out, and
// adding pages twice or outside the range fails without a change.
static void
test_add_part(void **state)
{
  char *lo = base + 3 * PGSIZE, *hi = base + (NPAGES - 5) * PGSIZE;
  char *p;
  uint n = 0;

  (void)state;
  buddyinit(&b, base, NPAGES, meta);
  assert_int_equal(buddyadd(&b, lo, hi), 0);
  assert_int_equal(b.nfree, NPAGES - 8);
  assert_int_equal(buddyadd(&b, lo, lo + PGSIZE), BE_FREE);
  assert_int_equal(buddyadd(&b, base, base + 4 * PGSIZE), BE_FREE);
  assert_int_equal(buddyadd(&b, hi, base + (NPAGES + 1) * PGSIZE), BE_RANGE);
  assert_int_equal(buddyadd(&b, base + 1, base + PGSIZE + 1), BE_RANGE);
  assert_int_equal(buddyadd(&b, hi, hi + 100), BE_RANGE);
  assert_int_equal(b.nfree, NPAGES - 8);
  assert_int_equal(buddycheck(&b, 0), 0);
  while ((p = buddyalloc(&b, 0)) != NULL) {
    assert_true(p >= lo && p < hi);
    n++;
  }
  assert_int_equal(n, NPAGES - 8);
  assert_int_equal(buddyadd(&b, hi, hi + PGSIZE), 0);
  assert_int_equal(b.nfree, 1);
}

// Each order gives an aligned block of its size, which merges back.
static void
test_orders(void **state)
{
  struct pageinfo *pi;
  char *p;
  int k;

  (void)state;
  for (k = 0; k <= KMAXORDER; k++) {
    p = buddyalloc(&b, k);
    claim(p, k);
    assert_int_equal(b.nfree, NPAGES - (1u << k));
    pi = buddyinfo(&b, p);
    assert_int_equal(pi->state, PG_USED);
    assert_int_equal(pi->order, k);
    assert_ptr_equal(buddyinfo(&b, p + (PGSIZE << k) - 1),
                     pi + (1u << k) - 1);
    assert_int_equal(buddycheck(&b, 0), 0);
    unclaim(p, k);
    whole();
  }
  assert_null(buddyalloc(&b, -1));
  assert_null(buddyalloc(&b, KMAXORDER + 1));
}

// buddyinfo finds the page of any address in the range, NULL outside.
static void
test_info(void **state)
{
  (void)state;
  assert_ptr_equal(buddyinfo(&b, base), &meta[0]);
  assert_ptr_equal(buddyinfo(&b, base + 5 * PGSIZE + 17), &meta[5]);
  assert_ptr_equal(buddyinfo(&b, base + (size_t)NPAGES * PGSIZE - 1),
                   &meta[NPAGES - 1]);
  assert_null(buddyinfo(&b, base + (size_t)NPAGES * PGSIZE));
  assert_null(buddyinfo(&b, base - 1));
}

// Allocating single pages gets every page once, then NULL at every
// order; freeing them in random order merges back to the whole range.
static void
test_exhaust(void **state)
{
  static char *page[NPAGES];
  uint i, j, rng = 99;
  char *t;
  int k;

  (void)state;
  for (i = 0; i < NPAGES; i++)
    claim(page[i] = buddyalloc(&b, 0), 0);
  for (k = 0; k <= KMAXORDER; k++)
    assert_null(buddyalloc(&b, k));
  assert_int_equal(b.nfree, 0);
  assert_int_equal(buddycheck(&b, 0), 0);
  for (i = NPAGES - 1; i > 0; i--) {
    rng = rng * 1103515245 + 12345;
    j = (rng >> 8) % (i + 1);
    t = page[i];
    page[i] = page[j];
    page[j] = t;
  }
  for (i = 0; i < NPAGES; i++)
    unclaim(page[i], 0);
  whole();
}

// With every other page taken, half the pages are free but no block of
// two pages is.
static void
test_fragmented(void **state)
{
  uint i;

  (void)state;
  for (i = 0; i < NPAGES; i++)
    claim(buddyalloc(&b, 0), 0);
  for (i = 0; i < NPAGES; i += 2)
    unclaim(base + i * PGSIZE, 0);
  assert_int_equal(b.nfree, NPAGES / 2);
  assert_null(buddyalloc(&b, 1));
  assert_non_null(buddyalloc(&b, 0));
  assert_int_equal(buddycheck(&b, 0), 0);
}

// Bad frees are refused with their error and change nothing.
static void
test_bad_free(void **state)
{
  char *p, *q;

  (void)state;
  p = buddyalloc(&b, 2);
  q = buddyalloc(&b, 0);
  assert_int_equal(buddyfree(&b, p, 1), BE_ORDER);
  assert_int_equal(buddyfree(&b, p, 3), BE_ORDER);
  assert_int_equal(buddyfree(&b, p + PGSIZE, 0), BE_ORDER);
  assert_int_equal(buddyfree(&b, p + PGSIZE, 1), BE_ALIGN);
  assert_int_equal(buddyfree(&b, p + 1, 2), BE_RANGE);
  assert_int_equal(buddyfree(&b, base - PGSIZE, 0), BE_RANGE);
  assert_int_equal(buddyfree(&b, base + (size_t)NPAGES * PGSIZE, 0),
                   BE_RANGE);
  assert_int_equal(buddyfree(&b, p, -1), BE_ORDER);
  assert_int_equal(buddyfree(&b, p, KMAXORDER + 1), BE_ORDER);
  assert_int_equal(b.nfree, NPAGES - 5);
  assert_int_equal(buddycheck(&b, 0), 0);
  assert_int_equal(buddyfree(&b, q, 0), 0);
  assert_int_equal(buddyfree(&b, q, 0), BE_FREE);
  assert_int_equal(buddyfree(&b, p, 2), 0);
  // Now merged into a larger free block: still a double free.
  assert_int_equal(buddyfree(&b, p, 2), BE_FREE);
  assert_int_equal(buddyfree(&b, p + 2 * PGSIZE, 1), BE_FREE);
  whole();
}

// A cached page is allocated to the allocator, free to its cache: freeing
// or caching it again is a double free, only single allocated pages are
// cached, buddycheck counts them, and uncached it frees and merges.
static void
test_cached(void **state)
{
  char *p, *q, *r;

  (void)state;
  p = buddyalloc(&b, 0);
  q = buddyalloc(&b, 0);
  r = buddyalloc(&b, 1);
  assert_int_equal(buddycache(&b, p), 0);
  assert_int_equal(buddyinfo(&b, p)->state, PG_CACHED);
  assert_int_equal(b.nfree, NPAGES - 4);
  assert_int_equal(buddycheck(&b, 1), 0);
  assert_int_equal(buddycheck(&b, 0), -1);
  assert_int_equal(buddycheck(&b, 2), -1);
  assert_int_equal(buddyfree(&b, p, 0), BE_FREE);
  assert_int_equal(buddycache(&b, p), BE_FREE);
  assert_int_equal(buddycache(&b, r), BE_ORDER);
  assert_int_equal(buddycache(&b, r + PGSIZE), BE_ORDER);
  assert_int_equal(buddycache(&b, p + 1), BE_RANGE);
  assert_int_equal(buddycache(&b, base + (size_t)NPAGES * PGSIZE), BE_RANGE);
  assert_int_equal(buddycache(&b, r + 2 * PGSIZE), BE_FREE);
  assert_int_equal(buddycheck(&b, 1), 0);
  // A cached page never merges: its free buddy stays a block of its own.
  assert_int_equal(buddyfree(&b, q, 0), 0);
  assert_int_equal(buddycheck(&b, 1), 0);
  assert_int_equal(buddyinfo(&b, q)->state, PG_FREE);
  buddyuncache(&b, p);
  assert_int_equal(buddyinfo(&b, p)->state, PG_USED);
  assert_int_equal(buddycheck(&b, 0), 0);
  assert_int_equal(buddyfree(&b, p, 0), 0);
  assert_int_equal(buddyfree(&b, r, 1), 0);
  whole();
}

// A page never added is refused as out of range.
static void
test_reserved(void **state)
{
  (void)state;
  buddyinit(&b, base, NPAGES, meta);
  assert_int_equal(buddyadd(&b, base + PGSIZE, base + NPAGES * PGSIZE), 0);
  assert_int_equal(buddyfree(&b, base, 0), BE_RANGE);
  assert_int_equal(buddycheck(&b, 0), 0);
}

// The owner slot belongs to the caller: alloc and free leave it alone.
static void
test_owner(void **state)
{
  char *p;

  (void)state;
  p = buddyalloc(&b, 3);
  buddyinfo(&b, p + PGSIZE)->owner = &b;
  assert_ptr_equal(buddyinfo(&b, buddyalloc(&b, 0))->owner, NULL);
  assert_ptr_equal(buddyinfo(&b, p + PGSIZE)->owner, &b);
  buddyinfo(&b, p + PGSIZE)->owner = NULL;
  assert_int_equal(buddyfree(&b, p, 3), 0);
}

// A long random trace of allocations and frees against the page map.
static void
test_trace(void **state)
{
  static struct { char *p; int order; } live[512];
  uint i, j, rng = 7, npages = 0;
  int k;

  (void)state;
  for (i = 1; i <= TRACEOPS; i++) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    j = rng % NELEM(live);
    if (live[j].p != NULL) {
      unclaim(live[j].p, live[j].order);
      npages -= 1u << live[j].order;
      live[j].p = NULL;
    } else {
      // Orders weighted toward small: order k with chance about 2^-(k+1).
      for (k = 0; k < KMAXORDER && (rng >> (8 + k)) & 1; k++)
        ;
      if ((live[j].p = buddyalloc(&b, k)) == NULL)
        continue;
      claim(live[j].p, k);
      live[j].order = k;
      npages += 1u << k;
    }
    assert_int_equal(b.nfree, NPAGES - npages);
    if (i % 100000 == 0)
      assert_int_equal(buddycheck(&b, 0), 0);
  }
  for (j = 0; j < NELEM(live); j++)
    if (live[j].p != NULL)
      unclaim(live[j].p, live[j].order);
  whole();
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_add, setup),
    cmocka_unit_test_setup(test_add_part, setup),
    cmocka_unit_test_setup(test_orders, setup),
    cmocka_unit_test_setup(test_info, setup),
    cmocka_unit_test_setup(test_exhaust, setup),
    cmocka_unit_test_setup(test_fragmented, setup),
    cmocka_unit_test_setup(test_bad_free, setup),
    cmocka_unit_test_setup(test_cached, setup),
    cmocka_unit_test_setup(test_reserved, setup),
    cmocka_unit_test_setup(test_owner, setup),
    cmocka_unit_test_setup(test_trace, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
