// Host tests for the benchmark's trace generator (userland/include/kmtrace.h),
// which stress and bench/host/hbench.c both compile: its traces are valid
// kmreplay input, follow their size distributions and depend on the seed.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kmtrace.h"

static struct kmrop ops[KMR_MAXOPS];
static struct kmrop other[KMR_MAXOPS];
static char used[KMR_MAXSLOTS];

// Check that the n operations of w's trace are what kmreplay takes and
// have its shape: fill every slot in order, then pairs that free a live
// slot and allocate it again, then free every slot in order.
static void
checkshape(const struct kmtwork *w, uint n)
{
  uint i, k;

  assert_int_equal(n, 2 * (w->live + w->churn));
  memset(used, 0, sizeof(used));
  for(i = 0; i < n; i++){
    assert_true(ops[i].slot < w->live);
    assert_true(ops[i].size <= KMR_MAXSIZE);
    assert_int_equal(used[ops[i].slot], ops[i].size == 0);
    used[ops[i].slot] = ops[i].size != 0;
  }
  for(i = 0; i < w->live; i++){
    assert_int_equal(ops[i].slot, i);
    assert_int_equal(ops[n - w->live + i].slot, i);
    assert_int_equal(ops[n - w->live + i].size, 0);
  }
  for(k = w->live; k < n - w->live; k += 2){
    assert_int_equal(ops[k].size, 0);
    assert_int_equal(ops[k + 1].slot, ops[k].slot);
  }
}

// Every distribution, small and large, gives a well-formed trace.
static void
test_shape(void **state)
{
  static const uint lives[] = { 1, 100, 10000 }, churns[] = { 5, 1000, 10000 };
  struct kmtwork w = { .size = 100, .seed = 7 };
  uint i;

  (void)state;
  for(w.dist = KMT_UNIFORM; w.dist < KMT_NDIST; w.dist++)
    for(i = 0; i < 3; i++){
      w.live = lives[i];
      w.churn = churns[i];
      checkshape(&w, kmtbuild(&w, ops));
    }
}

// Uniform sizes are the eight powers of two 16..2048, each about an
// eighth of the allocations.
static void
test_uniform(void **state)
{
  struct kmtwork w = { KMT_UNIFORM, 0, 10000, 10000, 3 };
  uint i, n, c, nalloc = 0, count[8] = { 0 };

  (void)state;
  n = kmtbuild(&w, ops);
  for(i = 0; i < n; i++){
    if(ops[i].size == 0)
      continue;
    for(c = 0; c < 8 && ops[i].size != 16U << c; c++)
      ;
    assert_true(c < 8);
    count[c]++;
    nalloc++;
  }
  for(c = 0; c < 8; c++){
    assert_true(count[c] > nalloc / 8 * 9 / 10);
    assert_true(count[c] < nalloc / 8 * 11 / 10);
  }
}

// The kernel-like mix is 16..256 bytes seven times in eight, else
// 257..4096, and reaches both ends of both ranges' neighbourhoods.
static void
test_kmix(void **state)
{
  struct kmtwork w = { KMT_KMIX, 0, 10000, 20000, 5 };
  uint i, n, small = 0, nalloc = 0, lo = ~0U, hi = 0;

  (void)state;
  n = kmtbuild(&w, ops);
  for(i = 0; i < n; i++){
    if(ops[i].size == 0)
      continue;
    assert_true(ops[i].size >= 16 && ops[i].size <= 4096);
    small += ops[i].size <= 256;
    nalloc++;
    lo = ops[i].size < lo ? ops[i].size : lo;
    hi = ops[i].size > hi ? ops[i].size : hi;
  }
  assert_true(small * 1000 > nalloc * 855 && small * 1000 < nalloc * 895);
  assert_true(lo < 20 && hi > 4000);
}

// The fixed distribution asks for its size every time.
static void
test_fixed(void **state)
{
  struct kmtwork w = { KMT_FIXED, 100, 100, 1000, 1 };
  uint i, n;

  (void)state;
  n = kmtbuild(&w, ops);
  for(i = 0; i < n; i++)
    assert_true(ops[i].size == 0 || ops[i].size == 100);
}

// The number of operations where the traces in ops and other differ.
static uint
differ(uint n)
{
  uint i, d = 0;

  for(i = 0; i < n; i++)
    d += ops[i].slot != other[i].slot || ops[i].size != other[i].size;
  return d;
}

// The same workload gives the same trace; another seed, number of live
// objects or distribution gives another.
static void
test_seeded(void **state)
{
  struct kmtwork w = { KMT_UNIFORM, 0, 1000, 1000, 1 }, v;
  uint n;

  (void)state;
  n = kmtbuild(&w, ops);
  v = w;
  assert_int_equal(kmtbuild(&v, other), n);
  assert_int_equal(differ(n), 0);
  v.seed = 2;
  kmtbuild(&v, other);
  assert_true(differ(n) > n / 4);
  v = w;
  v.live = 1001;
  kmtbuild(&v, other);
  assert_true(differ(n) > n / 4);
  v = w;
  v.dist = KMT_KMIX;
  kmtbuild(&v, other);
  assert_true(differ(n) > n / 4);
}

// The seed whose hash is 0 still starts a generator that moves: xorshift
// would stay at 0 forever.
static void
test_zero_hash(void **state)
{
  struct kmtwork w = { KMT_UNIFORM, 0, 100, 0, 0 };
  uint a = KMT_HASHMUL, inv = a, rng, i;

  (void)state;
  for(i = 0; i < 5; i++)
    inv *= 2 - a * inv;   // Newton's step for the inverse mod 2^32
  assert_int_equal(a * inv, 1);
  w.seed = inv * (KMT_HASHBASE ^ (w.live << 8) ^ (uint)w.dist);
  rng = kmtseed(&w);
  assert_int_not_equal(rng, 0);
  for(i = 0; i < 100; i++)
    assert_int_not_equal(kmtrand(&rng), 0);
}

// The standard set's largest workload fits within kmreplay's limits.
static void
test_standard_fits(void **state)
{
  static const uint lives[] = KMT_LIVES;
  uint top = lives[KMT_NLIVE - 1];

  (void)state;
  assert_int_equal(sizeof(lives) / sizeof(lives[0]), KMT_NLIVE);
  assert_true(top <= KMR_MAXSLOTS);
  assert_true(2 * (top + KMT_CHURN) <= KMR_MAXOPS);
  assert_true(KMT_QCHURN <= KMT_CHURN);
  assert_true(KMT_SIZE > 0 && KMT_SIZE <= KMR_MAXSIZE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_shape),
    cmocka_unit_test(test_uniform),
    cmocka_unit_test(test_kmix),
    cmocka_unit_test(test_fixed),
    cmocka_unit_test(test_seeded),
    cmocka_unit_test(test_zero_hash),
    cmocka_unit_test(test_standard_fits),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
