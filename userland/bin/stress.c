// stress: allocator benchmarks inside the guest. Seeded random traces run
// through the kernel heap (kmreplay, and one system call per operation),
// and churn anonymous mappings; one BENCH line per result, then a table.
// -w smp runs heap and page workloads in several processes at once and
// reports the heap's and the page allocator's lock contention.
#include "types.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"
#include "kmtrace.h"

#define MAXLIVE   KMR_MAXSLOTS   // live objects or regions, at most
#define MAXROWS   64             // results in one run's table
#define WINPAGES  ((KERNBASE - MMAPBASE) / PGSIZE)   // pages in the mmap window
#define MAXRLEN   64             // longest churn region, in pages
#define MMCHURN   2000           // mmap churn steps, unless -c says
#define MAXCHURN  1000000        // churn steps, at most
#define NELEM(x)  (sizeof(x) / sizeof((x)[0]))

static const char *distname[] = KMT_NAMES;

// A result for the closing table.
struct row {
  const char *what;
  const char *path;
  uint live;
  uint cost10;     // cost per operation, in tenths of a tick
  uint peak_live;
  uint peak_held;
  uint fails;
  uint before;
  uint after;
};

static struct kmrop trace[KMR_MAXOPS];
static uint costs[KMR_MAXOPS];
static void *tokens[MAXLIVE];
static uint raddr[MAXLIVE];      // mappings: start address, 0 if none
static uint rlen[MAXLIVE];       // and length in bytes
static struct row rows[MAXROWS];
static int nrows;
static uint rng;
static char allocname[8];

// ---- measuring and random numbers --------------------------------------------

// The next pseudo-random number of the mapping workloads, from
// kmtrace.h's generator (seeded with kmtseed).
static uint
rnd(void)
{
  return kmtrand(&rng);
}

// ---- printing --------------------------------------------------------------

// Print s right-aligned in a column of width w.
static void
col(const char *s, int w)
{
  int n = strlen(s);

  while(n++ < w)
    printf(1, " ");
  printf(1, " %s", s);
}

// Print the number v (in tenths if frac) in a column of width w.
static void
coln(uint v, int frac, int w)
{
  char buf[NUMBUF];

  col(fmtuint(buf, v, frac), w);
}

// Keep a result for the table.
static void
addrow(struct row *r)
{
  if(nrows < MAXROWS)
    rows[nrows++] = *r;
}

// Print every kept result as a readable table.
static void
table(void)
{
  struct row *r;

  printf(1, "\n%s heap; cost in time-stamp ticks per operation, ops/s per "
         "10^9 ticks\n", allocname);
  col("workload", 14); col("path", 7); col("live", 6); col("cost/op", 9);
  col("ops/s", 10); col("peak live", 10); col("peak held", 10);
  col("fails", 5); col("pages", 6); col("after", 6);
  printf(1, "\n");
  for(r = rows; r < rows + nrows; r++){
    col(r->what, 14); col(r->path, 7); coln(r->live, 0, 6);
    coln(r->cost10, 1, 9);
    coln(r->cost10 ? (uint)(10000000000ULL / r->cost10) : 0, 0, 10);
    coln(r->peak_live, 0, 10); coln(r->peak_held, 0, 10);
    coln(r->fails, 0, 5); coln(r->before, 0, 6); coln(r->after, 0, 6);
    printf(1, "%s\n", r->before == r->after ? "" : "  LEAK");
  }
}

// ---- kernel heap traces ------------------------------------------------------

// What one path of a kernel heap workload measured.
struct kmres {
  uint over;                 // the empty measurement's cost, taken off
  uint fails;
  uint peak_live;
  uint peak_held;
  uint before;               // free pages before and after
  uint after;
};

// Print the BENCH line of w's trace through path, and keep its row.
static void
kmreport(struct kmtwork *w, const char *path, struct kmres *k)
{
  struct row r;
  struct kmrcost c;

  // Only the churn counts: the filling and the emptying are not steady.
  kmrcosts(trace, costs, w->live, w->live + 2 * w->churn, &c);
  r.what = distname[w->dist];
  r.path = path;
  r.live = w->live;
  r.cost10 = per10(c.asum + c.fsum, 2 * w->churn);
  r.peak_live = k->peak_live;
  r.peak_held = k->peak_held;
  r.fails = k->fails;
  r.before = k->before;
  r.after = k->after;
  addrow(&r);
  printf(1, "BENCH kind=km alloc=%s path=%s dist=%s size=%u live=%u "
         "churn=%u seed=%u cost=", allocname, path, distname[w->dist],
         w->dist == KMT_FIXED ? w->size : 0, w->live, w->churn, w->seed);
  printtenths(1, r.cost10);
  printf(1, " alloc_cost=");
  printtenths(1, per10(c.asum, w->churn));
  printf(1, " free_cost=");
  printtenths(1, per10(c.fsum, w->churn));
  printf(1, " max=%u overhead=%u fails=%u peak_live=%u peak_held=%u "
         "pages_before=%u pages_after=%u\n", c.max, k->over,
         k->fails, k->peak_live, k->peak_held, k->before, k->after);
}

// Replay w's trace (n operations) in the kernel with one kmreplay call.
static void
kmbatch(struct kmtwork *w, uint n)
{
  struct kmrres res;
  struct kmres k;

  if(kmreplay(trace, n, costs, &res) < 0){
    printf(2, "stress: kmreplay refused the trace\n");
    return;
  }
  memset(&k, 0, sizeof(k));
  k.over = res.overhead;
  k.fails = res.fails;
  k.peak_live = res.peak_live;
  k.peak_held = res.peak_held;
  k.before = res.pages_before;
  k.after = res.pages_after;
  kmreport(w, "replay", &k);
}

// Make op's kmalloc or kmfree call: its cost less the overhead over.
static uint
kmcall(struct kmrop *op, uint over, struct kmres *k)
{
  void **tok = &tokens[op->slot];
  uint t0, t;

  t0 = rdtsc();
  if(op->size)
    *tok = kmalloc(op->size);
  else
    kmfree(*tok);
  t = rdtsc() - t0;
  if(op->size && *tok == NULL)
    k->fails++;
  if(op->size == 0)
    *tok = NULL;
  return t > over ? t - over : 0;
}

// Fold the heap's figures above base into k's peaks.
static void
kmpeaks(struct kmstat *base, struct kmres *k)
{
  struct kmstat st;

  kmstat(&st);
  if(st.live_bytes > base->live_bytes + k->peak_live)
    k->peak_live = st.live_bytes - base->live_bytes;
  if(st.held_bytes > base->held_bytes + k->peak_held)
    k->peak_held = st.held_bytes - base->held_bytes;
}

// Run w's trace (n operations) through kmalloc and kmfree, one system
// call per operation, timed from user space.
static void
kmsys(struct kmtwork *w, uint n)
{
  struct kmstat base;
  struct kmres k;
  uint i;

  memset(&k, 0, sizeof(k));
  k.before = reapedpages();
  kmstat(&base);
  k.over = rdtscover();
  for(i = 0; i < n; i++){
    costs[i] = kmcall(&trace[i], k.over, &k);
    if(trace[i].size)
      kmpeaks(&base, &k);  // only an allocation can raise a peak
  }
  k.after = reapedpages();
  kmreport(w, "syscall", &k);
}

// Run kernel heap workload w through both paths.
static void
kmwork(struct kmtwork *w)
{
  uint n = kmtbuild(w, trace);

  kmbatch(w, n);
  kmsys(w, n);
}

// ---- mappings ----------------------------------------------------------------

// A churn region's length in pages: 1..MAXRLEN with P(len >= s) = 1/s^2,
// so three in four are one page and 10,000 touched regions fit in memory.
static uint
regionpages(void)
{
  uint r = rnd() % (1 << 20) + 1, s = 1;

  while(s < MAXRLEN && (s + 1) * (s + 1) * r <= (1 << 20))
    s++;
  return s;
}

// A random page-aligned hint in the mmap window.
static uint
randhint(void)
{
  return MMAPBASE + rnd() % WINPAGES * PGSIZE;
}

// Page number of address a in the mmap window.
static uint
winpage(uint a)
{
  return (a - MMAPBASE) / PGSIZE;
}

// Map pages pages at hint as region i, touching each page if touch:
// its cost less over. A failure leaves region i empty and counts in *fails.
static uint
mapone(uint i, uint pages, uint hint, int touch, uint over, uint *fails)
{
  uint t0, t, a;
  char *p;

  t0 = rdtsc();
  p = mmap((void*)hint, pages * PGSIZE, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if(p != MAP_FAILED && touch)
    for(a = 0; a < pages * PGSIZE; a += PGSIZE)
      p[a] = 1;
  t = rdtsc() - t0;
  raddr[i] = p == MAP_FAILED ? 0 : (uint)p;
  rlen[i] = pages * PGSIZE;
  if(p == MAP_FAILED)
    (*fails)++;
  return t > over ? t - over : 0;
}

// Unmap region i, if it is mapped: the cost less over.
static uint
unmapone(uint i, uint over)
{
  uint t0, t;

  t0 = rdtsc();
  if(raddr[i])
    munmap((void*)raddr[i], rlen[i]);
  t = rdtsc() - t0;
  raddr[i] = 0;
  return t > over ? t - over : 0;
}

// Map region i with a random length and hint, touching every page; add
// its pages to *pages.
static uint
churnmap(uint i, uint over, uint *fails, uint *pages)
{
  uint n = regionpages();
  uint hint = randhint();

  *pages += n;
  return mapone(i, n, hint, 1, over, fails);
}

// With on, map and touch one page at the start of every page table's
// 4 MiB of the window, so that no page table is ever left empty (and
// freed, and allocated again); without, unmap those pages.
static void
keeptables(int on)
{
  static char *keeper[WINPAGES / NPTENTRIES];
  uint k;

  for(k = 0; k < NELEM(keeper); k++){
    if(!on){
      if(keeper[k] != MAP_FAILED)
        munmap(keeper[k], PGSIZE);
      continue;
    }
    keeper[k] = mmap((void*)(MMAPBASE + k * NPTENTRIES * PGSIZE), PGSIZE,
                     PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if(keeper[k] != MAP_FAILED)
      keeper[k][0] = 1;
  }
}

// What an mmap churn run measured.
struct mmres {
  unsigned long long msum;   // costs of the churn mmaps and touches
  unsigned long long usum;   // and of the churn munmaps
  uint pages;                // pages the churn mmaps mapped
  uint fails;
  uint before;               // free pages before and after
  uint after;
};

// Print the BENCH line of w's mmap churn (keep: page tables kept) and
// keep its row.
static void
mmreport(struct kmtwork *w, int keep, struct mmres *m)
{
  struct row r;

  memset(&r, 0, sizeof(r));
  r.what = keep ? "mmap kept PTs" : "mmap 1-64p";
  r.path = "syscall";
  r.live = w->live;
  r.cost10 = per10(m->msum + m->usum, w->churn);
  r.fails = m->fails;
  r.before = m->before;
  r.after = m->after;
  addrow(&r);
  printf(1, "BENCH kind=mmap alloc=%s live=%u churn=%u keep=%d cost=",
         allocname, w->live, w->churn, keep);
  printtenths(1, r.cost10);
  printf(1, " map_cost=");
  printtenths(1, per10(m->msum, w->churn));
  printf(1, " unmap_cost=");
  printtenths(1, per10(m->usum, w->churn));
  printf(1, " pages=");
  printtenths(1, per10(m->pages, w->churn));
  printf(1, " fails=%u pages_before=%u pages_after=%u\n", m->fails,
         m->before, m->after);
}

// Churn w->live touched regions: w->churn times unmap a random one and
// map a new one; cost per step is one munmap plus one mmap and touches.
// keep keeps every page table of the window (keeptables) meanwhile.
static void
mmchurn(struct kmtwork *w, int keep)
{
  struct mmres m;
  uint i, s, over, setup = 0;

  memset(&m, 0, sizeof(m));
  rng = kmtseed(w);
  m.before = reapedpages();
  over = rdtscover();
  if(keep)
    keeptables(1);
  for(i = 0; i < w->live; i++)
    churnmap(i, over, &m.fails, &setup);
  for(i = 0; i < w->churn; i++){
    s = rnd() % w->live;
    m.usum += unmapone(s, over);
    m.msum += churnmap(s, over, &m.fails, &m.pages);
  }
  for(i = 0; i < w->live; i++)
    unmapone(i, over);
  if(keep)
    keeptables(0);
  m.after = reapedpages();
  mmreport(w, keep, &m);
}

// ---- fragmentation -----------------------------------------------------------

// The scenario's sizes; a coarser one (for -q) shifts the counts right
// and the sizes left by the same amount, so it fills as much.
#define FSMALL   16      // pages in each of the many small mappings
#define FNSMALL  12288   // of them: three quarters of the window
#define FNBIG    4096    // larger mappings (twice as long) tried

// One run of the scenario: its sizes, and what it saw.
struct fragres {
  uint small;                 // pages in a small mapping
  uint nsmall;                // small mappings made
  uint nbig;                  // larger mappings tried
  uint small_fail;
  uint big_ok;
  uint big_fail;
  uint at_hint;               // larger mappings placed at their hint
  uint top;                   // highest end of one, in pages into the window
  unsigned long long dist;    // their distances from their hints, in pages
  unsigned long long cost;    // the cost of the larger mmap calls
};

static uint bighint[FNBIG];           // each larger mapping's hint
static struct mapinfo maps[MAXLIVE];  // the window, from procmaps

// Try f->nbig larger mappings at random hints among the small ones left.
static void
fragbig(struct fragres *f, uint over)
{
  uint k, hint, a, big = 2 * f->small;

  for(k = 0; k < f->nbig; k++){
    hint = bighint[k] = randhint();
    f->cost += mapone(f->nsmall + k, big, hint, 0, over, &f->big_fail);
    if((a = raddr[f->nsmall + k]) == 0)
      continue;
    f->big_ok++;
    f->at_hint += a == hint;
    f->dist += (a > hint ? a - hint : hint - a) / PGSIZE;
    if(winpage(a) + big > f->top)
      f->top = winpage(a) + big;
  }
}

// Print the fragmentation scenario's BENCH line and a readable summary.
static void
fragreport(struct fragres *f, uint before, uint after)
{
  printf(1, "BENCH kind=frag alloc=%s small_pages=%u small=%u small_ok=%u "
         "big_pages=%u big=%u big_ok=%u big_fail=%u at_hint=%u dist=%u "
         "top=%u cost=", allocname, f->small, f->nsmall,
         f->nsmall - f->small_fail, 2 * f->small, f->nbig, f->big_ok,
         f->big_fail, f->at_hint,
         f->big_ok ? (uint)(f->dist / f->big_ok) : 0, f->top);
  printtenths(1, per10(f->cost, f->nbig));
  printf(1, " pages_before=%u pages_after=%u\n", before, after);
  printf(1, "frag: %u of %u maps of %u pages placed at random hints; every "
         "other unmapped; then %u of %u maps of %u pages placed (%u at their "
         "hint), %u failed; highest end %u of %u pages%s\n",
         f->nsmall - f->small_fail, f->nsmall, f->small, f->big_ok, f->nbig,
         2 * f->small, f->at_hint, f->big_fail, f->top, WINPAGES,
         before == after ? "" : "; LEAK");
}

// Print the window as the scenario left it, for the plots: "WINMAP" with
// the window's and a larger mapping's pages, then "WINRUN first end" per
// run of mapped pages (procmaps; page numbers in the window), then
// "WINHINT hint at" per larger mapping tried (at is "-" if it failed).
static void
winmap(struct fragres *f)
{
  int i, j, n = procmaps(0, maps, NELEM(maps));
  uint hi, k;

  if(n < 0 || n > (int)NELEM(maps)){
    printf(2, "stress: procmaps: %d mappings\n", n);
    n = n < 0 ? 0 : NELEM(maps);
  }
  printf(1, "WINMAP pages=%u big=%u\n", WINPAGES, 2 * f->small);
  for(i = 0; i < n; i = j){
    hi = maps[i].end;
    for(j = i + 1; j < n && maps[j].start == hi; j++)
      hi = maps[j].end;
    printf(1, "WINRUN %u %u\n", winpage(maps[i].start), winpage(hi));
  }
  for(k = 0; k < f->nbig; k++){
    if(raddr[f->nsmall + k])
      printf(1, "WINHINT %u %u\n", winpage(bighint[k]),
             winpage(raddr[f->nsmall + k]));
    else
      printf(1, "WINHINT %u -\n", winpage(bighint[k]));
  }
}

// The fragmentation scenario: map many small regions at random hints
// (untouched, so they cost no pages), unmap every other one, then map
// regions twice as large and see how many fit and where; with map, print
// the window then (winmap). shift coarsens.
static void
frag(struct kmtwork *w, uint shift, int map)
{
  struct fragres f;
  uint i, hint, over, before;

  memset(&f, 0, sizeof(f));
  f.small = FSMALL << shift;
  f.nsmall = FNSMALL >> shift;
  f.nbig = FNBIG >> shift;
  rng = kmtseed(w);
  before = reapedpages();
  over = rdtscover();
  for(i = 0; i < f.nsmall; i++){
    hint = randhint();
    mapone(i, f.small, hint, 0, over, &f.small_fail);
  }
  for(i = 0; i < f.nsmall; i += 2)
    unmapone(i, over);
  fragbig(&f, over);
  if(map)
    winmap(&f);
  for(i = 0; i < f.nsmall + f.nbig; i++)
    unmapone(i, over);
  fragreport(&f, before, reapedpages());
}

// ---- SMP contention ----------------------------------------------------------

#define SMPPROCS  4        // processes, unless -p says
#define MAXPROCS  16       // at most: each has one child at a time, in NPROC
#define SMPOPS    50000    // operations per process, unless -c says
#define SMPLIVE   32       // a heap step's trace: live objects
#define SMPCHURN  96       // and churn steps, so 2 * (32 + 96) operations
#define SMPPAGES  16       // an sbrk step grows by 1..16 pages
#define MAXCLASS  64       // lock classes read

// The kinds of operation a worker makes, for its report and the table.
enum { OPHEAP, OPSBRK, OPFORK, NOPKIND };
static const char *opname[] = {
  "kmalloc/kmfree (kmreplay)", "sbrk grow, touch, shrink", "fork/exit/wait",
};

// What one worker did, sent to the parent in one pipe write.
struct smpdone {
  uint ops[NOPKIND];   // operations made, by kind (failed ones too)
  uint fails;          // of them, those that failed (of a heap step,
                       // only a refused kmreplay: it reports no NULLs)
};

// The lock classes' sums the BENCH line reports.
struct smplocks {
  uint cpus;
  uint heap_acq, heap_cont;
  uint page_acq, page_cont;
};

static const char *heapclass[] = { LOCKS_HEAP };
static const char *pageclass[] = { LOCKS_PAGE };
static struct lockstat ls[MAXCLASS];
static volatile char cowbyte;    // a forked child writes it: a COW break

// Operations d counts, failed ones too.
static uint
smpops(struct smpdone *d)
{
  return d->ops[OPHEAP] + d->ops[OPSBRK] + d->ops[OPFORK];
}

// Replay a fresh seeded kernel-like heap trace, at most left operations
// of it, in one kmreplay call (which frees what the cut leaves live)
// without its figures, so without its reaps, which park every CPU.
static void
smpheap(uint left, struct smpdone *d)
{
  struct kmtwork w;
  uint n;

  memset(&w, 0, sizeof(w));
  w.dist = KMT_KMIX;
  w.live = SMPLIVE;
  w.churn = SMPCHURN;
  w.seed = rnd();
  n = kmtbuild(&w, trace);
  if(n > left)
    n = left;
  d->ops[OPHEAP] += n;
  if(kmreplay(trace, n, costs, NULL) < 0)
    d->fails += n;
}

// Grow the heap by 1..SMPPAGES pages, touch each (the lazy heap
// allocates it then), and shrink it back.
static void
smpsbrk(struct smpdone *d)
{
  uint n = 1 + rnd() % SMPPAGES, a;
  char *p = sbrk(n * PGSIZE);

  d->ops[OPSBRK]++;
  if(p == (char*)-1){
    d->fails++;
    return;
  }
  for(a = 0; a < n * PGSIZE; a += PGSIZE)
    p[a] = 1;
  sbrk(-(int)(n * PGSIZE));
}

// Fork a child that writes one byte (copying a page) and exits; wait.
static void
smpfork(struct smpdone *d)
{
  int pid = fork();

  if(pid == 0){
    cowbyte = 1;
    exit();
  }
  d->ops[OPFORK]++;
  if(pid < 0)
    d->fails++;
  else
    wait();
}

// Worker i of a run from seed: wait for the go (go's write end closing),
// make ops operations, a third of the steps each heap traces, sbrk
// rounds and forks as the worker's generator picks (each kind takes a
// similar time), and report to out.
static void __attribute__((noreturn))
smpworker(uint i, uint ops, uint seed, int go, int out)
{
  struct smpdone d;
  char c;

  memset(&d, 0, sizeof(d));
  rng = KMT_HASHBASE ^ ((seed * MAXPROCS + i + 1) * KMT_HASHMUL);
  if(rng == 0)
    rng = 1;
  read(go, &c, 1);
  while(smpops(&d) < ops){
    switch(rnd() % 3){
    case 0:  smpheap(ops - smpops(&d), &d); break;
    case 1:  smpsbrk(&d); break;
    default: smpfork(&d);
    }
  }
  write(out, &d, sizeof(d));
  exit();
}

// Whether name is one of list's n class names.
static int
inclass(const char *name, const char **list, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(name, list[i]) == 0)
      return 1;
  return 0;
}

// Read the lock counters into ls and sum the heap's and the page
// allocator's classes into l; the number of records read.
static int
smplocks(struct smplocks *l)
{
  int i, n = lockstat(ls, MAXCLASS, 0);

  memset(l, 0, sizeof(*l));
  if(n > MAXCLASS)
    n = MAXCLASS;
  for(i = 0; i < n; i++){
    l->cpus = ls[i].cpus;
    if(inclass(ls[i].name, heapclass, NELEM(heapclass))){
      l->heap_acq += ls[i].acquires;
      l->heap_cont += ls[i].contended;
    } else if(inclass(ls[i].name, pageclass, NELEM(pageclass))){
      l->page_acq += ls[i].acquires;
      l->page_cont += ls[i].contended;
    }
  }
  return n < 0 ? 0 : n;
}

// Print class's acquires, contended acquires and contended per thousand.
static void
classrow(const char *name, uint acq, uint cont)
{
  col(name, 16);
  coln(acq, 0, 10);
  coln(cont, 0, 10);
  coln(per10(1000ULL * cont, acq), 1, 8);
  printf(1, "\n");
}

// Print the run's readable table: operations by kind, then the heap's
// and the page allocator's lock classes and any other class contended.
static void
smptable(struct smpdone *d, struct smplocks *l, int n, uint wall)
{
  int i, k;

  printf(1, "\nsmp: %u ticks;", wall);
  for(k = 0; k < NOPKIND; k++)
    printf(1, "%s %u %s", k ? "," : "", d->ops[k], opname[k]);
  printf(1, "; %u failed\n", d->fails);
  col("class", 16); col("acquires", 10); col("contended", 10);
  col("per1000", 8); printf(1, "\n");
  for(i = 0; i < n; i++)
    if(inclass(ls[i].name, heapclass, NELEM(heapclass)) ||
       inclass(ls[i].name, pageclass, NELEM(pageclass)) || ls[i].contended)
      classrow(ls[i].name, ls[i].acquires, ls[i].contended);
  classrow("heap (sum)", l->heap_acq, l->heap_cont);
  classrow("page (sum)", l->page_acq, l->page_cont);
}

// Start procs workers blocked on go; the number started.
static uint
smpstart(uint procs, uint ops, uint seed, int *go, int *out)
{
  uint i;
  int pid;

  for(i = 0; i < procs; i++){
    pid = fork();
    if(pid == 0){
      close(go[1]);
      close(out[0]);
      smpworker(i, ops, seed, go[0], out[1]);
    }
    if(pid < 0){
      printf(2, "stress: FAIL: fork of worker %u failed\n", i);
      break;
    }
  }
  return i;
}

// Sum the workers' reports from pipe fd into d.
static void
smpsum(int fd, struct smpdone *d)
{
  struct smpdone w;
  int k;

  memset(d, 0, sizeof(*d));
  while(read(fd, &w, sizeof(w)) == sizeof(w)){
    for(k = 0; k < NOPKIND; k++)
      d->ops[k] += w.ops[k];
    d->fails += w.fails;
  }
}

// Say whether free pages and live heap bytes came back to their figures
// from before the run; loudly if not.
static void
smpleaks(uint pages0, uint live0)
{
  struct kmstat st;
  uint pages = reapedpages();

  kmstat(&st);
  if(pages == pages0 && st.live_bytes == live0)
    printf(1, "smp: no page or object lost (free pages %u, live bytes %u, "
           "as before)\n", pages, live0);
  else
    printf(1, "smp: FAIL: lost %d pages and %d live bytes (free pages %u "
           "-> %u, live bytes %u -> %u)\n", (int)(pages0 - pages),
           (int)(st.live_bytes - live0), pages0, pages, live0,
           st.live_bytes);
}

// Run procs workers of ops operations each at once, from seed, with the
// lock counters reset first; print the BENCH line, the table, and the
// leak check.
static void
smp(uint procs, uint ops, uint seed)
{
  struct smpdone d;
  struct smplocks l;
  struct kmstat st;
  int go[2], out[2], n;
  uint pages0, started, i, t0, wall;

  pages0 = reapedpages();
  kmstat(&st);
  if(pipe(go) < 0 || pipe(out) < 0){
    printf(2, "stress: FAIL: no pipe\n");
    return;
  }
  started = smpstart(procs, ops, seed, go, out);
  lockstat(0, 0, LS_RESET);
  t0 = uptime();
  close(go[1]);
  for(i = 0; i < started; i++)
    wait();
  wall = uptime() - t0;
  n = smplocks(&l);
  close(out[1]);
  smpsum(out[0], &d);
  close(out[0]);
  close(go[0]);
  printf(1, "BENCH kind=smp alloc=%s cpus=%u procs=%u ops=%u "
         "heap_acquires=%u heap_contended=%u page_acquires=%u "
         "page_contended=%u wall=%u\n", allocname, l.cpus, started,
         smpops(&d), l.heap_acq, l.heap_cont, l.page_acq, l.page_cont, wall);
  smptable(&d, &l, n, wall);
  smpleaks(pages0, st.live_bytes);
}

// ---- driver --------------------------------------------------------------------

// Run the standard set: every size distribution at kmtrace.h's live
// objects, mmap churn at 10 to 10,000 live regions (each twice: as it
// comes, then with the page tables kept), and the fragmentation scenario
// (with map, then the window map). quick, a smoke test, stops a step
// short of the most objects and two short of the most regions, with
// shorter churn phases and a coarser scenario.
static void
standard(int quick, uint seed, int map)
{
  static const uint kmlive[] = KMT_LIVES;
  static const uint mmlive[] = { 10, 100, 1000, 10000 };
  struct kmtwork w;
  uint i;

  memset(&w, 0, sizeof(w));
  w.seed = seed;
  w.size = KMT_SIZE;
  w.churn = quick ? KMT_QCHURN : KMT_CHURN;
  for(w.dist = KMT_UNIFORM; w.dist <= KMT_FIXED; w.dist++)
    for(i = 0; i < NELEM(kmlive) - quick; i++){
      w.live = kmlive[i];
      kmwork(&w);
    }
  w.dist = KMT_UNIFORM;
  w.churn = quick ? MMCHURN / 10 : MMCHURN;
  for(i = 0; i < NELEM(mmlive) - 2 * quick; i++){
    w.live = mmlive[i];
    mmchurn(&w, 0);
    mmchurn(&w, 1);
  }
  frag(&w, quick ? 2 : 0, map);
}

// The most kernel heap objects the standard set holds at once.
static uint
mostlive(int quick)
{
  static const uint kmlive[] = KMT_LIVES;

  return kmlive[NELEM(kmlive) - 1 - quick];
}

// Print how to call stress on standard output.
static void
usage(void)
{
  printf(1, "usage: stress [-q] [-m] [-s seed]   the standard set "
         "(-q: shorter)\n"
         "       stress -w km [-d uniform|kmix|fixed] [-z bytes] [-n live] "
         "[-c churn] [-s seed]\n"
         "       stress -w mmap [-k] [-n live] [-c churn] [-s seed]\n"
         "       stress -w frag [-m] [-s seed]\n"
         "       stress -w smp [-p procs] [-c ops-per-proc] [-s seed]\n"
         "  -n 1..%u, -c 1..%u (km: 2 * (live + churn) at most %u), "
         "-z 1..%u (-d fixed only), -p 1..%u, -s 0..2147483647\n"
         "  -m: print the mmap window after the fragmentation scenario\n"
         "  -k: keep every page table of the window during the churn\n"
         "  smp: -p processes at once (default %u), -c operations each "
         "(default %u)\n",
         MAXLIVE, MAXCHURN, KMR_MAXOPS, KMR_MAXSIZE, MAXPROCS, SMPPROCS,
         SMPOPS);
}

// What option -c takes, for the line that refuses its value.
static const char *
takes(char c)
{
  switch(c){
  case 'w': return "km, mmap, frag or smp";
  case 'd': return "uniform, kmix or fixed";
  case 'z': return "a whole number 1..4096";
  case 'n': return "a whole number 1..16384";
  case 'c': return "a whole number 1..1000000";
  case 'p': return "a whole number 1..16";
  default:  return "a whole number 0..2147483647";
  }
}

// Refuse option opt's value v with one line naming both and the limits,
// and exit, having run nothing.
static void __attribute__((noreturn))
badvalue(const char *opt, const char *v)
{
  printf(2, "stress: bad %s '%s' (%s)\n", opt, v, takes(opt[1]));
  exit();
}

// The whole decimal number s in lo..hi, or refuse it as option opt's value.
static uint
number(const char *opt, const char *s, int lo, int hi)
{
  int v;

  if(parseint(s, lo, hi, &v) < 0)
    badvalue(opt, s);
  return v;
}

// The index of name in list (n names), or refuse it as option opt's value.
static int
pick(const char *opt, const char *name, const char **list, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(name, list[i]) == 0)
      return i;
  badvalue(opt, name);
}

// The command line, once read: the workload and which options were given.
struct args {
  struct kmtwork w;
  int kind;        // -1: the standard set; else KM, MMAP or FRAG
  int quick;       // -q
  int map;         // -m
  int keep;        // -k
  uint procs;      // -p
  uint given;      // bit 'x' - 'a' set for each option -x given
};

enum { KM, MMAP, FRAG, SMP };
static const char *kindname[] = { "km", "mmap", "frag", "smp" };

// Whether option -c was given.
static int
given(struct args *a, char c)
{
  return (a->given >> (c - 'a')) & 1;
}

// Take option opt (a string "-x") with value v into a.
static void
option(struct args *a, const char *opt, const char *v)
{
  switch(opt[1]){
  case 'w':
    a->kind = pick(opt, v, kindname, NELEM(kindname));
    break;
  case 'd':
    a->w.dist = pick(opt, v, distname, KMT_NDIST);
    break;
  case 'z':
    a->w.size = number(opt, v, 1, KMR_MAXSIZE);
    break;
  case 'n':
    a->w.live = number(opt, v, 1, MAXLIVE);
    break;
  case 'c':
    a->w.churn = number(opt, v, 1, MAXCHURN);
    break;
  case 'p':
    a->procs = number(opt, v, 1, MAXPROCS);
    break;
  default:
    a->w.seed = number(opt, v, 0, INTMAX);
  }
}

// Take option -c, which has no value, into a.
static void
flag(struct args *a, char c)
{
  if(c == 'q')
    a->quick = 1;
  else if(c == 'm')
    a->map = 1;
  else
    a->keep = 1;
}

// Read argv into a, refusing anything stress does not take.
static void
parse(int argc, char *argv[], struct args *a)
{
  char *opt;
  int i;

  for(i = 1; i < argc; i++){
    opt = argv[i];
    if(strcmp(opt, "-h") == 0){
      usage();
      exit();
    }
    if(opt[0] != '-'){
      printf(2, "stress: unexpected argument '%s' (only options; "
             "stress -h lists them)\n", opt);
      exit();
    }
    if(opt[1] < 'a' || opt[1] > 'z' || opt[2] != 0 ||
       strchr("qmkwdzncps", opt[1]) == NULL){
      printf(2, "stress: unknown option '%s' (-q -m -k -w -d -z -n -c -p "
             "-s or -h)\n", opt);
      exit();
    }
    if(given(a, opt[1])){
      printf(2, "stress: %s given twice (at most once)\n", opt);
      exit();
    }
    a->given |= 1 << (opt[1] - 'a');
    if(strchr("qmk", opt[1]) != NULL)
      flag(a, opt[1]);
    else if(i + 1 == argc){
      printf(2, "stress: %s needs a value (%s)\n", opt, takes(opt[1]));
      exit();
    } else
      option(a, opt, argv[++i]);
  }
}

// Where option -c applies, for the line that refuses it elsewhere.
static const char *
appliesto(char c)
{
  switch(c){
  case 'q': return "the standard set";
  case 'm': return "the standard set and -w frag";
  case 'k': return "-w mmap";
  case 'd': return "-w km";
  case 'z': return "-w km -d fixed";
  case 'p': return "-w smp";
  case 'c': return "-w km, -w mmap and -w smp";
  default:  return "-w km and -w mmap";
  }
}

// Refuse the options that a's workload does not use and a km trace too
// long for kmreplay; fill in the default churn.
static void
check(struct args *a)
{
  static const char *uses[] = { "wdzncs", "wkncs", "wms", "wpcs" };
  const char *ok = a->kind < 0 ? "qms" : uses[a->kind];
  uint most = KMR_MAXOPS / 2 - a->w.live;
  char c;

  for(c = 'a'; c <= 'z'; c++)
    if(given(a, c) && (strchr(ok, c) == NULL ||
                       (c == 'z' && a->w.dist != KMT_FIXED))){
      printf(2, "stress: -%c applies only to %s\n", c, appliesto(c));
      exit();
    }
  if(a->w.churn == 0)
    a->w.churn = a->kind == KM ? KMT_CHURN :
                 a->kind == SMP ? SMPOPS : MMCHURN;
  if(a->kind == KM && a->w.churn > most){
    printf(2, "stress: bad -c '%u' (with -n %u at most %u: a km trace "
           "is 2 * (live + churn) operations, at most %u)\n", a->w.churn,
           a->w.live, most, KMR_MAXOPS);
    exit();
  }
}

// Grow this process's table of kmalloc tokens to hold n at once: the
// kernel grows it (by doubling) as tokens are taken and keeps it until
// the process exits, so a workload that grew it would see fewer free
// pages after than before.
static void
growtokens(uint n)
{
  uint i;

  for(i = 0; i < n; i++)
    tokens[i] = kmalloc(16);
  for(i = 0; i < n; i++)
    if(tokens[i])
      kmfree(tokens[i]);
}

// Parse the flags, refusing any bad one before anything runs, then run
// the standard set or the one workload named.
int
main(int argc, char *argv[])
{
  struct kmstat st;
  struct args a;

  memset(&a, 0, sizeof(a));
  a.w.size = KMT_SIZE;
  a.w.live = 1000;
  a.w.seed = KMT_SEED;
  a.kind = -1;
  a.procs = SMPPROCS;
  parse(argc, argv, &a);
  check(&a);
  if(kmstat(&st) < 0)
    exit();
  strcpy(allocname, st.allocator);
  // The first mmap creates this process's vmspace, which stays until it
  // exits: make it now so that it is in every "before" page count.
  munmap(mmap(NULL, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
         PGSIZE);
  if(a.kind < 0)
    growtokens(mostlive(a.quick));
  else if(a.kind == KM)
    growtokens(a.w.live);
  if(a.kind < 0)
    standard(a.quick, a.w.seed, a.map);
  else if(a.kind == KM)
    kmwork(&a.w);
  else if(a.kind == MMAP)
    mmchurn(&a.w, a.keep);
  else if(a.kind == FRAG)
    frag(&a.w, 0, a.map);
  if(a.kind == SMP)
    smp(a.procs, a.w.churn, a.w.seed);
  else
    table();
  exit();
}
