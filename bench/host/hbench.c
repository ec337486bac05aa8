// hbench: the kernel heap traces of userland/bin/stress.c replayed natively
// against one allocator chosen when compiling (-DH_KR, -DH_SLAB, -DH_GLIBC,
// -DH_JEMALLOC, -DH_MIMALLOC, -DH_FLOOR, -DH_NULL); see bench/README.md.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#if defined(H_KR) || defined(H_SLAB)
#include "bench/host/benchenv.h"
#include "alloc/buddy.c"
#include "core/kmalloc.c"
#ifdef H_KR
#include "alloc/kmalloc_kr.c"
#else
#include "alloc/kmalloc_slab.c"
#endif
#elif defined(H_MIMALLOC)
#include <mimalloc.h>
#endif

#define MAXOPS   65536   // as KMR_MAXOPS in userland/include/kmreplay.h
#define MAXSLOTS 16384   // as KMR_MAXSLOTS
#define MAXSIZE  4096    // as KMR_MAXSIZE
#define PASSES   4       // passes over a trace when timing; the first warms up

enum { UNIFORM, KMIX, FIXED };
static const char *hbdist[] = { "uniform", "kmix", "fixed" };

// One operation: allocate size bytes into slot, or free slot if size is 0.
struct hop {
  unsigned slot;
  unsigned size;
};

static struct hop hbops[MAXOPS];
static void *hbslots[MAXSLOTS];
static unsigned hbrng;

// ---- the allocator under test ------------------------------------------------

#if defined(H_FLOOR)
static char *floorbump;   // the next block never handed out
static void *floorlist;   // freed blocks, linked through their first word

// The floor: one free list of MAXSIZE blocks, carved from one arena.
static void *
flooralloc(void)
{
  void *p = floorlist;

  if (p != NULL) {
    floorlist = *(void **)p;
    return p;
  }
  p = floorbump;
  floorbump += MAXSIZE;
  return p;
}
#elif defined(H_NULL)
static char nullblock[MAXSIZE];
#endif

// Set up the allocator under test.
static void
hinit(void)
{
#if defined(H_KR) || defined(H_SLAB)
  benchpagesinit();
  kmallocinit();
#elif defined(H_FLOOR)
  if ((floorbump = malloc((size_t)MAXSLOTS * MAXSIZE)) == NULL)
    abort();
#endif
}

// Allocate n bytes. noipa keeps every allocator behind the same call.
__attribute__((noipa)) static void *
halloc(unsigned n)
{
#if defined(H_KR) || defined(H_SLAB)
  return kmalloc(n);
#elif defined(H_MIMALLOC)
  return mi_malloc(n);
#elif defined(H_FLOOR)
  (void)n;
  return flooralloc();
#elif defined(H_NULL)
  (void)n;
  return nullblock;
#else
  return malloc(n);
#endif
}

// Free p from halloc.
__attribute__((noipa)) static void
hfree(void *p)
{
#if defined(H_KR) || defined(H_SLAB)
  kmfree(p);
#elif defined(H_MIMALLOC)
  mi_free(p);
#elif defined(H_FLOOR)
  *(void **)p = floorlist;
  floorlist = p;
#elif defined(H_NULL)
  (void)p;
#else
  free(p);
#endif
}

// ---- traces, exactly as stress builds them ---------------------------------------

// Start the generator for a workload (xorshift32; never seeded with 0).
static void
hbseed(unsigned seed, unsigned live, int dist)
{
  hbrng = 2463534242U ^ (seed * 2654435761U) ^ (live << 8) ^ (unsigned)dist;
  if (hbrng == 0)
    hbrng = 1;
}

// The next pseudo-random number.
static unsigned
hbrnd(void)
{
  hbrng ^= hbrng << 13;
  hbrng ^= hbrng >> 17;
  hbrng ^= hbrng << 5;
  return hbrng;
}

// A request size from distribution dist (fixed: fixsize).
static unsigned
hbsize(int dist, unsigned fixsize)
{
  unsigned r;

  switch (dist) {
  case UNIFORM:
    return 16 << (hbrnd() % 8);
  case KMIX:
    r = hbrnd() % 8;
    return r < 7 ? 16 + hbrnd() % 241 : 257 + hbrnd() % 3840;
  default:
    return fixsize;
  }
}

// Append one operation to the trace.
static void
hbput(unsigned *n, unsigned slot, unsigned size)
{
  hbops[*n].slot = slot;
  hbops[*n].size = size;
  (*n)++;
}

// Build a trace: fill live slots, churn (free a random live slot and
// allocate it again), free all. The number of operations.
static unsigned
hbtrace(int dist, unsigned fixsize, unsigned live, unsigned churn)
{
  unsigned i, s, n = 0;

  hbseed(1, live, dist);
  for (i = 0; i < live; i++)
    hbput(&n, i, hbsize(dist, fixsize));
  for (i = 0; i < churn; i++) {
    s = hbrnd() % live;
    hbput(&n, s, 0);
    hbput(&n, s, hbsize(dist, fixsize));
  }
  for (i = 0; i < live; i++)
    hbput(&n, i, 0);
  return n;
}

// FNV-1a over the first n operations, as stress prints it.
static unsigned
hbsum(unsigned n)
{
  unsigned i, h = 2166136261U;

  for (i = 0; i < n; i++) {
    h = (h ^ hbops[i].slot) * 16777619U;
    h = (h ^ hbops[i].size) * 16777619U;
  }
  return h;
}

// ---- running -----------------------------------------------------------------

// Run operations [from, to) of the trace.
static void
hbrun(unsigned from, unsigned to)
{
  unsigned i;

  for (i = from; i < to; i++) {
    if (hbops[i].size != 0) {
      if ((hbslots[hbops[i].slot] = halloc(hbops[i].size)) == NULL) {
        fprintf(stderr, "hbench: allocation of %u failed\n", hbops[i].size);
        exit(1);
      }
    } else {
      hfree(hbslots[hbops[i].slot]);
    }
  }
}

// Nanoseconds from a to b.
static double
hbelapsed(struct timespec *a, struct timespec *b)
{
  return (b->tv_sec - a->tv_sec) * 1e9 + (b->tv_nsec - a->tv_nsec);
}

// Nanoseconds per churn operation of an n-operation trace over live
// slots, averaged over all passes but the first.
static double
hbtime(unsigned n, unsigned live)
{
  struct timespec a, b;
  double ns = 0;
  int pass;

  for (pass = 0; pass < PASSES; pass++) {
    hbrun(0, live);
    clock_gettime(CLOCK_MONOTONIC, &a);
    hbrun(live, n - live);
    clock_gettime(CLOCK_MONOTONIC, &b);
    hbrun(n - live, n);
    if (pass > 0)
      ns += hbelapsed(&a, &b);
  }
  return ns / ((PASSES - 1) * (double)(n - 2 * live));
}

// Run the trace once with callgrind collecting only over the churn, and
// dump its counts under the workload's name.
static void
hbcount(unsigned n, unsigned live, const char *name)
{
  hbrun(0, live);
  CALLGRIND_TOGGLE_COLLECT;
  hbrun(live, n - live);
  CALLGRIND_TOGGLE_COLLECT;
  hbrun(n - live, n);
  CALLGRIND_DUMP_STATS_AT(name);
}

// Time (or, with count, count instructions of) every workload of stress's
// standard set; quick, as stress -q, stops at 1,000 live objects.
static void
hbworkloads(const char *alloc, int quick, int count)
{
  static const unsigned lives[] = { 100, 1000, 10000 };
  unsigned i, n, churn = quick ? 1000 : 10000;
  char name[64];
  int d;

  for (d = UNIFORM; d <= FIXED; d++)
    for (i = 0; i < sizeof(lives) / sizeof(lives[0]) - quick; i++) {
      n = hbtrace(d, 64, lives[i], churn);
      snprintf(name, sizeof(name), "%s-%u", hbdist[d], lives[i]);
      if (count) {
        hbcount(n, lives[i], name);
        continue;
      }
      printf("HOST alloc=%s dist=%s size=%u live=%u churn=%u ns=%.2f "
             "trace=%x\n", alloc, hbdist[d], d == FIXED ? 64 : 0,
             lives[i], churn, hbtime(n, lives[i]), hbsum(n));
    }
}

// hbench NAME [-q] [-c]: -q uses stress -q's shorter churn; -c runs each
// workload once for callgrind instead of timing it.
int
main(int argc, char *argv[])
{
  int i, quick = 0, count = 0;

  if (argc < 2) {
    fprintf(stderr, "usage: hbench NAME [-q] [-c]\n");
    return 2;
  }
  for (i = 2; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if (strcmp(argv[i], "-c") == 0)
      count = 1;
  }
  hinit();
  hbworkloads(argv[1], quick, count);
  return 0;
}
