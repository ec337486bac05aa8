// hbench: the kernel heap traces of stress (userland/include/kmtrace.h), or
// a trace the kernel recorded (kmrec print), replayed natively against one
// allocator chosen when compiling (-DH_KR, -DH_SLAB, -DH_GLIBC,
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
#elif defined(H_JEMALLOC)
#include <jemalloc/jemalloc.h>
#elif defined(H_GLIBC)
#include <malloc.h>
#endif

#define PASSES   4       // passes over a trace when timing; the first warms up
#define USAGE    "hbench NAME [-q] [-c] [-t FILE]"

static const char *hbdist[] = KMT_NAMES;
static struct kmrop hbops[KMR_MAXOPS];
static void *hbslots[KMR_MAXSLOTS];
static unsigned hbsize[KMR_MAXSLOTS];   // a recorded trace's live sizes by slot

// ---- the allocator under test ------------------------------------------------

#if defined(H_FLOOR)
static char *floorbase;   // the arena
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
  if ((floorbase = floorbump = malloc((size_t)KMR_MAXSLOTS * KMR_MAXSIZE)) == NULL)
    abort();
#endif
}

#ifdef H_MIMALLOC
// Add heap area a's bytes to *arg: mimalloc's pages, each of one size
// class, are what its heap holds (its segments are committed whole at start).
static bool
hmiarea(const mi_heap_t *h, const mi_heap_area_t *a, void *b, size_t n, void *arg)
{
  (void)h; (void)n;
  if (b == NULL)
    *(size_t *)arg += a->reserved;
  return true;
}
#endif

// Bytes the allocator holds from the system now, as far as it can say;
// -1 when it cannot (the null allocator).
static long
hheld(void)
{
#if defined(H_KR) || defined(H_SLAB)
  struct kmstats st;

  kmstats(&st);
  return st.held_bytes;
#elif defined(H_GLIBC)
  struct mallinfo2 mi = mallinfo2();

  // The arena up to its top chunk: the top is sbrk's padding, not yet used.
  return mi.arena - mi.keepcost + mi.hblkhd;
#elif defined(H_JEMALLOC)
  uint64_t epoch = 1;
  size_t mapped, len = sizeof(mapped);

  mallctl("epoch", NULL, NULL, &epoch, sizeof(epoch));
  if (mallctl("stats.mapped", &mapped, &len, NULL, 0) != 0)
    return -1;
  return mapped;
#elif defined(H_MIMALLOC)
  size_t held = 0;

  mi_heap_visit_blocks(mi_heap_get_default(), false, hmiarea, &held);
  return held;
#elif defined(H_FLOOR)
  return floorbump - floorbase;
#else
  return -1;
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

// ---- a recorded kernel trace (-t) ---------------------------------------------

// A recorded trace's header (kmrec print) and what its operations give.
struct hbtrace {
  const char *path;
  unsigned n, dropped, unmatched, sizes, slots;
  unsigned long peak_live;   // the header's
  unsigned long live, top;   // bytes live while reading, and their peak
};

// Refuse trace file path at line ln, saying why, and exit.
__attribute__((noreturn)) static void
hbbad(const char *path, unsigned ln, const char *why)
{
  fprintf(stderr, "hbench: %s:%u: %s\n", path, ln, why);
  exit(2);
}

// Parse operation line (line ln) into *op, checking it against the
// slots that are live so far.
static void
hbparse(struct hbtrace *t, const char *line, unsigned ln, struct kmrop *op)
{
  unsigned slot, size;
  char end;

  if (sscanf(line, "a %u %u%c", &slot, &size, &end) == 3 && end == '\n') {
    if (size == 0 || size > KMR_MAXSIZE)
      hbbad(t->path, ln, "size out of range (1..4096)");
  } else if (sscanf(line, "f %u%c", &slot, &end) == 2 && end == '\n') {
    size = 0;
  } else {
    hbbad(t->path, ln, "not an operation ('a SLOT SIZE' or 'f SLOT')");
  }
  if (slot >= t->slots)
    hbbad(t->path, ln, "slot not below the header's slots=");
  if (size != 0 && hbsize[slot] != 0)
    hbbad(t->path, ln, "allocation into a live slot");
  if (size == 0 && hbsize[slot] == 0)
    hbbad(t->path, ln, "free of an empty slot");
  t->live += size;
  t->live -= size == 0 ? hbsize[slot] : 0;
  if (t->live > t->top)
    t->top = t->live;
  hbsize[slot] = size;
  op->slot = slot;
  op->size = size;
}

// Read the trace in file t->path (kmrec print's form) into hbops; on
// anything malformed or past kmreplay's limits, exit naming the line.
static void
hbload(struct hbtrace *t)
{
  FILE *f = fopen(t->path, "r");
  char line[128];
  unsigned ln = 1, n = 0;

  if (f == NULL)
    hbbad(t->path, 0, "cannot open");
  if (fgets(line, sizeof(line), f) == NULL ||
      sscanf(line, "KTRACE ops=%u dropped=%u unmatched=%u sizes=%u peak_live=%lu slots=%u",
             &t->n, &t->dropped, &t->unmatched, &t->sizes, &t->peak_live, &t->slots) != 6)
    hbbad(t->path, ln, "no 'KTRACE ops=...' header");
  if (t->n > KMR_MAXOPS || t->slots > KMR_MAXSLOTS)
    hbbad(t->path, ln, "more than 65,536 operations or 16,384 slots");
  while (fgets(line, sizeof(line), f) != NULL) {
    ln++;
    if (strcmp(line, "KTRACE end\n") == 0) {
      fclose(f);
      if (n != t->n)
        hbbad(t->path, ln, "not as many operations as the header's ops=");
      return;
    }
    if (n == t->n)
      hbbad(t->path, ln, "more operations than the header's ops=");
    hbparse(t, line, ln, &hbops[n++]);
  }
  hbbad(t->path, ln, "no 'KTRACE end' line");
}

// Free every block a recorded trace left live.
static void
hbfreelive(struct hbtrace *t)
{
  unsigned i;

  for (i = 0; i < t->slots; i++)
    if (hbsize[i] != 0)
      hfree(hbslots[i]);
}

// Replay recorded trace t once on the fresh heap. With count, callgrind
// collects over the trace alone; otherwise follow the bytes held above
// the start after every allocation and print the result line.
static void
hbreplay(const char *alloc, struct hbtrace *t, int count)
{
  long base = hheld(), held, peak = 0;
  unsigned i;

  if (count) {
    CALLGRIND_TOGGLE_COLLECT;
    hbrun(0, t->n);
    CALLGRIND_TOGGLE_COLLECT;
    hbfreelive(t);
    CALLGRIND_DUMP_STATS_AT("ktrace");
    return;
  }
  for (i = 0; i < t->n; i++) {
    hbrun(i, i + 1);
    if (hbops[i].size != 0 && base >= 0 && (held = hheld() - base) > peak)
      peak = held;
  }
  hbfreelive(t);
  printf("HTRACE alloc=%s ops=%u header_peak_live=%lu peak_live=%lu peak_held=",
         alloc, t->n, t->peak_live, t->top);
  if (base >= 0)
    printf("%ld", peak);
  printf("\n");
}

// hbench NAME [-q] [-c] [-t FILE]: -q uses stress -q's shorter churn; -c
// runs each workload once for callgrind instead of timing it; -t replays
// the recorded trace in FILE instead of the standard set. NAME labels the
// output lines; -h prints the usage, and any other argument is refused.
int
main(int argc, char *argv[])
{
  struct hbtrace t = { 0 };
  int i, quick = 0, count = 0;

  if (argc >= 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: %s\n", USAGE);
    return 0;
  }
  if (argc < 2 || argv[1][0] == '-') {
    fprintf(stderr, "hbench: no NAME first (usage: %s)\n", USAGE);
    return 2;
  }
  for (i = 2; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if (strcmp(argv[i], "-c") == 0)
      count = 1;
    else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
      t.path = argv[++i];
    else if (strcmp(argv[i], "-t") == 0) {
      fprintf(stderr, "hbench: -t needs a FILE (a trace as kmrec print writes it)\n");
      return 2;
    } else {
      fprintf(stderr, "hbench: unknown argument '%s' (-q, -c or -t FILE)\n", argv[i]);
      return 2;
    }
  }
  if (quick && t.path != NULL) {
    fprintf(stderr, "hbench: -q does not go with -t (a recorded trace has no churn)\n");
    return 2;
  }
  if (t.path != NULL)
    hbload(&t);
  hinit();
  if (t.path != NULL)
    hbreplay(argv[1], &t, count);
  else
    hbworkloads(argv[1], quick, count);
  return 0;
}
