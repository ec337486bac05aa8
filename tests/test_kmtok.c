// Host tests for the user token tables (core/kmtok.c) over the slab heap:
// tokens name blocks, a freed token is refused for good, and a table
// gives back every page it took.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"
#include "core/kmalloc.c"
#include "alloc/kmalloc_slab.c"
#include "core/kmtok.c"

#define NLIVE 5000   // live tokens the growth test holds

// A fresh page source and heap for each test.
static int
setup(void **state)
{
  (void)state;
  hostpagesinit(HOSTPAGES);
  hostsetcpu(0);
  kmallocinit();
  return 0;
}

// Tokens are never 0, free their block once, and refuse made-up values.
static void
test_basic(void **state)
{
  struct kmtoks k = { 0 };
  struct kmstats st;
  uint t;

  (void)state;
  t = kmtoknew(&k, 100);
  assert_int_not_equal(t, 0);
  kmstats(&st);
  assert_int_equal(st.live_bytes, 100);
  assert_int_equal(kmtokdel(&k, t + 1), -1);
  assert_int_equal(kmtokdel(&k, t ^ (1u << 31)), -1);
  assert_int_equal(kmtokdel(&k, 0), -1);
  assert_int_equal(kmtokdel(&k, t), 0);
  assert_int_equal(kmtokdel(&k, t), -1);
  kmstats(&st);
  assert_int_equal(st.live_bytes, 0);
  kmtokclear(&k);
  assert_int_equal(kmtokpages(), 0);
}

// Freeing and allocating again reuses the slot but never the token, past
// the point where its 15-bit generation is used up and the slot retires.
static void
test_stale(void **state)
{
  struct kmtoks k = { 0 };
  uint first, t, i;

  (void)state;
  first = kmtoknew(&k, 8);
  assert_int_equal(kmtokdel(&k, first), 0);
  for (i = 0; i < 70000; i++) {
    t = kmtoknew(&k, 8);
    assert_int_not_equal(t, first);
    assert_int_equal(kmtokdel(&k, first), -1);
    assert_int_equal(kmtokdel(&k, t), 0);
  }
  // 70,001 tokens from slots of 32,767 generations: three slots used.
  assert_int_equal(k.used, 3);
  kmtokclear(&k);
}

// A table grows to hold many live tokens, all distinct, and exit gives
// back every block and every page of the table.
static void
test_grow_clear(void **state)
{
  static uint tok[NLIVE];
  struct kmtoks k = { 0 };
  struct kmstats st;
  uint i, out = hostpg.out;

  (void)state;
  for (i = 0; i < NLIVE; i++) {
    tok[i] = kmtoknew(&k, 16 + i % 200);
    assert_int_not_equal(tok[i], 0);
  }
  assert_true(kmtokpages() >= NLIVE * sizeof(struct kmtok) / PGSIZE);
  for (i = 0; i < NLIVE; i += 2)
    assert_int_equal(kmtokdel(&k, tok[i]), 0);
  for (i = 0; i < NLIVE; i += 2)
    assert_int_equal(kmtokdel(&k, tok[i]), -1);
  kmtokclear(&k);
  kmstats(&st);
  assert_int_equal(st.live_bytes, 0);
  assert_int_equal(kmtokpages(), 0);
  kmreap();
  assert_true(hostpg.out <= out);
}

// At KMTOKMAX live tokens the next request is refused and counted as a
// failed kmalloc; freeing one makes room again.
static void
test_limit(void **state)
{
  struct kmtoks k = { 0 };
  struct kmstats a, b;
  uint i, t = 0;

  (void)state;
  for (i = 0; i < KMTOKMAX; i++)
    assert_int_not_equal(t = kmtoknew(&k, 8), 0);
  kmstats(&a);
  assert_int_equal(kmtoknew(&k, 8), 0);
  kmstats(&b);
  assert_int_equal(b.fails - a.fails, 1);
  assert_int_equal(kmtokdel(&k, t), 0);
  assert_int_not_equal(kmtoknew(&k, 8), 0);
  kmtokclear(&k);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_basic, setup),
    cmocka_unit_test_setup(test_stale, setup),
    cmocka_unit_test_setup(test_grow_clear, setup),
    cmocka_unit_test_setup(test_limit, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
