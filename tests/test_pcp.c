// Host tests for the per-CPU page lists (alloc/pcp.c) over the buddy
// allocator: refill, drain at the high mark, drain-all on exhaustion for
// every order, bad frees, the checker, and CPUs racing in threads.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <cmocka.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"
#include "alloc/pcp.c"

#define NPAGES 4096       // 16 MiB: four blocks of the largest order
#define RACEPAGES 512     // a small machine, so the racing CPUs exhaust it
#define RACEOPS 200000

static struct buddy b;
static struct pageinfo meta[NPAGES];
static struct spinlock lock;
static struct pcp p;
static char *base;
static char *pages[NPAGES + 1];   // room for the NULL after the last

// Start over with npages free pages, every list empty, on CPU 0.
static void
start(uint npages)
{
  if (base == NULL && (base = aligned_alloc(PGSIZE << KMAXORDER,
                                            (size_t)NPAGES * PGSIZE)) == NULL)
    abort();
  buddyinit(&b, base, npages, meta);
  if (buddyadd(&b, base, base + (size_t)npages * PGSIZE) != 0)
    abort();
  initlock(&lock, "buddy");
  pcpinit(&p, &b, &lock);
  hostsetcpu(0);
}

static int
setup(void **state)
{
  (void)state;
  start(NPAGES);
  return 0;
}

// The free pages: the buddy's and the lists'.
static uint
nfree(void)
{
  return b.nfree + pcpheld(&p);
}

// Everything checks and no CPU holds a lock or a pushcli.
static void
sound(void)
{
  assert_int_equal(pcpcheck(&p), 0);
  assert_true(hostquiet());
}

// On CPU c, allocate n single pages into pages[from..].
static void
takeon(int c, uint from, uint n)
{
  uint i;

  hostsetcpu(c);
  for (i = from; i < from + n; i++)
    assert_non_null(pages[i] = pcpalloc(&p, 0));
}

// On CPU c, free pages[from..from+n).
static void
giveon(int c, uint from, uint n)
{
  uint i;

  hostsetcpu(c);
  for (i = from; i < from + n; i++)
    assert_int_equal(pcpfree(&p, pages[i], 0), 0);
}

// The first single page refills the CPU's list with a batch; the next
// batch's worth come from it without touching the buddy allocator.
static void
test_refill(void **state)
{
  (void)state;
  takeon(0, 0, 1);
  assert_int_equal(p.cpu[0].n, PCPBATCH - 1);
  assert_int_equal(b.nfree, NPAGES - PCPBATCH);
  assert_int_equal(nfree(), NPAGES - 1);
  assert_int_equal(buddyinfo(&b, pages[0])->state, PG_USED);
  sound();
  takeon(0, 1, PCPBATCH - 1);
  assert_int_equal(p.cpu[0].n, 0);
  assert_int_equal(b.nfree, NPAGES - PCPBATCH);
  takeon(0, PCPBATCH, 1);
  assert_int_equal(p.cpu[0].n, PCPBATCH - 1);
  assert_int_equal(p.cpu[1].n, 0);
  sound();
}

// Frees fill the freeing CPU's list up to the high mark; one more gives
// the batch of coldest pages back, and the last freed stays.
static void
test_highmark(void **state)
{
  (void)state;
  takeon(0, 0, PCPHIGH + 1);
  giveon(1, 0, PCPHIGH);
  assert_int_equal(p.cpu[1].n, PCPHIGH);
  sound();
  giveon(1, PCPHIGH, 1);
  assert_int_equal(p.cpu[1].n, PCPHIGH + 1 - PCPBATCH);
  assert_int_not_equal(buddyinfo(&b, pages[PCPBATCH - 1])->state, PG_CACHED);
  assert_int_equal(buddyinfo(&b, pages[PCPBATCH])->state, PG_CACHED);
  assert_int_equal(buddyinfo(&b, pages[PCPHIGH])->state, PG_CACHED);
  assert_ptr_equal(p.cpu[1].head, buddyinfo(&b, pages[PCPHIGH]));
  assert_int_equal(nfree(), NPAGES);
  sound();
  // The hottest page is handed out first.
  hostsetcpu(1);
  assert_ptr_equal(pcpalloc(&p, 0), pages[PCPHIGH]);
}

// One CPU takes every page although others hold pages on their lists:
// the buddy allocator running dry drains them all, so the last page is
// still allocatable, and then nothing is left anywhere.
static void
test_drainall(void **state)
{
  uint n;

  (void)state;
  takeon(1, 0, 100);
  giveon(1, 0, 100);
  takeon(2, 0, 3);
  giveon(2, 0, 3);
  assert_true(p.cpu[1].n > 0 && p.cpu[2].n > 0);
  hostsetcpu(0);
  for (n = 0; (pages[n] = pcpalloc(&p, 0)) != NULL; n++)
    assert_true(n < NPAGES);
  assert_int_equal(n, NPAGES);
  assert_int_equal(nfree(), 0);
  sound();
  // One page freed on CPU 3 is the only one: CPU 0 gets it.
  giveon(3, 7, 1);
  hostsetcpu(0);
  assert_ptr_equal(pcpalloc(&p, 0), pages[7]);
  assert_null(pcpalloc(&p, 0));
  sound();
}

// A run needs pages merged from several CPUs' lists: with every page out,
// two buddies freed on two CPUs make the one order-1 block there is, and
// all freed on one CPU give every largest block back.
static void
test_drainorder(void **state)
{
  char *pair;
  uint n, i;

  (void)state;
  for (n = 0; (pages[n] = pcpalloc(&p, 0)) != NULL; n++)
    ;
  pair = base + 10 * PGSIZE;
  assert_int_equal(pcpfree(&p, pair, 0), 0);
  hostsetcpu(1);
  assert_int_equal(pcpfree(&p, pair + PGSIZE, 0), 0);
  hostsetcpu(2);
  assert_null(pcpalloc(&p, 2));
  assert_ptr_equal(pcpalloc(&p, 1), pair);
  assert_int_equal(pcpfree(&p, pair, 1), 0);
  for (i = 0; i < n; i++)
    if (pages[i] != pair && pages[i] != pair + PGSIZE)
      assert_int_equal(pcpfree(&p, pages[i], 0), 0);
  assert_int_equal(nfree(), NPAGES);
  assert_true(p.cpu[2].n > 0);
  for (i = 0; i < NPAGES >> KMAXORDER; i++)
    assert_non_null(pcpalloc(&p, KMAXORDER));
  assert_int_equal(pcpheld(&p), 0);
  sound();
}

// A page on any list freed again is a double free, refused with nothing
// changed; so are addresses that are not pages of the range.
static void
test_badfree(void **state)
{
  (void)state;
  takeon(0, 0, 2);
  giveon(1, 0, 1);
  hostsetcpu(1);
  assert_int_equal(pcpfree(&p, pages[0], 0), BE_FREE);
  hostsetcpu(2);
  assert_int_equal(pcpfree(&p, pages[0], 0), BE_FREE);
  assert_int_equal(pcpfree(&p, pages[1] + 1, 0), BE_RANGE);
  assert_int_equal(pcpfree(&p, base + (size_t)NPAGES * PGSIZE, 0), BE_RANGE);
  assert_int_equal(pcpfree(&p, pages[1], 1), BE_ORDER);
  assert_int_equal(p.cpu[1].n, 1);
  assert_int_equal(p.cpu[2].n, 0);
  assert_int_equal(nfree(), NPAGES - 1);
  sound();
}

// The checker finds a list page that is not cached, a wrong count, a
// page on two lists and a page with an owner, and leaves no mark.
static void
test_check(void **state)
{
  struct pageinfo *pi;

  (void)state;
  takeon(0, 0, 1);
  pi = p.cpu[0].head;
  pi->state = PG_USED;
  assert_int_equal(pcpcheck(&p), -1);
  pi->state = PG_CACHED;
  sound();
  p.cpu[0].n++;
  assert_int_equal(pcpcheck(&p), -1);
  p.cpu[0].n--;
  p.cpu[1].head = p.cpu[1].tail = pi->next->next;
  p.cpu[1].n = 1;
  pi->next->next->prev = NULL;
  assert_int_equal(pcpcheck(&p), -1);
  pi->next->next->prev = pi->next;
  p.cpu[1].head = p.cpu[1].tail = NULL;
  p.cpu[1].n = 0;
  sound();
  p.cpu[0].tail->owner = &p;
  assert_int_equal(pcpcheck(&p), -1);
  p.cpu[0].tail->owner = NULL;
  sound();
}

// A racing CPU's work: allocate and free at random, single pages mostly,
// holding up to 64 blocks, and give everything back at the end.
static void *
race(void *arg)
{
  char *held[64];
  int order[64], n = 0, i, k;
  uint seed = (uint)(uintptr_t)arg * 2654435761u;

  hostsetcpu((int)(uintptr_t)arg);
  for (i = 0; i < RACEOPS; i++) {
    seed = seed * 1103515245 + 12345;
    if (n < 64 && (seed >> 16) % 3 != 0) {
      k = (seed >> 8) % 8 == 0 ? (seed >> 12) % 4 : 0;
      if ((held[n] = pcpalloc(&p, k)) != NULL) {
        order[n] = k;
        held[n++][0] = (char)i;
      }
    } else if (n > 0) {
      k = (seed >> 16) % n;
      if (pcpfree(&p, held[k], order[k]) != 0)
        abort();
      held[k] = held[--n];
      order[k] = order[n];
    }
  }
  while (n > 0) {
    n--;
    if (pcpfree(&p, held[n], order[n]) != 0)
      abort();
  }
  return NULL;
}

// NCPU - 1 threads, one per CPU but CPU 0 (the one they start on, which
// hostsetcpu checks), allocate and free over a small machine that
// they keep exhausting, so drains of other CPUs' lists race with their
// owners; afterwards every page is free and every invariant holds.
static void
test_race(void **state)
{
  pthread_t t[NCPU];
  uintptr_t c;

  (void)state;
  start(RACEPAGES);
  for (c = 1; c < NCPU; c++)
    assert_int_equal(pthread_create(&t[c], NULL, race, (void *)c), 0);
  for (c = 1; c < NCPU; c++)
    assert_int_equal(pthread_join(t[c], NULL), 0);
  assert_int_equal(nfree(), RACEPAGES);
  sound();
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_refill, setup),
    cmocka_unit_test_setup(test_highmark, setup),
    cmocka_unit_test_setup(test_drainall, setup),
    cmocka_unit_test_setup(test_drainorder, setup),
    cmocka_unit_test_setup(test_badfree, setup),
    cmocka_unit_test_setup(test_check, setup),
    cmocka_unit_test_setup(test_race, setup),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
