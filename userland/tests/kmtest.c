// kmtest: in-guest tests of the kernel heap as user space sees it through
// kmalloc, kmfree and kmstat. Each test runs in a child process; the runner
// prints "ok NAME" or "FAIL NAME: reason" per test, then a summary line.

#include "types.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"
#include "fcntl.h"
#include "ktconv.h"

#define KMALLOC_MAX (128 * 1024)  // largest request (core/kmalloc.h)
#define LIMIT   2000    // ticks a test may run before the runner kills it
#define RECMAX  120     // bytes in one report record, newline included
#define NSIZES  64      // room for the sizes the sizes test tries
#define NFORGE  64      // live tokens the forge test holds
#define NMANY   10000   // live tokens the many test holds
#define NEXIT   2000    // allocations a child takes with it when it exits
#define NCHILD  4       // processes in the churn test
#define NREAP   (2 * NCPU)  // processes in the reapall test
#define NOPS    5000    // operations each of them makes
#define RLOCKOPS 1000   // allocations (then frees) in the replaylocks trace
#define RLOCKSLACK 200  // heap lock acquires a replay may take beyond one per op
#define NSLOT   64      // tokens each of them holds at most
#define NFILL   65536   // tokens the tokfill test holds at most
#define NSTALE  33000   // alloc/free cycles in the stale test (> 2^15)
#define NPIPES  32      // pipes the pipecost test holds open
#define PIPEKIDS 8      // processes holding them (NOFILE limits each)
#define PIPEPAGES 12    // pages NPIPES open pipes must cost less than
#define NGROW   32760   // tokens the heapfull tests hold at most (< KMTOKMAX)
#define NREC    128     // records the slabinfo tests have room for
#define STRANDKIDS 7    // children freeing pages on the other CPUs
#define STRANDPAGES 256 // pages each of them maps and frees
#define STRANDSLACK 8   // pages an exhausted machine may keep free
#define STRANDMAPS 64   // mappings that exhaust memory, at most
#define NTRACE  512     // records drained at once by the trace tests
#define NOVER   1000    // operations past a full trace buffer
#define TRFILE  "kmtest.trace"

// resfd is where this process reports: the runner's pipe in a test
// child, or the test's own pipe in a helper child. Each report is one
// write of one line ("k[count]" or "f<reason>"), so children sharing a
// pipe do not interleave.
#include "runner.h"

// ---- reporting -------------------------------------------------------------

// Report failure with the value that caused it.
static NORETURN void
failu(const char *why, uint v)
{
  printf(resfd, "f%s %u\n", why, v);
  exit();
}

// Report a counter that moved by got instead of want over call(arg).
static NORETURN void
failcount(const char *call, uint arg, const char *field, int want, int got)
{
  printf(resfd, "f%s %u: %s changed by %d, want %d\n", call, arg, field,
         got, want);
  exit();
}

// Report success, with a count for the parent to add up, and exit.
static NORETURN void
pass(uint n)
{
  printf(resfd, "k%u\n", n);
  exit();
}

// Read one record from fd into rec without its newline: its length, or
// -1 if the pipe ends first.
static int
readrec(int fd, char *rec)
{
  int n = 0;

  while(n < RECMAX - 1){
    if(read(fd, rec + n, 1) != 1)
      return -1;
    if(rec[n] == '\n')
      break;
    n++;
  }
  rec[n] = 0;
  return n;
}

// Read the records of n helper children from fd (whose write end this
// process has closed), passing on the first failure; return the sum of
// the counts they reported.
static uint
collect(int fd, int n)
{
  char rec[RECMAX];
  uint sum = 0;

  while(n-- > 0){
    if(readrec(fd, rec) < 0)
      fail("a child died without reporting");
    if(rec[0] != 'k')
      fail(rec + 1);
    sum += atoi(rec + 1);
  }
  return sum;
}

// ---- helpers ---------------------------------------------------------------

// Make a helper child reporting on pipe p, made by the caller before any
// snapshot the pipe's page must not disturb: 0 in the child, whose resfd
// is p[1]; the child's pid in the parent, which keeps p[0] to collect
// from.
static int
helper(int *p)
{
  int pid;

  if((pid = xfork()) == 0){
    close(p[0]);
    resfd = p[1];
    // Its first writes to pages shared with the caller would take pages
    // inside its counts: take them now.
    ownpages();
    return 0;
  }
  close(p[1]);
  return pid;
}

// kmalloc with the token as the number it is to a user.
static uint
tokalloc(uint n)
{
  return (uint)kmalloc(n);
}

// kmfree of a token held as a number.
static int
tokfree(uint t)
{
  return kmfree((void*)t);
}

// kmalloc that fails the test when refused.
static uint
xtokalloc(uint n)
{
  uint t;

  if((t = tokalloc(n)) == 0)
    failu("kmalloc refused size", n);
  return t;
}

// kmfree that fails the test unless the token is accepted.
static void
xtokfree(uint t)
{
  if(tokfree(t) != 0)
    failu("kmfree refused a live token", t);
}

// Take n 8-byte tokens (or as many as kmalloc grants) and free them, so
// this process's token table is grown before a test's snapshots: a table grows by
// kmalloc, which would add to the counts the test expects.
static void
warm(uint *tok, uint n)
{
  uint i, k;

  for(k = 0; k < n && (tok[k] = tokalloc(8)) != 0; k++)
    ;
  for(i = 0; i < k; i++)
    xtokfree(tok[i]);
}

// The heap counters now.
static void
snap(struct kmstat *st)
{
  if(kmstat(st) != 0)
    fail("kmstat refused a good pointer");
}

// Pages free, held by the heap or by token tables: moved only by other
// users of the page allocator, so constant around heap calls.
static uint
pages(struct kmstat *st)
{
  return st->free_pages + st->held_bytes / PGSIZE + st->token_pages;
}

// Fail unless, from a to b, the counters moved by exactly these deltas
// and no page went missing; call(arg) names what happened in between.
static void
expect(const char *call, uint arg, struct kmstat *a, struct kmstat *b,
       uint nalloc, uint nfree, uint nfail, uint live)
{
  if(b->allocs - a->allocs != nalloc)
    failcount(call, arg, "allocs", nalloc, b->allocs - a->allocs);
  if(b->frees - a->frees != nfree)
    failcount(call, arg, "frees", nfree, b->frees - a->frees);
  if(b->fails - a->fails != nfail)
    failcount(call, arg, "fails", nfail, b->fails - a->fails);
  if(b->live_bytes - a->live_bytes != live)
    failcount(call, arg, "live_bytes", live, b->live_bytes - a->live_bytes);
  if(pages(b) != pages(a))
    failcount(call, arg, "free+heap+token pages", 0, pages(b) - pages(a));
}

// Fail unless, from a to b (with other processes' work between), every
// allocation was freed, at least min of them, none failed and no page
// went missing.
static void
balanced(const char *what, struct kmstat *a, struct kmstat *b, uint min)
{
  uint nalloc = b->allocs - a->allocs;

  if(nalloc < min)
    failcount(what, min, "allocs", min, nalloc);
  expect(what, min, a, b, nalloc, nalloc, 0, 0);
}

// Step the pseudo-random sequence x; return 16 fresh bits.
static uint
rnd(uint *x)
{
  *x = *x * 1103515245 + 12345;
  return (*x >> 16) & 0xffff;
}

// ---- kmstat ------------------------------------------------------------------

// kmstat fills in a sane, stable picture of the heap.
static void
kmstatok(void)
{
  struct kmstat a, b;

  snap(&a);
  if(strcmp(a.allocator, "kr") != 0 && strcmp(a.allocator, "slab") != 0)
    fail("allocator is neither kr nor slab");
  if(a.held_bytes % PGSIZE != 0)
    failu("held_bytes is not whole pages:", a.held_bytes);
  if(a.live_bytes > a.held_bytes)
    failu("live_bytes exceeds held_bytes:", a.live_bytes);
  if(a.allocs < a.frees)
    failu("more frees than allocs:", a.frees);
  if(a.free_pages == 0)
    fail("no free pages");
  // Nothing runs in between, so nothing may change.
  snap(&b);
  expect("kmstat", 0, &a, &b, 0, 0, 0, 0);
  if(b.free_pages != a.free_pages || b.held_bytes != a.held_bytes)
    fail("an idle heap changed between two kmstat calls");
}

// The kernel's own objects are counted: this process, its parent shell
// and init are proc objects in use, and a pipe's object shows up while it
// is open and is gone once both ends are closed.
static void
objbytes(void)
{
  struct kmstat a, b, c;
  int p[2];

  snap(&a);
  if(a.object_bytes < 3 * 512)
    failu("object_bytes, with at least three processes alive, is", a.object_bytes);
  if(pipe(p) < 0)
    fail("pipe failed");
  snap(&b);
  close(p[0]);
  close(p[1]);
  snap(&c);
  if(b.object_bytes < a.object_bytes + 512)
    failu("an open pipe added too few object bytes:",
          b.object_bytes - a.object_bytes);
  if(c.object_bytes != a.object_bytes)
    failcount("pipe and close", 1, "object_bytes", 0,
              c.object_bytes - a.object_bytes);
}

// kmstat refuses pointers the caller cannot write a struct kmstat at.
static void
badstat(void)
{
  uint bad[5], i, b = (uint)sbrk(0);
  char *top;
  struct kmstat st;

  // Align the break so the page at top is unmapped and top-4 is not.
  if(sbrk(PGROUNDUP(b) - b) == (char*)-1)
    fail("sbrk failed");
  top = sbrk(0);
  bad[0] = KERNBASE;
  bad[1] = 0xffffffff;
  bad[2] = KERNBASE - 4;
  bad[3] = (uint)top;
  bad[4] = (uint)top - 4;
  for(i = 0; i < 5; i++)
    if(kmstat((struct kmstat*)bad[i]) != -1)
      failu("kmstat accepted pointer", bad[i]);
  snap(&st);
  // Last: if it is wrongly accepted it overwrites the code at address 0.
  if(kmstat(NULL) != -1)
    fail("kmstat accepted a null pointer");
}

// ---- kmreplay --------------------------------------------------------------

// kmreplay runs a good trace (with figures or, res NULL, without), frees
// what the trace left live, and refuses
// bad pointers and out-of-range traces with -1, leaving the heap as it was.
static void
replay(void)
{
  static struct kmrop ops[4];
  static uint costs[4];
  struct kmrres res;
  struct kmstat a, b;

  ops[0] = (struct kmrop){ .slot = 1, .size = 100 };
  ops[1] = (struct kmrop){ .slot = 2, .size = 3000 };
  ops[2] = (struct kmrop){ .slot = 1, .size = 0 };
  ops[3] = (struct kmrop){ .slot = 3, .size = 8 };
  snap(&a);
  if(kmreplay(ops, 4, costs, &res) != 0)
    fail("kmreplay refused a good trace");
  snap(&b);
  if(b.live_bytes != a.live_bytes || res.fails != 0 || res.peak_live < 3100)
    failu("kmreplay: live bytes after, or its peak", res.peak_live);
  if(kmreplay(ops, 4, costs, NULL) != 0)
    fail("kmreplay refused a good trace without figures");
  snap(&b);
  if(b.live_bytes != a.live_bytes)
    failu("kmreplay without figures left live bytes", b.live_bytes - a.live_bytes);
  if(kmreplay((struct kmrop*)KERNBASE, 4, costs, &res) != -1 ||
     kmreplay(ops, 4, (uint*)KERNBASE, &res) != -1 ||
     kmreplay(ops, 4, costs, (struct kmrres*)0xffffffff) != -1)
    fail("kmreplay accepted a bad pointer");
  if(kmreplay(ops, KMR_MAXOPS + 1, costs, &res) != -1)
    fail("kmreplay accepted a trace longer than KMR_MAXOPS");
  ops[3].slot = KMR_MAXSLOTS;
  if(kmreplay(ops, 4, costs, &res) != -1)
    fail("kmreplay accepted a slot out of range");
  ops[3] = (struct kmrop){ .slot = 2, .size = KMR_MAXSIZE + 1 };
  if(kmreplay(ops, 4, costs, &res) != -1)
    fail("kmreplay accepted a size out of range");
  ops[3] = (struct kmrop){ .slot = 2, .size = 8 };
  if(kmreplay(ops, 4, costs, &res) != -1)
    fail("kmreplay accepted an allocation into a live slot");
  snap(&b);
  if(b.live_bytes != a.live_bytes)
    failu("live bytes after refused traces moved by", b.live_bytes - a.live_bytes);
}

// The heap's lock acquires (lockstat's LOCKS_HEAP classes) since boot or
// the last reset.
static uint
heapacquires(void)
{
  static struct lockstat ls[64];
  static const char *heap[] = { LOCKS_HEAP };
  uint sum = 0;
  int i, k, n = lockstat(ls, 64, 0);

  for(i = 0; i < n && i < 64; i++)
    for(k = 0; k < (int)(sizeof(heap) / sizeof(heap[0])); k++)
      if(strcmp(ls[i].name, heap[k]) == 0)
        sum += ls[i].acquires;
  return sum;
}

// kmreplay's own bookkeeping takes no heap lock per operation: a trace of
// n operations takes at most one per operation (K&R's lock), plus the
// two reaps' and the buffers' few, and without figures (no reaps) none
// at all beyond the trace's, so that the SMP benchmark (stress -w smp)
// counts the heap's locks, not kmreplay's.
static void
replaylocks(void)
{
  static struct kmrop ops[2 * RLOCKOPS];
  static uint costs[2 * RLOCKOPS];
  struct kmrres res;
  uint i, a0, a;

  for(i = 0; i < RLOCKOPS; i++){
    ops[i] = (struct kmrop){ .slot = i, .size = 64 };
    ops[RLOCKOPS + i] = (struct kmrop){ .slot = i, .size = 0 };
  }
  a0 = heapacquires();
  if(kmreplay(ops, 2 * RLOCKOPS, costs, &res) != 0)
    fail("kmreplay refused a good trace");
  a = heapacquires() - a0;
  if(a > 2 * RLOCKOPS + RLOCKSLACK)
    failu("heap lock acquires for a 2000-operation replay", a);
  a0 = heapacquires();
  if(kmreplay(ops, 0, costs, NULL) != 0)
    fail("kmreplay refused an empty trace without figures");
  a = heapacquires() - a0;
  if(a != 0)
    failu("heap lock acquires for an empty replay without figures", a);
}

// ---- sizes -------------------------------------------------------------------

// Fill sz with every power of two up to KMALLOC_MAX and its neighbours
// in 1..KMALLOC_MAX; return how many.
static int
mksizes(uint *sz)
{
  uint p;
  int n = 0;

  for(p = 1; p <= KMALLOC_MAX; p <<= 1){
    if(p > 1)
      sz[n++] = p - 1;
    sz[n++] = p;
    if(p < KMALLOC_MAX)
      sz[n++] = p + 1;
  }
  return n;
}

// Free token t of sz bytes, checking the counters moved by exactly that.
static void
freesize(uint t, uint sz)
{
  struct kmstat a, b;

  snap(&a);
  xtokfree(t);
  snap(&b);
  expect("kmfree of size", sz, &a, &b, 0, 1, 0, -sz);
}

// Every size from 1 to KMALLOC_MAX is granted and counted exactly, while
// all are live at once, and each free gives back exactly its bytes.
static void
sizes(void)
{
  uint sz[NSIZES], tok[NSIZES];
  struct kmstat start, a, b;
  int i, n = mksizes(sz);

  warm(tok, n);
  snap(&start);
  for(i = 0; i < n; i++){
    snap(&a);
    tok[i] = xtokalloc(sz[i]);
    snap(&b);
    expect("kmalloc", sz[i], &a, &b, 1, 0, 0, sz[i]);
  }
  // Odd indices first, then even: neighbours are freed apart.
  for(i = 1; i < n; i += 2)
    freesize(tok[i], sz[i]);
  for(i = 0; i < n; i += 2)
    freesize(tok[i], sz[i]);
  snap(&b);
  expect("all sizes", n, &start, &b, n, n, 0, 0);
}

// Sizes of 0 and above KMALLOC_MAX are refused, and counted as fails.
static void
badsizes(void)
{
  static const uint bad[] = {
    0, KMALLOC_MAX + 1, 2 * KMALLOC_MAX, 0x7fffffff, 0x80000000, 0xffffffff,
  };
  struct kmstat a, b;
  uint i, t;

  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++){
    snap(&a);
    t = tokalloc(bad[i]);
    snap(&b);
    if(t != 0)
      failu("kmalloc granted size", bad[i]);
    expect("kmalloc", bad[i], &a, &b, 0, 0, 1, 0);
  }
}

// ---- kmfree validation -------------------------------------------------------

// A second kmfree of a token is refused, even once its slot is reused.
static void
doublefree(void)
{
  struct kmstat a, b;
  uint t, u;

  t = xtokalloc(48);
  xtokfree(t);
  snap(&a);
  if(tokfree(t) != -1)
    fail("a second kmfree was accepted");
  snap(&b);
  expect("second kmfree", 48, &a, &b, 0, 0, 0, 0);
  u = xtokalloc(48);
  if(u == t)
    fail("a freed token was handed out again");
  if(tokfree(t) != -1)
    fail("a stale token freed a newer allocation");
  xtokfree(u);
}

// A freed token stays refused however often its slot is reused: more
// alloc/free cycles than a 15-bit generation can count.
static void
stale(void)
{
  uint t, u;
  int i;

  t = xtokalloc(48);
  xtokfree(t);
  for(i = 0; i < NSTALE; i++){
    u = xtokalloc(48);
    if(u == t)
      failv("a freed token was handed out again, cycle", i);
    if(tokfree(t) != -1)
      failv("a stale token freed a newer allocation, cycle", i);
    xtokfree(u);
  }
}

// The heap's and the page allocator's invariants hold while blocks of
// many sizes are live and after they are freed.
static void
checkheap(void)
{
  uint tok[NSIZES], i;

  if(kmcheck() != 0)
    fail("kmcheck failed before any allocation");
  for(i = 0; i < NSIZES; i++)
    tok[i] = xtokalloc(1 + i * 997 % KMALLOC_MAX);
  if(kmcheck() != 0)
    fail("kmcheck failed with blocks live");
  for(i = 0; i < NSIZES; i += 2)
    xtokfree(tok[i]);
  if(kmcheck() != 0)
    fail("kmcheck failed with every other block freed");
  for(i = 1; i < NSIZES; i += 2)
    xtokfree(tok[i]);
  if(kmcheck() != 0)
    fail("kmcheck failed after every block was freed");
}

// A process holding no tokens has every made-up one refused, to no effect.
static void
badfree(void)
{
  uint bad[8], i, t;
  struct kmstat a, b;

  t = xtokalloc(16);
  xtokfree(t);
  bad[0] = 0;
  bad[1] = 1;
  bad[2] = 0x12345678;
  bad[3] = 0xffffffff;
  bad[4] = 0x80000000;
  bad[5] = t - 1;
  bad[6] = t + 1;
  bad[7] = t;
  snap(&a);
  for(i = 0; i < 8; i++)
    if(tokfree(bad[i]) != -1)
      failu("kmfree accepted made-up token", bad[i]);
  snap(&b);
  expect("made-up kmfree", 0, &a, &b, 0, 0, 0, 0);
}

// Whether t is among the n tokens at tok.
static int
holds(uint *tok, int n, uint t)
{
  while(n-- > 0)
    if(tok[n] == t)
      return 1;
  return 0;
}

// Every one-bit change of a live token that is not itself one of our
// tokens is refused, and the real tokens still free afterwards.
static void
forge(void)
{
  uint tok[NFORGE], v, k;
  struct kmstat a, b;
  int i;

  for(i = 0; i < NFORGE; i++)
    tok[i] = xtokalloc(1 + i * 97);
  snap(&a);
  for(i = 0; i < NFORGE; i++){
    for(k = 0; k < 32; k++){
      v = tok[i] ^ (1U << k);
      if(!holds(tok, NFORGE, v) && tokfree(v) != -1)
        failu("kmfree accepted forged token", v);
    }
  }
  snap(&b);
  expect("forged kmfree", 0, &a, &b, 0, 0, 0, 0);
  for(i = 0; i < NFORGE; i++)
    xtokfree(tok[i]);
}

// The foreign test's child: refuse the parent's token, hand the parent
// its own, and once the parent has tried it, free it.
static NORETURN void
foreignchild(uint parents, int tokfd, int gofd)
{
  struct kmstat a, b;
  uint first, mine;
  char c;

  snap(&a);
  if(tokfree(parents) != -1)
    fail("a child freed its parent's token");
  snap(&b);
  expect("child's kmfree of parent's token", 0, &a, &b, 0, 0, 0, 0);
  // Tokens are names in their owner's table, as file descriptors are:
  // the child's second token is a value the parent's table never issued.
  first = xtokalloc(200);
  mine = xtokalloc(200);
  if(write(tokfd, &mine, sizeof(mine)) != sizeof(mine))
    fail("the child could not send its token");
  if(read(gofd, &c, 1) != 1)
    fail("the parent went away");
  if(tokfree(mine) != 0)
    fail("the parent's kmfree destroyed the child's token");
  xtokfree(first);
  pass(0);
}

// A token is its owner's alone: neither a child (which has a copy of it
// in memory) nor a parent can free another's, and the owner still can.
static void
foreign(void)
{
  int tp[2], gp[2], rp[2];
  uint mine, theirs;

  mine = xtokalloc(100);
  xpipe(tp);
  xpipe(gp);
  xpipe(rp);
  if(helper(rp) == 0){
    close(tp[0]);
    close(gp[1]);
    foreignchild(mine, tp[1], gp[0]);
  }
  close(tp[1]);
  close(gp[0]);
  if(read(tp[0], &theirs, sizeof(theirs)) != sizeof(theirs)){
    collect(rp[0], 1);
    fail("the child sent no token");
  }
  if(tokfree(theirs) != -1)
    fail("a parent freed its child's token");
  write(gp[1], "g", 1);
  collect(rp[0], 1);
  wait();
  if(tokfree(theirs) != -1)
    fail("kmfree accepted the token of an exited child");
  if(tokfree(mine) != 0)
    fail("the child's kmfree destroyed the parent's token");
}

// ---- volume ------------------------------------------------------------------

// Ten thousand small allocations live at once are all distinct (each
// frees exactly once) and all counted.
static void
many(void)
{
  static uint tok[NMANY];
  struct kmstat start, a, b;
  uint live = 0;
  int i;

  warm(tok, NMANY);
  snap(&start);
  for(i = 0; i < NMANY; i++){
    tok[i] = xtokalloc(1 + i % 100);
    live += 1 + i % 100;
  }
  snap(&a);
  expect("kmalloc", NMANY, &start, &a, NMANY, 0, 0, live);
  // 7919 is prime to NMANY, so this visits every index once, scattered.
  for(i = 0; i < NMANY; i++)
    xtokfree(tok[i * 7919 % NMANY]);
  snap(&b);
  expect("kmfree", NMANY, &a, &b, 0, NMANY, 0, -live);
}

// A size for allocation i of a mix: mostly small, every tenth above a
// page, every fiftieth the largest.
static uint
mixsize(int i, uint *x)
{
  if(i % 50 == 0)
    return KMALLOC_MAX;
  if(i % 10 == 0)
    return PGSIZE + 1 + rnd(x) % (4 * PGSIZE);
  return 1 + rnd(x) % 512;
}

// Allocate n blocks of mixed sizes, free every seventh, and check this
// process's own counts; the rest stay live.
static void
hog(int n, uint seed)
{
  static uint tok[NEXIT], sz[NEXIT];
  struct kmstat a, b;
  uint live = 0, nfree = 0;
  int i;

  warm(tok, n);
  snap(&a);
  for(i = 0; i < n; i++){
    sz[i] = mixsize(i, &seed);
    tok[i] = xtokalloc(sz[i]);
    live += sz[i];
  }
  for(i = 0; i < n; i += 7){
    xtokfree(tok[i]);
    live -= sz[i];
    nfree++;
  }
  snap(&b);
  expect("hog", n, &a, &b, n, nfree, 0, live);
}

// A process that makes no allocations gives every page back when it is
// waited for: the baseline the exit tests below rely on.
static void
exitplain(void)
{
  struct kmstat a, b;
  int rp[2];

  // The pipe's page exists at both snapshots, so it cancels out.
  xpipe(rp);
  snap(&a);
  if(helper(rp) == 0)
    pass(0);
  collect(rp[0], 1);
  wait();
  snap(&b);
  balanced("exit of a child holding nothing", &a, &b, 0);
  close(rp[0]);
}

// A process that exits holding allocations gives every byte and page back.
static void
exitfree(void)
{
  struct kmstat a, b;
  int rp[2];

  xpipe(rp);
  snap(&a);
  if(helper(rp) == 0){
    hog(NEXIT, 1);
    pass(0);
  }
  collect(rp[0], 1);
  wait();
  snap(&b);
  balanced("exit of a child holding blocks", &a, &b, NEXIT);
  close(rp[0]);
}

// A process killed while holding allocations gives them all back too.
static void
killfree(void)
{
  struct kmstat a, b;
  int rp[2], p[2], pid;
  char c;

  // Both pipes' pages exist at both snapshots, so they cancel out.
  xpipe(rp);
  xpipe(p);
  snap(&a);
  if((pid = helper(rp)) == 0){
    close(p[1]);
    hog(NEXIT / 2, 2);
    printf(resfd, "k\n");
    read(p[0], &c, 1);  // blocks until killed: no one writes p
    exit();
  }
  collect(rp[0], 1);
  if(kill(pid) < 0)
    fail("kill failed");
  wait();
  snap(&b);
  balanced("kill of a child holding blocks", &a, &b, NEXIT / 2);
  close(rp[0]);
  close(p[0]);
  close(p[1]);
}

// A size for the churn test: mostly small, some above a page, rarely the
// largest.
static uint
churnsize(uint *x)
{
  uint r = rnd(x);

  if(r % 64 == 0)
    return KMALLOC_MAX;
  if(r % 8 == 0)
    return 1 + rnd(x) % (4 * PGSIZE);
  return 1 + rnd(x) % 256;
}

// One churn process: NOPS random allocations and frees over NSLOT slots,
// each checked, then exit holding what is left; report the allocations.
static NORETURN void
churner(uint seed)
{
  uint tok[NSLOT], x = seed, nalloc = 0, s;
  int i;

  memset(tok, 0, sizeof(tok));
  for(i = 0; i < NOPS; i++){
    s = rnd(&x) % NSLOT;
    if(tok[s] == 0){
      tok[s] = xtokalloc(churnsize(&x));
      nalloc++;
    } else {
      xtokfree(tok[s]);
      if(tokfree(tok[s]) != -1)
        failu("kmfree accepted a token twice:", tok[s]);
      tok[s] = 0;
    }
  }
  pass(nalloc);
}

// Run n churners at once (on several CPUs when there are), reporting on
// pipe p, made by the caller; return once all have exited, with the sum
// of their allocations.
static uint
churnall(int *p, int n)
{
  int gate[2], i;
  uint nalloc;
  char c;

  xpipe(gate);
  for(i = 0; i < n; i++){
    if(xfork() == 0){
      close(p[0]);
      close(gate[1]);
      resfd = p[1];
      // Start together, so that the churners overlap.
      if(read(gate[0], &c, 1) != 1)
        fail("the churn parent went away");
      churner(getpid() * 7 + i);
    }
  }
  close(p[1]);
  for(i = 0; i < n; i++)
    write(gate[1], "g", 1);
  nalloc = collect(p[0], n);
  for(i = 0; i < n; i++)
    wait();
  close(gate[0]);
  close(gate[1]);
  return nalloc;
}

// Several processes allocating and freeing at once leave every counter
// consistent and no page lost.
static void
churn(void)
{
  struct kmstat a, b;
  int p[2];
  uint nalloc;

  xpipe(p);
  snap(&a);
  nalloc = churnall(p, NCHILD);
  snap(&b);
  balanced("churn", &a, &b, nalloc);
  close(p[0]);
}

// Churners on every CPU leave free objects in each CPU's magazines; one
// kmreap, on whichever CPU this process runs, takes them all back: free
// pages return exactly to what a reap before the churn left, and every
// block allocated was freed. The result pipe comes and goes between the
// two counts: its objects freed could empty a slab the first reap kept.
static void
reapall(void)
{
  struct kmstat a, b;
  int p[2];
  uint before, after, nalloc;

  if((before = reapedpages()) == 0)
    fail("kmreplay or procmem failed");
  snap(&a);
  xpipe(p);
  nalloc = churnall(p, NREAP);
  close(p[0]);
  after = reapedpages();
  snap(&b);
  if(after != before)
    failcount("churn on every CPU, then kmreap", NREAP, "free pages", 0,
              after - before);
  balanced("churn on every CPU, then kmreap", &a, &b, nalloc);
}

// ---- exhaustion ----------------------------------------------------------------

// Largest allocations until memory runs out: the refusal is a 0 counted
// in fails, and after freeing everything memory is there again.
static void
oom(void)
{
  static uint tok[PHYSTOP / KMALLOC_MAX + 1];
  struct kmstat a, b, c;
  uint i, n, t, max = sizeof(tok) / sizeof(tok[0]);

  warm(tok, max);
  snap(&a);
  for(n = 0; n < max && (t = tokalloc(KMALLOC_MAX)) != 0; n++)
    tok[n] = t;
  snap(&b);
  if(n == max)
    failu("kmalloc never ran out of memory; granted", n);
  expect("largest kmallocs until refused, granted", n, &a, &b, n, 0, 1,
         n * KMALLOC_MAX);
  for(i = 0; i < n; i++)
    xtokfree(tok[i]);
  snap(&c);
  expect("kmfree of them all", n, &b, &c, 0, n, 0, -(n * KMALLOC_MAX));
  xtokfree(xtokalloc(KMALLOC_MAX));
}

// A MAP_POPULATE mapping of len bytes, or 0 when memory runs out.
static uint
populate(uint len)
{
  char *p = mmap(0, len, PROT_READ | PROT_WRITE,
                 MAP_ANONYMOUS | MAP_PRIVATE | MAP_POPULATE, -1, 0);

  return p == (char*)MAP_FAILED ? 0 : (uint)p;
}

// In a strand child: map and touch STRANDPAGES pages, say so on ready,
// wait for gate to close, then free them and exit, on whatever CPU this
// child runs: the pages go to that CPU's list.
static NORETURN void
strandkid(int ready, int gate)
{
  uint a;
  char c;

  if((a = populate(STRANDPAGES * PGSIZE)) == 0)
    exit();
  write(ready, "r", 1);
  read(gate, &c, 1);
  munmap((void*)a, STRANDPAGES * PGSIZE);
  exit();
}

// Let STRANDKIDS children free pages at once, on the other CPUs too.
static void
strand(void)
{
  int ready[2], gate[2], k;
  char c;

  xpipe(ready);
  xpipe(gate);
  for(k = 0; k < STRANDKIDS; k++)
    if(xfork() == 0){
      close(ready[0]);
      close(gate[1]);
      strandkid(ready[1], gate[0]);
    }
  close(ready[1]);
  close(gate[0]);
  for(k = 0; k < STRANDKIDS; k++)
    if(read(ready[0], &c, 1) != 1)
      fail("a strand child could not map its pages");
  close(gate[1]);
  for(k = 0; k < STRANDKIDS; k++)
    wait();
  close(ready[0]);
}

// No page is stranded on another CPU's list (alloc/pcp.c): after children
// freed pages on every CPU, one process maps memory until not one more
// page maps, and then at most STRANDSLACK pages are free (the last
// mapping's page table or heap record), not the pages the other CPUs'
// lists held; unmapping all gives every page back (counting the pages
// the heap holds and the mmap window's spare page tables).
static void
pcpstrand(void)
{
  uint at[STRANDMAPS], len[STRANDMAPS], n = 0, sz, i;
  struct kmstat a, b, c;
  struct procmem pa, pc;

  snap(&a);
  if(procmem(0, &pa) < 0)
    fail("procmem failed");
  strand();
  for(sz = 16 * 1024 * 1024; sz >= PGSIZE; sz /= 2)
    while(n < STRANDMAPS && (at[n] = populate(sz)) != 0)
      len[n++] = sz;
  snap(&b);
  if(n == STRANDMAPS)
    failu("memory did not run out within the mappings:", n);
  for(i = 0; i < n; i++)
    if(munmap((void*)at[i], len[i]) != 0)
      fail("munmap of a populated mapping failed");
  snap(&c);
  if(procmem(0, &pc) < 0)
    fail("procmem failed");
  if(b.free_pages > STRANDSLACK)
    failu("free pages when not one more page would map:", b.free_pages);
  if(pages(&c) + pc.mmaptables != pages(&a) + pa.mmaptables)
    failcount("pcpstrand", 0, "free+heap+token+spare table pages", 0,
              pages(&c) + pc.mmaptables - pages(&a) - pa.mmaptables);
  pass(0);
}

// Small allocations until kmalloc refuses one (or NFILL are held): every
// grant and the refusal are counted as such.
static void
tokfill(void)
{
  uint *tok, i, n, t;
  struct kmstat a, b, c;

  if((tok = (uint*)sbrk(NFILL * sizeof(uint))) == (uint*)-1)
    fail("sbrk failed");
  warm(tok, NFILL);
  snap(&a);
  for(n = 0; n < NFILL && (t = tokalloc(8)) != 0; n++)
    tok[n] = t;
  snap(&b);
  expect("8-byte kmallocs until refused, granted", n, &a, &b, n, 0,
         n < NFILL, 8 * n);
  for(i = 0; i < n; i++)
    xtokfree(tok[i]);
  snap(&c);
  expect("kmfree of them all", n, &b, &c, 0, n, 0, -(8 * n));
}

// ---- kernel objects on the heap ------------------------------------------------

// Wait for a byte on fd; exit quietly when fd reaches its end.
static void
await(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    exit();
}

// In a helper child: at a byte on opengate open n pipes, at one on shutgate
// close them, each step answered with a byte on done ('x' for a pipe
// refused); then wait for opengate to reach its end. Each gate pipe carries
// one byte per child, so no child takes another's.
static NORETURN void
pipeholder(int opengate, int shutgate, int done, int n)
{
  int fds[2 * NPIPES / PIPEKIDS], i;

  await(opengate);
  for(i = 0; i < n; i++)
    if(pipe(fds + 2*i) < 0){
      write(done, "x", 1);
      exit();
    }
  write(done, "o", 1);
  await(shutgate);
  for(i = 0; i < 2*n; i++)
    close(fds[i]);
  write(done, "c", 1);
  await(opengate);
  exit();
}

// Wake every pipe holder through gate and wait until each has answered.
static void
pipestep(int gate, int done)
{
  char c;
  int k;

  for(k = 0; k < PIPEKIDS; k++)
    if(write(gate, "g", 1) != 1)
      fail("could not wake the pipe holders");
  for(k = 0; k < PIPEKIDS; k++){
    if(read(done, &c, 1) != 1)
      fail("a pipe holder died");
    if(c == 'x')
      fail("pipe refused with memory free");
  }
}

// NPIPES open pipes (both ends open, in PIPEKIDS processes forked
// beforehand) take fewer than PIPEPAGES pages from the page allocator,
// and closing them gives back every page and live byte.
static void
pipecost(void)
{
  int og[2], sg[2], done[2], k;
  struct kmstat a, b, c;

  xpipe(og);
  xpipe(sg);
  xpipe(done);
  for(k = 0; k < PIPEKIDS; k++)
    if(xfork() == 0){
      close(og[1]);
      close(sg[1]);
      close(done[0]);
      pipeholder(og[0], sg[0], done[1], NPIPES / PIPEKIDS);
    }
  close(og[0]);
  close(sg[0]);
  close(done[1]);
  snap(&a);
  pipestep(og[1], done[0]);
  snap(&b);
  pipestep(sg[1], done[0]);
  snap(&c);
  close(og[1]);
  close(sg[1]);
  for(k = 0; k < PIPEKIDS; k++)
    wait();
  close(done[0]);
  if(a.free_pages - b.free_pages >= PIPEPAGES)
    failu("32 open pipes took pages:", a.free_pages - b.free_pages);
  if(pages(&c) != pages(&a))
    failcount("closing 32 pipes", NPIPES, "free+heap+token pages", 0,
              pages(&c) - pages(&a));
  if(c.live_bytes != a.live_bytes)
    failcount("closing 32 pipes", NPIPES, "live_bytes", 0,
              c.live_bytes - a.live_bytes);
  pass(0);
}

// Take every block the heap will give, largest sizes first, into the
// NGROW-token array tok (from sbrk): how many were taken. The token table
// is grown first, by NGROW tokens taken and freed, so that it needs no
// page while the heap is emptied: a table that cannot grow refuses a
// token while the heap still has blocks of that size. Emptying the heap
// takes many: the last free pages go to small blocks, hundreds a page.
static uint
exhaust(uint *tok)
{
  uint i, sz, t;

  for(i = 0; i < NGROW; i++)
    tok[i] = xtokalloc(512);
  while(i > 0)
    xtokfree(tok[--i]);
  for(sz = KMALLOC_MAX; sz >= 8; sz /= 2)
    while(i < NGROW && (t = tokalloc(sz)) != 0)
      tok[i++] = t;
  if(i == NGROW)
    failu("the heap did not run out within the grown token table; held", i);
  return i;
}

// Free the first n tokens of tok.
static void
unexhaust(uint *tok, uint n)
{
  uint i;

  for(i = 0; i < n; i++)
    xtokfree(tok[i]);
}

// Fail unless from a to b every page and live byte came back.
static void
restored(const char *what, struct kmstat *a, struct kmstat *b)
{
  if(pages(b) != pages(a))
    failcount(what, 0, "free+heap+token pages", 0, pages(b) - pages(a));
  if(b->live_bytes != a->live_bytes)
    failcount(what, 0, "live_bytes", 0, b->live_bytes - a->live_bytes);
  if(b->object_bytes != a->object_bytes)
    failcount(what, 0, "object_bytes", 0, b->object_bytes - a->object_bytes);
}

// The token array for the heapfull tests, touched now: the heap is lazy,
// and its pages coming at their first touch would cost the free-page
// counts the tests compare.
static uint*
fullarray(void)
{
  uint *tok;

  if((tok = (uint*)sbrk(NGROW * sizeof(uint))) == (uint*)-1)
    fail("sbrk failed");
  memset(tok, 0, NGROW * sizeof(uint));
  return tok;
}

// Fail unless, from a to b, one kmalloc was refused and every block
// granted was freed. (Which one is refused depends on what the token
// table, growing in pages, left the heap, so the count granted varies.)
static void
refused(const char *what, struct kmstat *a, struct kmstat *b)
{
  uint nalloc = b->allocs - a->allocs;

  expect(what, nalloc, a, b, nalloc, nalloc, 1, 0);
}

// With the heap exhausted, exec returns -1 whether its argument copies
// fail at the first allocation (its scratch page) or at a later one (a
// freed 4096-byte block lets the scratch through), each a refusal
// kmstat counts, and every byte comes back.
static void
heapexec(void)
{
  char *argv[] = { "echo", "ab", "cd", NULL };
  uint *tok = fullarray(), n, t;
  struct kmstat a, b, c, d;

  snap(&a);
  n = exhaust(tok);
  snap(&b);
  if(exec("echo", argv) != -1)
    fail("exec did not return -1 with the heap exhausted");
  snap(&c);
  refused("exec with the heap exhausted", &b, &c);
  unexhaust(tok, n);
  t = xtokalloc(4096);
  n = exhaust(tok);
  xtokfree(t);
  snap(&b);
  if(exec("echo", argv) != -1)
    fail("exec did not return -1 with one free block in the heap");
  snap(&c);
  refused("exec with one free block", &b, &c);
  unexhaust(tok, n);
  snap(&d);
  restored("exec with the heap exhausted", &a, &d);
  pass(0);
}

// With the heap exhausted, pipe and open return -1 (K&R keeps nothing
// aside; the slab's caches may still hold free objects, which a call
// may take, so there each call repeats until -1 or until it has used
// its share of the descriptors) and every byte comes back once all is
// closed and freed.
static void
heapfiles(void)
{
  uint *tok = fullarray(), n;
  int fds[NOFILE], nfd = 0, p[2], kr, fd;
  struct kmstat a, b;

  snap(&a);
  kr = strcmp(a.allocator, "kr") == 0;
  n = exhaust(tok);
  while(nfd + 2 <= NOFILE / 2 - 2 && pipe(p) == 0){
    if(kr)
      fail("pipe succeeded with the K&R heap exhausted");
    fds[nfd++] = p[0];
    fds[nfd++] = p[1];
  }
  while(nfd < NOFILE - 4 && (fd = open("echo", O_RDONLY)) >= 0){
    if(kr)
      fail("open succeeded with the K&R heap exhausted");
    fds[nfd++] = fd;
  }
  while(nfd > 0)
    close(fds[--nfd]);
  unexhaust(tok, n);
  snap(&b);
  restored("pipe and open with the heap exhausted", &a, &b);
  pass(0);
}

// ---- slabinfo ----------------------------------------------------------------

// The records of the kernel heap's caches into rec; return how many.
static int
slabs(struct slabinfo *rec)
{
  int n = slabinfo(rec, NREC);

  if(n < 0)
    fail("slabinfo refused a good buffer");
  if(n > NREC)
    failu("more caches than the test's buffer holds:", n);
  return n;
}

// The record named name among the n in rec; fails the test if none is.
static struct slabinfo *
slabnamed(struct slabinfo *rec, int n, const char *name)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(rec[i].name, name) == 0)
      return &rec[i];
  printf(resfd, "fslabinfo lists no cache %s among %d\n", name, n);
  exit();
}

// Fail unless record r of a kmalloc class is named for its size.
static void
classnamed(struct slabinfo *r)
{
  char want[SLABINFO_NAME] = "kmalloc-", digits[12];
  int i = 0, k = strlen(want);
  uint v = r->objsize;

  do {
    digits[i++] = '0' + v % 10;
    v /= 10;
  } while(v != 0);
  while(i > 0)
    want[k++] = digits[--i];
  want[k] = 0;
  if(strcmp(r->name, want) != 0)
    failu("a kmalloc class is not named for its size,", r->objsize);
}

// slabinfo lists mmap's caches and, for slab, the kmalloc classes named
// for their sizes and the allocator's own caches flagged; kr says '-'
// for the columns its one free list cannot tell.
static void
slablist(void)
{
  static struct slabinfo rec[NREC];
  static const char *classes[] = { "kmalloc-8", "kmalloc-64", "kmalloc-4096",
                                   "kmalloc-24576" };
  struct kmstat st;
  struct slabinfo *r;
  int i, n = slabs(rec);

  snap(&st);
  slabnamed(rec, n, "region");
  slabnamed(rec, n, "vmspace");
  if(strcmp(st.allocator, "kr") == 0){
    r = slabnamed(rec, n, "kmalloc");
    if(r->total != SLABINFO_NA || r->pages != SLABINFO_NA ||
       r->hits != SLABINFO_NA || !(r->flags & SLABINFO_KMALLOC))
      fail("kr's kmalloc record claims columns it cannot tell");
  } else {
    for(i = 0; i < (int)(sizeof(classes) / sizeof(classes[0])); i++)
      if(!(slabnamed(rec, n, classes[i])->flags & SLABINFO_KMALLOC))
        fail("a kmalloc class is not flagged as one");
    if(!(slabnamed(rec, n, "kmcache")->flags & SLABINFO_INTERNAL))
      fail("slab's own kmcache cache is not flagged internal");
    for(i = 0; i < n; i++){
      if(rec[i].flags & SLABINFO_KMALLOC)
        classnamed(&rec[i]);
      if(rec[i].active > rec[i].total)
        failu("a cache has more objects in use than it holds:", i);
    }
  }
  if(slabinfo(0, 0) != n)
    fail("slabinfo(0, 0) does not count the caches");
}

// Objects in use of cache name.
static uint
inuse(const char *name)
{
  static struct slabinfo rec[NREC];

  return slabnamed(rec, slabs(rec), name)->active;
}

// An mmap takes one object of the region cache, its munmap gives it back.
static void
slabregion(void)
{
  char *p;
  uint before, during;

  // The first mapping may make the vmspace too; this is about regions.
  if((p = mmap(0, PGSIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED ||
     munmap(p, PGSIZE) != 0)
    fail("mmap or munmap of a page failed");
  before = inuse("region");
  if((p = mmap(0, PGSIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
    fail("mmap of a page failed");
  during = inuse("region");
  if(munmap(p, PGSIZE) != 0)
    fail("munmap of a page failed");
  if(during != before + 1)
    failcount("mmap", PGSIZE, "regions in use", 1, during - before);
  if(inuse("region") != before)
    failcount("munmap", PGSIZE, "regions in use", 0, inuse("region") - before);
}

// slabinfo refuses a negative or huge max and pointers it cannot write
// records at with -1, and writes no more than max records.
static void
badslabinfo(void)
{
  static struct slabinfo rec[2];
  uint bad[5], i, b = (uint)sbrk(0);
  char *top;

  // Align the break so the page at top is unmapped and top-4 is not.
  if(sbrk(PGROUNDUP(b) - b) == (char*)-1)
    fail("sbrk failed");
  top = sbrk(0);
  bad[0] = KERNBASE;
  bad[1] = 0xffffffff;
  bad[2] = KERNBASE - 4;
  bad[3] = (uint)top;
  bad[4] = (uint)top - 4;
  for(i = 0; i < 5; i++)
    if(slabinfo((struct slabinfo*)bad[i], 1) != -1)
      failu("slabinfo accepted pointer", bad[i]);
  if(slabinfo(rec, -1) != -1 || slabinfo(rec, 0x7fffffff) != -1)
    fail("slabinfo accepted a negative or huge max");
  memset(&rec[1], 0x5a, sizeof(rec[1]));
  if(slabinfo(rec, 1) < 2)
    fail("slabinfo counts fewer than two caches");
  if(rec[1].objsize != 0x5a5a5a5a || rec[0].name[0] == 0x5a)
    fail("slabinfo(buf, 1) did not write exactly one record");
}

// ---- processes -----------------------------------------------------------------

// Fail unless from a to b every page and every live byte came back, and
// the proc cache has procs objects in use again.
static void
restoredprocs(const char *what, struct kmstat *a, struct kmstat *b, uint procs)
{
  if(inuse("proc") != procs)
    failcount(what, 0, "proc objects in use", 0, inuse("proc") - procs);
  restored(what, a, b);
}

// fork with the kernel heap exhausted returns -1 rather than panicking,
// and leaks nothing: once the blocks are freed, memory is as before.
static void
forkoom(void)
{
  uint *tok, i, n, procs;
  struct kmstat a, b;
  int pid;

  tok = fullarray();
  procs = inuse("proc");
  snap(&a);
  n = exhaust(tok);
  if((pid = fork()) == 0)
    exit();
  for(i = 0; i < n; i++)
    xtokfree(tok[i]);
  if(pid > 0){
    wait();
    fail("fork succeeded with the kernel heap exhausted");
  }
  snap(&b);
  restoredprocs("fork refused, then every block freed", &a, &b, procs);
}

// Processes alive now, this one included, zombies too.
static int
alive(void)
{
  struct procmem pm;
  int pid, last, n = 0;

  // A fresh child's pid is above every pid in use.
  if((last = xfork()) == 0)
    exit();
  wait();
  for(pid = 1; pid < last; pid++)
    if(procmem(pid, &pm) == 0)
      n++;
  return n;
}

// fork fails exactly when NPROC processes exist, and once every child is
// reaped, memory and live bytes are as before.
static void
forknproc(void)
{
  struct kmstat a, b;
  int n, want, pid;
  uint procs;

  want = NPROC - alive();
  procs = inuse("proc");
  snap(&a);
  for(n = 0; n <= NPROC; n++){
    if((pid = fork()) < 0)
      break;
    if(pid == 0)
      exit();
  }
  for(pid = n; pid > 0; pid--)
    if(wait() < 0)
      fail("wait lost a child");
  if(n != want)
    failcount("fork until refused", NPROC, "forks", want, n);
  if(wait() != -1)
    fail("wait found a child after the last");
  snap(&b);
  restoredprocs("fork to NPROC and reap", &a, &b, procs);
}

// ---- the allocation trace (kmtrace) ------------------------------------------

static struct ktrec trrecs[NTRACE];
static struct ktcache trcaches[KT_MAXCACHES];

// The recorder's state.
static void
trstat(struct ktstat *st)
{
  if(kmtrace(KT_STAT, st, 0) != 0)
    fail("kmtrace KT_STAT refused a good pointer");
}

// Stop the recorder and drain what it holds, so that it holds no pages.
static void
troff(void)
{
  struct ktstat st;

  if(kmtrace(KT_OFF, 0, 0) != 0)
    fail("kmtrace KT_OFF failed");
  while(kmtrace(KT_DRAIN, trrecs, NTRACE) > 0)
    ;
  trstat(&st);
  if(st.on || st.held)
    failu("recorder off and drained still holds records", st.held);
}

// Pages free, held by the heap or by token tables (pages() above): the
// recorder's buffer is none of these, and no CPU's magazines move them.
static uint
trpages(void)
{
  struct kmstat st;

  snap(&st);
  return pages(&st);
}

// Fail unless trpages() is back at before once what happened.
static void
pagesback(const char *what, uint before)
{
  if(trpages() != before)
    failcount(what, 0, "free+heap+token pages", 0, trpages() - before);
}

// Start the recorder, failing the test if it will not.
static void
tron(void)
{
  if(kmtrace(KT_ON, 0, 0) != 0)
    fail("kmtrace KT_ON refused to start a stopped recorder");
}

// The id of the cache called name, with its object size in *size.
static uint
trcache(const char *name, uint *size)
{
  int i, n = kmtrace(KT_CACHES, trcaches, KT_MAXCACHES);

  for(i = 0; i < n; i++)
    if(strcmp(trcaches[i].name, name) == 0){
      *size = trcaches[i].size;
      return trcaches[i].id;
    }
  fail("KT_CACHES lists no cache of that name");
}

// On, off and stat: off at the start, one start only, drops and records
// cleared by a start, and nothing held once off and drained.
static void
traceonoff(void)
{
  struct ktstat st;
  uint before;

  troff();
  before = trpages();
  tron();
  if(kmtrace(KT_ON, 0, 0) != -1)
    fail("KT_ON started a recorder already on");
  trstat(&st);
  if(!st.on || st.held || st.dropped || st.capacity != KT_CAP)
    failu("KT_STAT after KT_ON: on, 0 held, 0 dropped, KT_CAP; held",
          st.held);
  if(kmtrace(KT_OFF, 0, 0) != 0 || kmtrace(KT_OFF, 0, 0) != 0)
    fail("KT_OFF failed");
  trstat(&st);
  if(st.on)
    fail("KT_STAT says on after KT_OFF");
  pagesback("KT_ON then KT_OFF", before);
  pass(0);
}

// Map a page, touch it and unmap it.
static void
trmap(void)
{
  char *p;

  if((p = mmap(0, PGSIZE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE,
               -1, 0)) == MAP_FAILED)
    fail("mmap failed");
  p[0] = 1;
  if(munmap(p, PGSIZE) != 0)
    fail("munmap failed");
}

// Drain the recorder, failing unless an object of the cache called name
// was taken and then given back, its records carrying the cache's size.
static void
trpair(const char *name)
{
  uint id, size, i, addr = 0, got = 0;
  int n;

  id = trcache(name, &size);
  while((n = kmtrace(KT_DRAIN, trrecs, NTRACE)) > 0)
    for(i = 0; i < n; i++){
      if(trrecs[i].cache != id)
        continue;
      if(trrecs[i].size != size)
        failu("a cache record's size is not the cache's", trrecs[i].size);
      if(trrecs[i].op == KT_CALLOC && addr == 0)
        addr = trrecs[i].addr;
      else if(trrecs[i].op == KT_CFREE && trrecs[i].addr == addr)
        got = 1;
    }
  if(addr == 0 || !got)
    fail("no kmcache_alloc of the cache followed by its kmcache_free");
}

// One page mapped and unmapped while recording: a region taken from the
// region cache and given back, in order; its records are held until
// drained, and then the pages come back.
static void
tracemmap(void)
{
  struct ktstat st;
  uint before;

  troff();
  // A first mapping gives the process its vmspace, held until it exits.
  trmap();
  before = trpages();
  tron();
  trmap();
  kmtrace(KT_OFF, 0, 0);
  trstat(&st);
  if(st.held < 2 || st.dropped)
    failu("mmap and munmap recorded too few records or drops; held",
          st.held);
  if(trpages() >= before)
    fail("a recorder off with records held holds no pages");
  trpair("region");
  pagesback("drained", before);
  pass(0);
}

// A pipe opened and closed while recording: its object taken from the
// pipe cache and given back.
static void
tracepipe(void)
{
  int p[2];

  troff();
  tron();
  xpipe(p);
  close(p[0]);
  close(p[1]);
  kmtrace(KT_OFF, 0, 0);
  trpair("pipe");
  pass(0);
}

// An alternating 64-byte kmalloc/kmfree trace of n operations in slot 0.
static void
trreplay(struct kmrop *ops, uint *costs, uint n)
{
  struct kmrres res;
  uint i;

  for(i = 0; i < n; i++)
    ops[i] = (struct kmrop){ .slot = 0, .size = i % 2 ? 0 : 64 };
  if(kmreplay(ops, n, costs, &res) != 0)
    fail("kmreplay refused the trace");
}

// Run kmrec with arguments av, its output closed.
static void
trkmrec(char **av)
{
  if(xfork() == 0){
    close(1);   // its output is not the suite's
    close(2);
    exec("kmrec", av);
    exit();
  }
  wait();
}

// Read the header of the trace file kmrec drained.
static void
trheader(struct ktfile *h)
{
  int fd;

  if((fd = open(TRFILE, O_RDONLY)) < 0)
    fail("kmrec drain wrote no file");
  if(read(fd, h, sizeof(*h)) != sizeof(*h) || h->magic != KTF_MAGIC)
    fail("the drained file has no trace header");
  close(fd);
  unlink(TRFILE);
}

// A full buffer: what comes after it is dropped and counted, and the
// file kmrec drains says so; the recorder then holds nothing.
static void
tracefull(void)
{
  static char *argv[] = { "kmrec", "drain", TRFILE, 0 };
  struct kmrop *ops;
  struct ktstat st;
  struct ktfile h;
  uint *costs, before;

  if((ops = (struct kmrop*)sbrk(KMR_MAXOPS * (sizeof(*ops) + 4))) ==
     (struct kmrop*)-1)
    fail("sbrk failed");
  memset(ops, 0, KMR_MAXOPS * (sizeof(*ops) + 4));   // the lazy heap's pages
  costs = (uint*)(ops + KMR_MAXOPS);
  troff();
  before = trpages();
  tron();
  trreplay(ops, costs, KMR_MAXOPS);
  trreplay(ops, costs, NOVER);
  kmtrace(KT_OFF, 0, 0);
  trstat(&st);
  if(st.held != KT_CAP || st.dropped < NOVER)
    failu("a full buffer holds KT_CAP and drops the rest; dropped",
          st.dropped);
  trkmrec(argv);
  trheader(&h);
  if(h.dropped != st.dropped || h.nrec + h.cut != KT_CAP)
    failu("the drained file's header: dropped", h.dropped);
  trstat(&st);
  if(st.held)
    failu("kmrec drain left records held", st.held);
  pagesback("drained", before);
  pass(0);
}

// Write text to file TRFILE, run kmrec replay on it and put what it
// printed in out (max bytes, NUL-terminated).
static void
trtext(const char *text, char *out, int max)
{
  static char *argv[] = { "kmrec", "replay", TRFILE, 0 };
  int fd, p[2], n, len = 0;

  if((fd = open(TRFILE, O_CREATE | O_WRONLY)) < 0 ||
     write(fd, text, strlen(text)) != strlen(text))
    fail("cannot write the trace file");
  close(fd);
  xpipe(p);
  spawnout("kmrec", argv, p, -1);
  close(p[1]);
  while((n = read(p[0], out + len, max - 1 - len)) > 0)
    len += n;
  out[len] = 0;
  close(p[0]);
  wait();
  unlink(TRFILE);
}

// Does s contain word?
static int
has(const char *s, const char *word)
{
  int i;

  for(; *s; s++){
    for(i = 0; word[i] && s[i] == word[i]; i++)
      ;
    if(word[i] == 0)
      return 1;
  }
  return 0;
}

// A trace printed by kmrec print (here written by hand) replays in the
// kernel as it is, so that a trace recorded in one boot replays in
// another; a malformed one is refused with a line that says so.
static void
tracetext(void)
{
  static char out[512];

  trtext("KTRACE ops=4 dropped=0 unmatched=0 sizes=2 peak_live=192 slots=2\n"
         "a 0 64\na 1 128\nf 0\nf 1\nKTRACE end\n", out, sizeof(out));
  if(!has(out, "BENCH kind=ktrace") || !has(out, " ops=4 ") ||
     !has(out, " fails=0 ") || !has(out, " peak_live=192 "))
    fail("kmrec replay of a printed trace: no right BENCH line");
  trtext("KTRACE ops=1 dropped=0 unmatched=0 sizes=1 peak_live=8 slots=1\n"
         "a x 8\nKTRACE end\n", out, sizeof(out));
  if(!has(out, "not a printed trace") || has(out, "BENCH"))
    fail("kmrec replayed a malformed printed trace");
  trtext("KTRACE ops=1 dropped=0 unmatched=0 sizes=1 peak_live=8 slots=1\n"
         "a 0 8\n", out, sizeof(out));
  if(!has(out, "cut short") || has(out, "BENCH"))
    fail("kmrec replayed a printed trace without its end line");
}

// Bad commands, counts and pointers: -1, and nothing changes; kmrec
// refuses bad arguments and then runs nothing.
static void
tracebad(void)
{
  static char *on1[] = { "kmrec", "on", "x", 0 };
  static char *on2[] = { "kmrec", "-x", "on", 0 };
  struct ktstat st;
  char *kernel = (char*)KERNBASE;

  troff();
  trkmrec(on1);
  trkmrec(on2);
  trstat(&st);
  if(st.on)
    fail("kmrec started the recorder despite a bad argument");
  tron();
  if(kmtrace(0, 0, 0) != -1 || kmtrace(99, &st, 1) != -1 ||
     kmtrace(-1, &st, 1) != -1)
    fail("kmtrace took a bad command");
  if(kmtrace(KT_STAT, 0, 0) != -1 || kmtrace(KT_STAT, kernel, 0) != -1 ||
     kmtrace(KT_STAT, (void*)(KERNBASE - 4), 0) != -1)
    fail("KT_STAT took a bad pointer");
  if(kmtrace(KT_DRAIN, trrecs, -1) != -1 ||
     kmtrace(KT_DRAIN, 0, 1) != -1 || kmtrace(KT_DRAIN, kernel, 1) != -1)
    fail("KT_DRAIN took a bad count or pointer");
  if(kmtrace(KT_CACHES, trcaches, -1) != -1 ||
     kmtrace(KT_CACHES, kernel, 1) != -1)
    fail("KT_CACHES took a bad count or pointer");
  trstat(&st);
  if(!st.on)
    fail("a bad call stopped the recorder");
  troff();
  pass(0);
}

// ---- runner --------------------------------------------------------------------

static struct test tests[] = {
  { "kmstat", kmstatok },
  { "badstat", badstat },
  { "objbytes", objbytes },
  { "sizes", sizes },
  { "badsizes", badsizes },
  { "doublefree", doublefree },
  { "badfree", badfree },
  { "stale", stale },
  { "check", checkheap },
  { "forge", forge },
  { "foreign", foreign },
  { "many", many },
  { "exitplain", exitplain },
  { "exitfree", exitfree },
  { "killfree", killfree },
  { "churn", churn },
  { "reapall", reapall },
  { "tokfill", tokfill },
  { "oom", oom },
  { "pcpstrand", pcpstrand },
  { "replay", replay },
  { "replaylocks", replaylocks },
  { "forkoom", forkoom },
  { "forknproc", forknproc },
  { "pipecost", pipecost },
  { "heapexec", heapexec },
  { "heapfiles", heapfiles },
  { "slabinfo", slablist },
  { "slabregion", slabregion },
  { "badslabinfo", badslabinfo },
  { "traceonoff", traceonoff },
  { "tracemmap", tracemmap },
  { "tracepipe", tracepipe },
  { "tracefull", tracefull },
  { "tracebad", tracebad },
  { "tracetext", tracetext },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Run the tests named in argv, or all, and print the totals.
int
main(int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, NTESTS, argc, argv, LIMIT, NULL, &npass, &nfail);
  printf(1, "kmtest: %d passed, %d failed\n", npass, nfail);
  exit();
}
