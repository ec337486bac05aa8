// hbench: the kernel heap traces of stress (userland/include/kmtrace.h) replayed natively
// against one allocator chosen when compiling (-DH_KR, -DH_SLAB, -DH_GLIBC,
// -DH_JEMALLOC, -DH_MIMALLOC, -DH_FLOOR, -DH_NULL; -DH_SLABNOTAGS and
// -DH_SLABBARE, the slab without what they leave out); see bench/README.md.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>
#include "kmtrace.h"

// The slab built without size tags (KMNOTAGS), and also without the
// per-CPU counters (KMNOCOUNT): what those two features cost.
#if defined(H_SLABNOTAGS) || defined(H_SLABBARE)
#define H_SLAB
#define KMNOTAGS
#endif
#ifdef H_SLABBARE
#define KMNOCOUNT
#endif

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

#define PASSES   4       // passes over a trace when timing; the first warms up

static const char *hbdist[] = KMT_NAMES;
static struct kmrop hbops[KMR_MAXOPS];
static void *hbslots[KMR_MAXSLOTS];

// ---- the allocator under test ------------------------------------------------

#if defined(H_FLOOR)
static char *floorbump;   // the next block never handed out
static void *floorlist;   // freed blocks, linked through their first word

// The floor: one free list of KMR_MAXSIZE blocks, carved from one arena.
static void *
flooralloc(void)
{
  void *p = floorlist;

  if (p != NULL) {
    floorlist = *(void **)p;
    return p;
  }
  p = floorbump;
  floorbump += KMR_MAXSIZE;
  return p;
}
#elif defined(H_NULL)
static char nullblock[KMR_MAXSIZE];
#endif

// Set up the allocator under test.
static void
hinit(void)
{
#if defined(H_KR) || defined(H_SLAB)
  benchpagesinit();
  kmallocinit();
#elif defined(H_FLOOR)
  if ((floorbump = malloc((size_t)KMR_MAXSLOTS * KMR_MAXSIZE)) == NULL)
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

// Time (or, with count, count instructions of) every kernel heap workload
// of stress's standard set (kmtrace.h); quick, as stress -q, stops a step
// short of the most live objects.
static void
hbworkloads(const char *alloc, int quick, int count)
{
  static const unsigned lives[] = KMT_LIVES;
  struct kmtwork w = { .size = KMT_SIZE, .seed = KMT_SEED };
  unsigned i, n;
  char name[64];

  w.churn = quick ? KMT_QCHURN : KMT_CHURN;
  for (w.dist = KMT_UNIFORM; w.dist <= KMT_FIXED; w.dist++)
    for (i = 0; i < KMT_NLIVE - quick; i++) {
      w.live = lives[i];
      n = kmtbuild(&w, hbops);
      snprintf(name, sizeof(name), "%s-%u", hbdist[w.dist], w.live);
      if (count) {
        hbcount(n, w.live, name);
        continue;
      }
      printf("HOST alloc=%s dist=%s size=%u live=%u churn=%u seed=%u "
             "ns=%.2f\n", alloc, hbdist[w.dist],
             w.dist == KMT_FIXED ? w.size : 0, w.live, w.churn, w.seed,
             hbtime(n, w.live));
    }
}

// hbench NAME [-q] [-c]: -q uses stress -q's shorter churn; -c runs each
// workload once for callgrind instead of timing it. NAME labels the
// output lines; -h prints the usage, and any other argument is refused.
int
main(int argc, char *argv[])
{
  int i, quick = 0, count = 0;

  if (argc >= 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: hbench NAME [-q] [-c]\n");
    return 0;
  }
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "hbench: no NAME first (usage: hbench NAME [-q] [-c])\n");
    return 2;
  }
  for (i = 2; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if (strcmp(argv[i], "-c") == 0)
      count = 1;
    else {
      fprintf(stderr, "hbench: unknown argument '%s' (-q or -c)\n", argv[i]);
      return 2;
    }
  }
  hinit();
  hbworkloads(argv[1], quick, count);
  return 0;
}
