// Host tests for the conversion of a kernel allocation trace to kmreplay
// form (userland/include/ktconv.h), which kmrec compiles: slots, skipped
// and unmatched records, distinct sizes, peak live, limits, file records.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ktconv.h"

static struct ktconv conv;
static struct kmrop ops[KMR_MAXOPS];

// Convert one record and expect the result want.
static void
rec(int op, uint cache, uint size, uint addr, int want)
{
  struct ktrec r = { .op = op, .cache = cache, .size = size, .addr = addr };

  assert_int_equal(ktcrec(&conv, &r, ops), want);
}

// Expect operation i to be (slot, size).
static void
isop(uint i, uint slot, uint size)
{
  assert_true(i < conv.ops);
  assert_int_equal(ops[i].slot, slot);
  assert_int_equal(ops[i].size, size);
}

// Clear the conversion before each test.
static int
setup(void **state)
{
  memset(&conv, 0, sizeof(conv));
  return 0;
}

// An object takes the lowest free slot and gives it back when freed;
// the same address in a cache and in kmalloc are two objects.
static void
test_slots(void **state)
{
  rec(KT_ALLOC, 0, 100, 0x1000, 0);
  rec(KT_CALLOC, 1, 48, 0x1000, 0);
  rec(KT_ALLOC, 0, 20, 0x2000, 0);
  rec(KT_FREE, 0, 0, 0x1000, 0);
  rec(KT_ALLOC, 0, 30, 0x3000, 0);
  rec(KT_CFREE, 1, 48, 0x1000, 0);
  rec(KT_FREE, 0, 0, 0x3000, 0);
  rec(KT_FREE, 0, 0, 0x2000, 0);
  assert_int_equal(conv.ops, 8);
  isop(0, 0, 100);
  isop(1, 1, 48);
  isop(2, 2, 20);
  isop(3, 0, 0);
  isop(4, 0, 30);
  isop(5, 1, 0);
  isop(6, 0, 0);
  isop(7, 2, 0);
  assert_int_equal(conv.slots, 3);
  assert_int_equal(conv.live, 0);
  assert_int_equal(conv.unmatched, 0);
}

// A free of an object never seen allocated is skipped and counted; an
// allocation of one seen live frees it first and is counted.
static void
test_unmatched(void **state)
{
  rec(KT_FREE, 0, 0, 0x5000, 0);
  rec(KT_CFREE, 2, 64, 0x5000, 0);
  assert_int_equal(conv.ops, 0);
  assert_int_equal(conv.unmatched, 2);
  rec(KT_ALLOC, 0, 8, 0x6000, 0);
  rec(KT_ALLOC, 0, 16, 0x6000, 0);
  assert_int_equal(conv.relive, 1);
  assert_int_equal(conv.ops, 3);
  isop(1, 0, 0);
  isop(2, 0, 16);
  assert_int_equal(conv.live, 16);
}

// Distinct sizes are counted once each; peak live is the most bytes
// live at once, not the total.
static void
test_sizes_peak(void **state)
{
  rec(KT_ALLOC, 0, 100, 0x100, 0);
  rec(KT_ALLOC, 0, 200, 0x200, 0);
  rec(KT_FREE, 0, 0, 0x100, 0);
  rec(KT_ALLOC, 0, 100, 0x300, 0);
  rec(KT_CALLOC, 3, 200, 0x400, 0);
  rec(KT_FREE, 0, 0, 0x200, 0);
  rec(KT_FREE, 0, 0, 0x300, 0);
  assert_int_equal(conv.sizes, 2);
  assert_int_equal(conv.peak_live, 500);
  assert_int_equal(conv.live, 200);
}

// An object above KMR_MAXSIZE is skipped with its free, taking no slot.
static void
test_toobig(void **state)
{
  rec(KT_ALLOC, 0, KMR_MAXSIZE + 1, 0x8000, 0);
  rec(KT_ALLOC, 0, 10, 0x9000, 0);
  rec(KT_FREE, 0, 0, 0x8000, 0);
  assert_int_equal(conv.skipped, 2);
  assert_int_equal(conv.unmatched, 0);
  assert_int_equal(conv.ops, 1);
  isop(0, 0, 10);
  assert_int_equal(conv.peak_live, 10);
}

// More objects live than slots, and more operations than KMR_MAXOPS,
// stop the conversion with their own codes.
static void
test_limits(void **state)
{
  uint i;

  for(i = 0; i < KMR_MAXSLOTS; i++)
    rec(KT_ALLOC, 0, 8, 8 * (i + 1), 0);
  assert_int_equal(conv.slots, KMR_MAXSLOTS);
  rec(KT_ALLOC, 0, 8, 8 * (i + 1), KTC_FULLSLOTS);
  for(i = 0; conv.ops < KMR_MAXOPS; i++)
    rec(i % 2 ? KT_ALLOC : KT_FREE, 0, 8, 8, 0);
  rec(KT_FREE, 0, 0, 16, KTC_FULLOPS);
}

// Every live object's identity stays findable through many frees in a
// crowded table (the backward-shift deletion keeps probe runs whole).
static void
test_table(void **state)
{
  uint i, k, before, n = KMR_MAXSLOTS, seed = 1;
  static uint addr[KMR_MAXSLOTS];
  static char live[KMR_MAXSLOTS];

  for(i = 0; i < n; i++){
    // Distinct through the low bits, random above: they collide.
    seed = seed * 1103515245 + 12345;
    addr[i] = 8 * (i | (seed & 0x1fffc000));
    rec(KT_ALLOC, 0, 8, addr[i], 0);
    live[i] = 1;
  }
  for(i = 0; i < 20000; i++){
    seed = seed * 1103515245 + 12345;
    k = (seed >> 8) % n;
    before = conv.unmatched;
    rec(KT_FREE, 0, 0, addr[k], 0);
    assert_int_equal(conv.unmatched - before, !live[k]);
    live[k] = 0;
  }
  for(i = 0; i < n; i++)
    assert_int_equal(ktcfind(&conv, 0, addr[i])->used, live[i]);
}

// Records survive encoding for a file and decoding, a cache op taking its
// size from the file's cache table, a kmfree none; addresses may move
// either way, far or near.
static void
test_file(void **state)
{
  static const struct ktcache caches[8] = {
    { 1, 24, "region" }, { 2, 72, "vmspace" }, [7] = { 8, 500, "big" },
  };
  static const struct ktrec in[] = {
    { KT_ALLOC, 3, 0, 5000, 0x80123458 },
    { KT_CFREE, 1, 2, 72, 0x80200000 },
    { KT_FREE, 7, 0, 0, 0x80123458 },
    { KT_CALLOC, 0, 8, 500, 0xfffffff8 },
    { KT_ALLOC, 2, 0, 128 * 1024, 0x8 },
    { KT_CALLOC, 5, 1, 24, 0x80000010 },
  };
  unsigned char buf[sizeof(in) / sizeof(in[0]) * KTF_MAXENC];
  uint i, pos = 0, prev = 0, want[] = { 5000, 72, 0, 500, 128 * 1024, 24 };
  struct ktrec r;

  for(i = 0; i < sizeof(in) / sizeof(in[0]); i++){
    uint before = pos;

    ktfput(buf, &pos, &prev, &in[i]);
    assert_true(pos - before <= KTF_MAXENC);
  }
  assert_true(pos < sizeof(in) / sizeof(in[0]) * 8);
  for(i = 0, prev = 0, pos = 0; i < sizeof(in) / sizeof(in[0]); i++){
    ktfget(buf, &pos, sizeof(buf), &prev, caches, 8, &r);
    assert_int_equal(r.op, in[i].op);
    assert_int_equal(r.cpu, in[i].cpu);
    assert_int_equal(r.cache, in[i].cache);
    assert_int_equal(r.addr, in[i].addr);
    assert_int_equal(r.size, want[i]);
  }
  assert_true(sizeof(struct ktfile) + KT_MAXCACHES * sizeof(struct ktcache) +
              KTF_MAXBYTES <= MAXFILE * BSIZE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_slots, setup),
    cmocka_unit_test_setup(test_unmatched, setup),
    cmocka_unit_test_setup(test_sizes_peak, setup),
    cmocka_unit_test_setup(test_toobig, setup),
    cmocka_unit_test_setup(test_limits, setup),
    cmocka_unit_test_setup(test_table, setup),
    cmocka_unit_test_setup(test_file, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
