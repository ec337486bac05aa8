// Host tests for the user token tables (core/kmtok.c) over the slab heap:
// tokens name blocks, a freed token is refused for good, a table starts
// small on kmalloc and grows by doubling onto pages, and it gives back
// every byte and page it took.

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
#define SLOT  sizeof(struct kmtok)

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
  assert_int_equal(st.live_bytes, 100 + TOKMIN * SLOT);
  assert_int_equal(kmtokdel(&k, t + 1), -1);
  assert_int_equal(kmtokdel(&k, t ^ (1u << 31)), -1);
  assert_int_equal(kmtokdel(&k, 0), -1);
  assert_int_equal(kmtokdel(&k, t), 0);
  assert_int_equal(kmtokdel(&k, t), -1);
  kmstats(&st);
  assert_int_equal(st.live_bytes, TOKMIN * SLOT);
  kmtokclear(&k);
  kmstats(&st);
  assert_int_equal(st.live_bytes, 0);
  assert_int_equal(kmtokpages(), 0);
}

// The first token makes a table of TOKMIN slots, one kmalloc block and
// no pages of its own.
static void
test_small(void **state)
{
  struct kmtoks k = { 0 };
  struct kmstats st;

  (void)state;
  assert_int_not_equal(kmtoknew(&k, 8), 0);
  kmstats(&st);
  assert_int_equal(k.cap, TOKMIN);
  assert_int_equal(st.allocs, 2);
  assert_int_equal(st.live_bytes, 8 + TOKMIN * SLOT);
  assert_int_equal(kmtokpages(), 0);
  kmtokclear(&k);
  kmstats(&st);
  assert_int_equal(st.frees, 2);
  assert_int_equal(st.live_bytes, 0);
}

// Check k's table, just grown, after n live 8-byte tokens: the least
// doubling of TOKMIN that holds them (so it grew only when full), a kmalloc block up to KMALLOC_MAX, pages
// beyond; 1 if it is on pages.
static int
checktable(struct kmtoks *k, uint n)
{
  struct kmstats st;
  uint cap = TOKMIN;

  while (cap < n)
    cap *= 2;
  assert_int_equal(k->cap, cap);
  kmstats(&st);
  if (cap * SLOT <= KMALLOC_MAX) {
    assert_int_equal(st.live_bytes, 8 * n + cap * SLOT);
    assert_int_equal(kmtokpages(), 0);
    return 0;
  }
  assert_int_equal(st.live_bytes, 8 * n);
  assert_int_equal(kmtokpages() * PGSIZE / 2 < cap * SLOT, 1);
  assert_int_equal(kmtokpages() * PGSIZE >= cap * SLOT, 1);
  return 1;
}

// The table doubles exactly when full, through kmalloc while a block
// holds it, then through pages; every token survives each move.
static void
test_growth(void **state)
{
  static uint tok[4 * KMALLOC_MAX / sizeof(struct kmtok)];
  struct kmtoks k = { 0 };
  uint n = 0, i, cap = 0, onpages = 0;

  (void)state;
  while (onpages < 2) {
    assert_int_not_equal(tok[n] = kmtoknew(&k, 8), 0);
    n++;
    if (k.cap != cap) {
      cap = k.cap;
      onpages += checktable(&k, n);
    }
  }
  for (i = 0; i < n; i++)
    assert_int_equal(kmtokdel(&k, tok[i]), 0);
  kmtokclear(&k);
  assert_int_equal(kmtokpages(), 0);
}

// A table that cannot grow for want of pages refuses the token, counted
// as one failed kmalloc, and keeps every token it had.
static void
test_growfail(void **state)
{
  uint tok[TOKMIN], i;
  struct kmtoks k = { 0 };
  struct kmstats a, b;

  (void)state;
  for (i = 0; i < TOKMIN; i++)
    assert_int_not_equal(tok[i] = kmtoknew(&k, 8), 0);
  hostpg.limit = hostpg.out;
  kmstats(&a);
  assert_int_equal(kmtoknew(&k, 8), 0);
  kmstats(&b);
  assert_int_equal(b.fails - a.fails, 1);
  assert_int_equal(b.live_bytes, a.live_bytes);
  assert_int_equal(k.cap, TOKMIN);
  hostpg.limit = 0;
  assert_int_not_equal(kmtoknew(&k, 8), 0);
  for (i = 0; i < TOKMIN; i++)
    assert_int_equal(kmtokdel(&k, tok[i]), 0);
  kmtokclear(&k);
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
  assert_true(k.cap >= NLIVE);
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
    cmocka_unit_test_setup(test_small, setup),
    cmocka_unit_test_setup(test_growth, setup),
    cmocka_unit_test_setup(test_growfail, setup),
    cmocka_unit_test_setup(test_stale, setup),
    cmocka_unit_test_setup(test_grow_clear, setup),
    cmocka_unit_test_setup(test_limit, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
