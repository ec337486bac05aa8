// mmaptest: the in-guest suite for anonymous mmap and munmap (vm/mmap.c).
// Each test runs in its own child process; the runner prints "ok NAME" or
// "FAIL NAME: reason", checks that no page leaked, and sums up at the end.

#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "memlayout.h"
#include "mmu.h"
#include "user.h"

#define PG        PGSIZE
#define WINDOW    (KERNBASE - MMAPBASE)   // bytes in the mmap window
#define WPAGES    (WINDOW / PG)           // pages in the mmap window
#define RW        (PROT_READ | PROT_WRITE)
#define PRIV      (MAP_PRIVATE | MAP_ANONYMOUS)
#define SHARED    (MAP_SHARED | MAP_ANONYMOUS)
#define WATCHDOG  12000    // ticks a test may run before the runner kills it
#define MAXMAPS   512      // entries of the procmaps buffer
#define MAXREGIONS 65536   // regions a process may hold, at least
#define NSMALL    10000    // mappings of the manysmall test
#define NWORKER   4        // processes of the concurrent test
#define ROUNDS    150      // rounds each of them runs
#define NLIVE     6        // mappings each of them holds at once
#define NRANDOM   400      // steps of the random placement test
#define NEXITMAPS 10000    // regions of each exiting child in procmapsexit
#define EXITROUNDS 4       // children procmapsexit watches exit
#define RACEMAPS  20       // mappings the churner of procmapsrace cycles
#define RACEROUNDS 3000    // procmaps calls procmapsrace makes
#define NCHURN    300      // map/touch/unmap rounds of the churn test
#define CAT       "/cat"   // the program the exec test runs

#include "runner.h"
#include "memcases.h"

// Placement strategies, as the probe in main finds them.
#define FIRSTFIT  0
#define NEAREST   1
#define UNKNOWN   2

// One mapping a worker of the concurrent test holds.
struct live {
  char *p;
  uint len;
  int shared;
};

static int strategy = UNKNOWN;    // the kernel's placement rule
static const char *stratname[] = { "firstfit", "nearest", "unknown" };
static struct mapinfo maps[MAXMAPS];
static uint model[WPAGES / 32];   // placement model: a set bit per mapped page
static uint small[NSMALL];        // the manysmall test's mappings
static int pids[NWORKER];         // the concurrent test's workers
static int testpid;               // the concurrent test's own pid
static uint seed;                 // rnd()'s state
static char buf[PG];              // scratch space

// ---- verdicts and helpers ------------------------------------------------

// The address of page n of the window.
static uint
at(uint n)
{
  return MMAPBASE + n * PG;
}

// Send one byte of news down fd.
static void
tell(int fd)
{
  if(write(fd, "g", 1) != 1)
    fail("write to a sync pipe");
}

// Wait for one byte of news from fd; fail if the other side went away.
static void
await(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("the other process went away");
}

// Read the byte at a; volatile so the access really happens.
static int
peek(uint a)
{
  return *(volatile uchar*)a;
}

// Write v to the byte at a.
static void
poke(uint a, int v)
{
  *(volatile uchar*)a = v;
}

// mmap, failing the test on MAP_FAILED.
static uint
xmmap(uint addr, uint len, int prot, int flags)
{
  void *p = mmap((void*)addr, len, prot, flags, -1, 0);

  if(p == MAP_FAILED)
    failx("mmap failed, length", len);
  return (uint)p;
}

// munmap, failing the test unless it returns 0.
static void
xmunmap(uint addr, uint len)
{
  if(munmap((void*)addr, len) != 0)
    failx("munmap failed at", addr);
}

// Page-table pages the caller's mmap window holds, procmem says: those
// mapping pages and the one empty table munmap may keep for reuse.
static int
xtables(void)
{
  struct procmem pm;

  if(procmem(0, &pm) < 0)
    fail("procmem failed");
  return pm.mmaptables;
}

// Fail unless the caller's mmap window holds n page-table pages.
static void
expecttables(int n, const char *why)
{
  int got = xtables();

  if(got != n){
    printf(resfd, "f%s: %d page tables, not %d\n", why, got, n);
    exit();
  }
}

// Pages a leak would lower: pagesfree, plus the page tables the caller
// holds (those come back when it exits, and expecttables checks them).
static int
xavail(void)
{
  return xpagesfree() + xtables();
}

// Fail unless pagesfree is exactly n.
static void
expectfree(int n, const char *why)
{
  int got = xpagesfree();

  if(got != n){
    printf(resfd, "f%s: %d pages free, not %d\n", why, got, n);
    exit();
  }
}

// Fail unless xavail is back to before.
static void
noleak(int before, const char *what)
{
  int now = xavail();

  if(now != before){
    printf(resfd, "f%s: %d pages not returned\n", what, before - now);
    exit();
  }
}

// The caller's mappings, into maps[] (the first MAXMAPS): their count.
static int
nmaps(void)
{
  int n;

  if((n = procmaps(0, maps, MAXMAPS)) < 0)
    fail("procmaps(0) failed");
  return n;
}

// Fail unless maps[i] is [start, end) with prot, flags and (unless it is
// -1) res resident pages.
static void
expectmap(int i, uint start, uint end, int prot, int flags, int res)
{
  struct mapinfo *m = &maps[i];

  if(m->start == start && m->end == end && m->prot == prot &&
     m->flags == flags && (res < 0 || m->resident == res))
    return;
  printf(resfd, "fmapping %d is 0x%x-0x%x prot %d flags %d resident %d, "
         "want 0x%x-0x%x prot %d flags %d resident %d\n", i, m->start,
         m->end, m->prot, m->flags, m->resident, start, end, prot, flags, res);
  exit();
}

// Fail unless the caller has exactly n mappings (they are then in maps[]
// when n <= MAXMAPS).
static void
expectcount(int n)
{
  int got = nmaps();

  if(got != n){
    printf(resfd, "fprocmaps counts %d mappings, want %d\n", got, n);
    exit();
  }
}

// Fail unless each of the n bytes at a is v.
static void
expectbytes(uint a, int n, int v, const char *why)
{
  int i;

  for(i = 0; i < n; i++)
    if(peek(a + i) != v)
      failx(why, a + i);
}

// A pseudo-random number (xorshift); the sequence is fixed by seed.
static uint
rnd(void)
{
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

// ---- bad arguments ---------------------------------------------------------

// Fail unless mmap with these arguments returns MAP_FAILED.
static void
badmap(uint addr, uint len, int prot, int flags, int fd, int off,
       const char *why)
{
  if(mmap((void*)addr, len, prot, flags, fd, off) != MAP_FAILED)
    fail(why);
}

// Every malformed mmap call fails and maps nothing.
static void
badmmap(void)
{
  badmap(0, 0, RW, PRIV, -1, 0, "length 0 accepted");
  badmap(0, 0xffffffff, RW, PRIV, -1, 0, "length 0xffffffff accepted");
  badmap(0, 0xfffff001, RW, PRIV, -1, 0, "length whose rounding wraps accepted");
  badmap(0, WINDOW + 1, RW, PRIV, -1, 0, "length past the window accepted");
  badmap(0, WINDOW + PG, RW, PRIV, -1, 0, "length past the window accepted");
  badmap(0, PG, RW, MAP_PRIVATE, -1, 0, "MAP_PRIVATE of fd -1 accepted");
  badmap(0, PG, RW, MAP_SHARED, -1, 0, "MAP_SHARED of fd -1 accepted");
  badmap(0, PG, RW, MAP_SHARED | PRIV, -1, 0, "SHARED|PRIVATE accepted");
  badmap(0, PG, RW, MAP_ANONYMOUS, -1, 0, "neither SHARED nor PRIVATE accepted");
  badmap(0, PG, RW, PRIV | 0x40, -1, 0, "unknown flag 0x40 accepted");
  badmap(0, PG, RW, PRIV | 0x80000000, -1, 0, "unknown flag 0x80000000 accepted");
  badmap(0, PG, RW | 0x8, PRIV, -1, 0, "unknown prot 0x8 accepted");
  badmap(0, PG, RW | 0x10000, PRIV, -1, 0, "unknown prot 0x10000 accepted");
  badmap(0, PG, RW, PRIV, 3, 0, "fd 3 accepted");
  badmap(0, PG, RW, PRIV, 0, 0, "fd 0 accepted");
  badmap(0, PG, RW, 0, 0, 0, "flags 0 with fd 0 accepted");
  badmap(0, PG, RW, PRIV, -1, PG, "offset 4096 accepted");
  badmap(0, PG, RW, PRIV, -1, 1, "offset 1 accepted");
  badmap(at(1) + 1, PG, RW, PRIV | MAP_FIXED, -1, 0, "unaligned MAP_FIXED accepted");
  badmap(MMAPBASE - PG, PG, RW, PRIV | MAP_FIXED, -1, 0,
         "MAP_FIXED below the window accepted");
  badmap(MMAPBASE - PG, 2 * PG, RW, PRIV | MAP_FIXED, -1, 0,
         "MAP_FIXED straddling MMAPBASE accepted");
  badmap(KERNBASE - PG, 2 * PG, RW, PRIV | MAP_FIXED, -1, 0,
         "MAP_FIXED reaching past KERNBASE accepted");
  badmap(KERNBASE, PG, RW, PRIV | MAP_FIXED, -1, 0, "MAP_FIXED at KERNBASE accepted");
  badmap(0, PG, RW, PRIV | MAP_FIXED, -1, 0, "MAP_FIXED at 0 accepted");
  expectcount(0);
}

// Fail unless munmap(addr, len) returns -1.
static void
badunmap(uint addr, uint len, const char *why)
{
  if(munmap((void*)addr, len) != -1)
    fail(why);
}

// Every malformed munmap call fails and unmaps nothing.
static void
badmunmap(void)
{
  uint a = xmmap(at(8), 2 * PG, RW, PRIV | MAP_FIXED);
  uint top = xmmap(KERNBASE - PG, PG, RW, PRIV | MAP_FIXED);
  uint low = xmmap(MMAPBASE, PG, RW, PRIV | MAP_FIXED);

  poke(a, 'a');
  poke(top, 't');
  poke(low, 'l');
  badunmap(a + 1, PG, "unaligned address accepted");
  badunmap(a, 0, "length 0 accepted");
  badunmap(MMAPBASE - PG, 2 * PG, "range starting below the window accepted");
  badunmap(0x1000, PG, "range below the window accepted");
  badunmap(KERNBASE - PG, 2 * PG, "range reaching past KERNBASE accepted");
  badunmap(KERNBASE, PG, "range at KERNBASE accepted");
  badunmap(a, 0xffffffff, "length 0xffffffff accepted");
  badunmap(a, 0xfffff001, "length whose rounding wraps accepted");
  badunmap(at(100), PG, "munmap of a hole accepted");
  badunmap(at(20), 50 * PG, "munmap of a wide hole accepted");
  expectcount(3);
  expectmap(0, low, low + PG, RW, MAP_PRIVATE, 1);
  expectmap(1, a, a + 2 * PG, RW, MAP_PRIVATE, 1);
  expectmap(2, top, KERNBASE, RW, MAP_PRIVATE, 1);
  check(peek(a) == 'a' && peek(top) == 't' && peek(low) == 'l',
        "a failed munmap changed memory");
}

// ---- mapping basics --------------------------------------------------------

// flags 0 with fd -1 maps private read-write memory whatever prot says.
static void
classic(void)
{
  uint a = (uint)mmap(0, 2 * PG, PROT_NONE, 0, -1, 0);
  uint b = (uint)mmap(0, PG, PROT_READ, 0, -1, 0);

  check(a != (uint)MAP_FAILED && b != (uint)MAP_FAILED, "classic mmap failed");
  expectbytes(a, 16, 0, "classic mapping not zero at");
  poke(a + PG + 5, 'x');
  poke(b, 'y');
  check(peek(a + PG + 5) == 'x' && peek(b) == 'y', "classic mapping lost a write");
  expectcount(2);
  expectmap(a < b ? 0 : 1, a, a + 2 * PG, RW, MAP_PRIVATE, 2);
  expectmap(a < b ? 1 : 0, b, b + PG, RW, MAP_PRIVATE, 1);
}

// Lengths round up to whole pages, and mappings are aligned and in the window.
static void
rounding(void)
{
  uint a = xmmap(0, 1, RW, PRIV);
  uint b = xmmap(0, PG + 1, RW, PRIV);
  uint c = xmmap(0, 3 * PG, RW, PRIV);

  check(a % PG == 0 && b % PG == 0 && c % PG == 0, "mapping not page aligned");
  check(a >= MMAPBASE && c + 3 * PG <= KERNBASE, "mapping outside the window");
  poke(a + PG - 1, 1);
  poke(b + 2 * PG - 1, 1);
  expectcount(3);
  check(maps[0].end - maps[0].start == PG, "length 1 is not one page");
  check(maps[1].end - maps[1].start == 2 * PG, "length PGSIZE+1 is not two pages");
  check(maps[2].end - maps[2].start == 3 * PG, "length 3 pages is not three pages");
}

// Pages read as zero on first touch and are allocated only then.
static void
zerofill(void)
{
  uint a = xmmap(0, 4 * PG, RW, PRIV);

  expectcount(1);
  expectmap(0, a, a + 4 * PG, RW, MAP_PRIVATE, 0);
  expectbytes(a + PG, PG, 0, "untouched page not zero at");
  expectcount(1);
  expectmap(0, a, a + 4 * PG, RW, MAP_PRIVATE, 1);
  poke(a + PG + 7, 'q');
  poke(a + 3 * PG, 'r');
  expectcount(1);
  expectmap(0, a, a + 4 * PG, RW, MAP_PRIVATE, 2);
  expectbytes(a + 3 * PG + 1, PG - 1, 0, "rest of a touched page not zero at");
  xmunmap(a, 4 * PG);
  check(xmmap(a, 4 * PG, RW, PRIV | MAP_FIXED) == a, "MAP_FIXED moved");
  expectbytes(a + PG + 7, 1, 0, "a remapped page kept old data at");
  expectbytes(a + 3 * PG, 1, 0, "a remapped page kept old data at");
}

// The whole window can be one mapping; nothing else fits beside it.
static void
windowfull(void)
{
  uint a = xmmap(0, WINDOW, RW, PRIV);

  check(a == MMAPBASE, "a window-sized mapping is not at MMAPBASE");
  check(mmap(0, PG, RW, PRIV, -1, 0) == MAP_FAILED, "mmap in a full window worked");
  poke(MMAPBASE, 1);
  poke(KERNBASE - 1, 2);
  expectcount(1);
  expectmap(0, MMAPBASE, KERNBASE, RW, MAP_PRIVATE, 2);
  xmunmap(at(WPAGES / 2), PG);
  expectcount(2);
  check(xmmap(0, PG, RW, PRIV) == at(WPAGES / 2), "the only free page was not used");
  check(peek(KERNBASE - 1) == 2 && peek(MMAPBASE) == 1, "split lost data");
  xmunmap(MMAPBASE, WINDOW);
  expectcount(0);
  check(xmmap(0, WINDOW / 2, RW, PRIV) == MMAPBASE, "half window not at MMAPBASE");
}

// procmaps reports each mapping's protection and kind as given.
static void
prots(void)
{
  xmmap(at(0), PG, PROT_NONE, PRIV | MAP_FIXED);
  xmmap(at(2), PG, PROT_READ, SHARED | MAP_FIXED);
  xmmap(at(4), PG, PROT_READ | PROT_EXEC, PRIV | MAP_FIXED);
  xmmap(at(6), PG, RW | PROT_EXEC, SHARED | MAP_FIXED);
  xmmap(at(8), PG, PROT_WRITE, PRIV | MAP_FIXED);
  expectcount(5);
  expectmap(0, at(0), at(1), PROT_NONE, MAP_PRIVATE, 0);
  expectmap(1, at(2), at(3), PROT_READ, MAP_SHARED, 0);
  expectmap(2, at(4), at(5), PROT_READ | PROT_EXEC, MAP_PRIVATE, 0);
  expectmap(3, at(6), at(7), RW | PROT_EXEC, MAP_SHARED, 0);
  expectmap(4, at(8), at(9), PROT_WRITE, MAP_PRIVATE, 0);
  check(peek(at(2)) == 0 && peek(at(4)) == 0, "readable mapping not zero");
  poke(at(6), 1);
  poke(at(8), 1);
  expectcount(5);
  check(maps[1].resident == 1 && maps[3].resident == 1 && maps[4].resident == 1,
        "touched pages not resident");
}

// Put a byte naming page i at the start of each of the n pages from a.
static void
stamp(uint a, int n)
{
  int i;

  for(i = 0; i < n; i++)
    poke(a + i * PG, 'A' + i);
}

// Fail unless pages from up to to of the pages stamped at a keep their stamps.
static void
stamped(uint a, int from, int to)
{
  int i;

  for(i = from; i < to; i++)
    if(peek(a + i * PG) != 'A' + i)
      failx("a surviving page lost its data at", a + i * PG);
}

// munmap splits and trims regions where its range cuts them.
static void
split(void)
{
  uint a = xmmap(at(10), 10 * PG, RW, PRIV | MAP_FIXED);

  stamp(a, 10);
  xmunmap(at(13), 2 * PG);
  expectcount(2);
  expectmap(0, at(10), at(13), RW, MAP_PRIVATE, 3);
  expectmap(1, at(15), at(20), RW, MAP_PRIVATE, 5);
  xmunmap(at(10), PG);
  xmunmap(at(19), PG);
  expectcount(2);
  expectmap(0, at(11), at(13), RW, MAP_PRIVATE, 2);
  expectmap(1, at(15), at(19), RW, MAP_PRIVATE, 4);
  // One range over the tail of one region, a hole and the head of another.
  xmunmap(at(12), 4 * PG);
  expectcount(2);
  expectmap(0, at(11), at(12), RW, MAP_PRIVATE, 1);
  expectmap(1, at(16), at(19), RW, MAP_PRIVATE, 3);
  stamped(a, 1, 2);
  stamped(a, 6, 9);
  // A range from a hole into a region, and one covering everything.
  xmunmap(at(14), 3 * PG);
  expectcount(2);
  expectmap(1, at(17), at(19), RW, MAP_PRIVATE, 2);
  xmunmap(at(0), 100 * PG);
  expectcount(0);
}

// munmap gives back every page it unmaps, page tables included.
static void
unmapfree(void)
{
  int before = xavail();
  uint a = xmmap(at(0), 64 * PG, RW, PRIV | MAP_FIXED);
  uint far = xmmap(at(WPAGES - 2048), 2 * PG, RW, SHARED | MAP_FIXED);
  int i;

  for(i = 0; i < 64; i++)
    poke(a + i * PG, i);
  poke(far, 1);
  poke(far + PG, 1);
  check(xpagesfree() <= before - 66, "touched pages were not taken");
  xmunmap(a + 8 * PG, 48 * PG);
  xmunmap(a, 8 * PG);
  xmunmap(a + 56 * PG, 8 * PG);
  xmunmap(far, 2 * PG);
  expectcount(0);
  expecttables(1, "all unmapped, the spare kept");
  noleak(before, "munmap");
}

// ---- page tables of the window --------------------------------------------
// vm/mmap.c counts the present pages of each page table of the window,
// takes a table out when its count reaches 0, and keeps one such table
// per process for the next one needed. These tests check the page-table
// pages procmem reports and the free pages to the page.

// Map, touch and unmap one page NCHURN times: the window holds just its
// spare table meanwhile, never more pages, and all come back at exit.
static void
churnfree(void)
{
  int before = xavail(), start, pid, i;
  uint a;

  if((pid = xfork()) == 0){
    expecttables(0, "a new process");
    start = xpagesfree();
    for(i = 0; i < NCHURN; i++){
      a = xmmap(0, PG, RW, PRIV);
      poke(a, i);
      check(peek(a) == (i & 0xff), "a churned page lost its byte");
      xmunmap(a, PG);
      expecttables(1, "churn keeps one spare table");
      expectfree(start - 1, "churn keeps pages beyond its spare table");
    }
    exit();
  }
  check(wait() == pid, "wait for the child");
  noleak(before, "churn");
}

// Two regions in one page table: unmapping one leaves the table, and
// the other's data, in place; unmapping the other leaves the table spare.
static void
sharedtable(void)
{
  uint a = xmmap(at(0), 2 * PG, RW, PRIV | MAP_FIXED);
  int start;

  xmmap(at(2), 2 * PG, RW, SHARED | MAP_FIXED);
  stamp(a, 4);
  expecttables(1, "two regions in one table");
  start = xpagesfree();
  xmunmap(a, 2 * PG);
  expecttables(1, "one of two regions unmapped");
  expectfree(start + 2, "one of two regions unmapped");
  stamped(a, 2, 4);
  poke(at(3), 'z');
  check(peek(at(3)) == 'z', "the surviving region is not writable");
  xmunmap(at(2), 2 * PG);
  expecttables(1, "both unmapped, the spare kept");
  // The shared object's page-set node goes with its last page.
  expectfree(start + 4 + 1, "both unmapped");
  expectcount(0);
}

// munmap of a table's last present page in the middle of a region
// (a split) takes the table out as the spare; the next table needed is
// that one; a second table emptied while a spare is kept is freed.
static void
splitlast(void)
{
  uint a = xmmap(at(1020), 8 * PG, RW, PRIV | MAP_FIXED);
  int start;

  stamp(a, 8);
  expecttables(2, "a region over two tables");
  start = xpagesfree();
  xmunmap(at(1023), PG);
  expecttables(2, "a split with pages left in the table");
  xmunmap(at(1020), 3 * PG);
  expectcount(1);
  expecttables(2, "one table emptied: kept as the spare");
  expectfree(start + 4, "one table emptied");
  stamped(a, 4, 8);
  xmmap(at(1021), PG, RW, PRIV | MAP_FIXED);
  poke(at(1021), 'q');
  expecttables(2, "a page in the emptied table: the spare reused");
  expectfree(start + 3, "the spare reused");
  xmunmap(at(1021), PG);
  xmunmap(at(1024), PG);
  expecttables(2, "a table emptied beside another");
  xmunmap(at(1025), 3 * PG);
  expecttables(1, "a second table emptied: freed");
  expectfree(start + 9, "everything unmapped but the spare");
  expectcount(0);
}

// One mapping over four page tables takes a table for each 4 MiB it
// touches; unmapping two whole tables' worth keeps one as the spare.
static void
spanning(void)
{
  uint a = xmmap(at(1000), 3 * NPTENTRIES * PG, RW, PRIV | MAP_FIXED);
  uint last = a + 3 * NPTENTRIES * PG - PG;
  int start = xpagesfree();

  expecttables(0, "an untouched mapping");
  poke(a, 'a');
  poke(at(1024 + 5), 'b');
  poke(at(2048 + 7), 'c');
  poke(at(3072 + 9), 'd');
  poke(last, 'e');
  expecttables(4, "five pages touched in four tables");
  expectfree(start - 9, "five pages touched in four tables");
  xmunmap(at(1024), 2 * NPTENTRIES * PG);
  expectcount(2);
  expecttables(3, "two tables unmapped: one spare, one freed");
  expectfree(start - 6, "two tables unmapped");
  check(peek(a) == 'a' && peek(at(3072 + 9)) == 'd' && peek(last) == 'e',
        "a page outside the unmapped tables lost its data");
  xmunmap(a, 3 * NPTENTRIES * PG);
  expecttables(1, "all unmapped, the spare kept");
  expectfree(start - 1, "all unmapped");
}

// Make the mappings forkexit's processes share: a private region over
// two tables with every tenth page touched, and a touched shared one.
static void
forkedmaps(void)
{
  int i;

  xmmap(at(1000), 100 * PG, RW, PRIV | MAP_FIXED);
  xmmap(at(5000), 3 * PG, RW, SHARED | MAP_FIXED);
  for(i = 0; i < 100; i += 10)
    poke(at(1000 + i), i);
  stamp(at(5000), 3);
}

// The forked child of forkexit: the same tables as its parent for the
// private region (fork maps no page of a shared one), each emptied by its
// own munmaps (the pages stay the parent's); then it exits holding
// mappings.
static void
forkedchild(void)
{
  int start;

  expecttables(2, "the child's copy of the private region's two tables");
  check(peek(at(1020)) == 20 && peek(at(1030)) == 30, "the child lacks the data");
  start = xpagesfree();
  xmunmap(at(1000), 100 * PG);
  expecttables(1, "the child's tables emptied, one kept spare");
  // Its private pages are shared copy-on-write: only a table comes back.
  expectfree(start + 1, "the child unmapped its copy-on-write pages");
  poke(at(5001), 'S');
  poke(xmmap(at(1500), PG, RW, PRIV | MAP_FIXED), 1);
  exit();
}

// A process with mappings over three tables forks; the child unmaps and
// maps; both exit: every page comes back, and the parent's data stays.
static void
forkexit(void)
{
  int before = xavail(), pid, kid;

  if((pid = xfork()) == 0){
    forkedmaps();
    if((kid = xfork()) == 0)
      forkedchild();
    check(wait() == kid, "wait for the grandchild");
    expecttables(3, "the parent's tables after the child's munmaps");
    check(peek(at(1020)) == 20 && peek(at(1090)) == 90,
          "the child's munmap changed the parent's pages");
    check(peek(at(5001)) == 'S', "the shared page lacks the child's write");
    exit();
  }
  check(wait() == pid, "wait for the child");
  noleak(before, "fork and exit");
}

// MAP_FIXED replaces what was there; the old contents are gone.
static void
fixedreplace(void)
{
  uint a = xmmap(at(0), 6 * PG, RW, PRIV | MAP_FIXED);

  stamp(a, 6);
  check(xmmap(at(2), 2 * PG, PROT_READ, SHARED | MAP_FIXED) == at(2),
        "MAP_FIXED moved");
  expectcount(3);
  expectmap(0, at(0), at(2), RW, MAP_PRIVATE, 2);
  expectmap(1, at(2), at(4), PROT_READ, MAP_SHARED, 0);
  expectmap(2, at(4), at(6), RW, MAP_PRIVATE, 2);
  expectbytes(at(2), 1, 0, "replaced page kept old data at");
  expectbytes(at(3), 1, 0, "replaced page kept old data at");
  stamped(a, 0, 2);
  stamped(a, 4, 6);
  // Over the whole of both neighbours and a hole beyond.
  check(xmmap(at(0), 10 * PG, RW, PRIV | MAP_FIXED) == at(0), "MAP_FIXED moved");
  expectcount(1);
  expectmap(0, at(0), at(10), RW, MAP_PRIVATE, 0);
  expectbytes(at(0), 1, 0, "replaced page kept old data at");
  expectbytes(at(5), 1, 0, "replaced page kept old data at");
  check(xmmap(KERNBASE - PG, PG, RW, PRIV | MAP_FIXED) == KERNBASE - PG,
        "MAP_FIXED of the last page moved");
}

// A MAP_FIXED that fails leaves the mapping it would have replaced alone.
static void
fixedbad(void)
{
  uint a = xmmap(KERNBASE - 2 * PG, 2 * PG, RW, PRIV | MAP_FIXED);

  poke(a, 'k');
  poke(a + PG, 'l');
  badmap(KERNBASE - 2 * PG, 3 * PG, RW, PRIV | MAP_FIXED, -1, 0,
         "MAP_FIXED reaching past KERNBASE accepted");
  badmap(KERNBASE - 2 * PG + 1, PG, RW, PRIV | MAP_FIXED, -1, 0,
         "unaligned MAP_FIXED accepted");
  badmap(a, PG, RW, SHARED | MAP_PRIVATE | MAP_FIXED, -1, 0,
         "MAP_FIXED with bad flags accepted");
  badmap(a, PG, RW | 0x8, PRIV | MAP_FIXED, -1, 0,
         "MAP_FIXED with bad prot accepted");
  expectcount(1);
  expectmap(0, a, KERNBASE, RW, MAP_PRIVATE, 2);
  check(peek(a) == 'k' && peek(a + PG) == 'l', "a failed MAP_FIXED changed memory");
}

// MAP_POPULATE makes every page resident at once, zero-filled.
static void
populate(void)
{
  uint a = xmmap(0, 8 * PG, RW, PRIV | MAP_POPULATE);
  uint b = xmmap(0, 3 * PG, PROT_READ, SHARED | MAP_POPULATE);
  int i;

  expectcount(2);
  expectmap(a < b ? 0 : 1, a, a + 8 * PG, RW, MAP_PRIVATE, 8);
  expectmap(a < b ? 1 : 0, b, b + 3 * PG, PROT_READ, MAP_SHARED, 3);
  for(i = 0; i < 8; i++)
    expectbytes(a + i * PG, 64, 0, "populated page not zero at");
  expectbytes(b + 2 * PG, PG, 0, "populated page not zero at");
}

// A MAP_POPULATE bigger than memory fails and gives everything back.
static void
populateoom(void)
{
  uint a = xmmap(at(0), PG, RW, PRIV | MAP_FIXED);
  int before;

  poke(a, 'o');
  before = xavail();
  check(mmap(0, WINDOW / 2, RW, PRIV | MAP_POPULATE, -1, 0) == MAP_FAILED,
        "a 512 MiB MAP_POPULATE worked");
  noleak(before, "failed MAP_POPULATE");
  expecttables(2, "a failed MAP_POPULATE, its table and the spare");
  expectcount(1);
  expectmap(0, a, a + PG, RW, MAP_PRIVATE, 1);
  check(peek(a) == 'o', "failed MAP_POPULATE changed memory");
  check(xmmap(0, 4 * PG, RW, PRIV | MAP_POPULATE) != a, "mapped over a mapping");
  expectcount(2);
}

// ---- faults ----------------------------------------------------------------

// Read a page that munmap took away.
static void
readunmapped(void)
{
  uint a = xmmap(0, 2 * PG, RW, PRIV);

  poke(a, 1);
  poke(a + PG, 1);
  xmunmap(a, 2 * PG);
  ready();
  peek(a + PG);
}

// Read the page munmap cut out of the middle of a region.
static void
readhole(void)
{
  uint a = xmmap(0, 3 * PG, RW, PRIV | MAP_POPULATE);

  xmunmap(a + PG, PG);
  poke(a, 1);
  poke(a + 2 * PG, 1);
  ready();
  peek(a + PG);
}

// Write a PROT_READ page after reading it.
static void
writeread(void)
{
  uint a = xmmap(0, PG, PROT_READ, PRIV);

  check(peek(a) == 0, "PROT_READ page not zero");
  ready();
  poke(a, 1);
}

// Write an untouched PROT_READ shared page.
static void
writereadshared(void)
{
  uint a = xmmap(0, PG, PROT_READ, SHARED);

  ready();
  poke(a, 1);
}

// Write a populated PROT_READ page.
static void
writereadpop(void)
{
  uint a = xmmap(0, 2 * PG, PROT_READ, PRIV | MAP_POPULATE);

  ready();
  poke(a + PG, 1);
}

// Read a PROT_NONE page.
static void
readnone(void)
{
  uint a = xmmap(0, PG, PROT_NONE, PRIV);

  ready();
  peek(a);
}

// Write a PROT_NONE page.
static void
writenone(void)
{
  uint a = xmmap(0, PG, PROT_NONE, PRIV);

  ready();
  poke(a, 1);
}

// Read a PROT_NONE page that MAP_POPULATE allocated.
static void
readnonepop(void)
{
  uint a = xmmap(0, PG, PROT_NONE, PRIV | MAP_POPULATE);

  ready();
  peek(a);
}

// Read a shared PROT_NONE page after a fork.
static void
readnoneshared(void)
{
  uint a = xmmap(0, PG, PROT_NONE, SHARED);

  if(xfork() == 0)
    exit();
  wait();
  ready();
  peek(a);
}

// Write a page that was writable before a MAP_FIXED PROT_READ replaced it.
static void
writereplaced(void)
{
  uint a = xmmap(0, PG, RW, PRIV);

  poke(a, 1);
  xmmap(a, PG, PROT_READ, PRIV | MAP_FIXED);
  ready();
  poke(a, 2);
}

// Accesses after munmap kill the process.
static void
faultunmap(void)
{
  mustdie(readunmapped, "read of an unmapped page survived");
  mustdie(readhole, "read of a page cut out of a region survived");
}

// Writes to mappings without PROT_WRITE kill the process.
static void
faultreadonly(void)
{
  mustdie(writeread, "write to a PROT_READ page survived");
  mustdie(writereadshared, "write to a shared PROT_READ page survived");
  mustdie(writereadpop, "write to a populated PROT_READ page survived");
  mustdie(writereplaced, "write through a stale writable PTE survived");
}

// Any access to a PROT_NONE mapping kills the process.
static void
faultnone(void)
{
  mustdie(readnone, "read of a PROT_NONE page survived");
  mustdie(writenone, "write to a PROT_NONE page survived");
}

// PROT_NONE holds for pages MAP_POPULATE allocated ahead of a touch.
static void
faultnonepop(void)
{
  mustdie(readnonepop, "read of a populated PROT_NONE page survived");
}

// PROT_NONE holds for shared pages fork allocated ahead of a touch.
static void
faultnonefork(void)
{
  mustdie(readnoneshared, "read of a shared PROT_NONE page after fork survived");
}

// ---- placement -------------------------------------------------------------

// Whether page i of the window is mapped, in the model.
static int
used(uint i)
{
  return (model[i / 32] >> (i % 32)) & 1;
}

// Record in the model that the pages of [a, a+len) are mapped (on) or not.
static void
mark(uint a, uint len, int on)
{
  uint i, end = (a - MMAPBASE + PGROUNDUP(len)) / PG;

  for(i = (a - MMAPBASE) / PG; i < end; i++){
    if(on)
      model[i / 32] |= 1u << (i % 32);
    else
      model[i / 32] &= ~(1u << (i % 32));
  }
}

// The first hole (a maximal run of free pages) at or above page i, as the
// page numbers [*s, *e); 0 if there is none.
static int
nexthole(uint i, uint *s, uint *e)
{
  while(i < WPAGES && used(i))
    i += (i % 32 == 0 && model[i / 32] == 0xffffffff) ? 32 : 1;
  if(i >= WPAGES)
    return 0;
  *s = i;
  while(i < WPAGES && !used(i))
    i += (i % 32 == 0 && model[i / 32] == 0) ? 32 : 1;
  *e = i;
  return 1;
}

// Whether the n pages from page i are inside the window and all free.
static int
runfree(uint i, uint n)
{
  uint s, e;

  return i + n <= WPAGES && nexthole(i, &s, &e) && s == i && e - i >= n;
}

// Where the rule strat puts n pages in the model's window for hint page h
// (h is the hint's page number when hinted is set); MAP_FAILED if nowhere.
static uint
choose(int hinted, uint h, uint n, int strat)
{
  uint s, e, c, d, i, best = (uint)MAP_FAILED, bestd = 0xffffffff;

  for(i = 0; nexthole(i, &s, &e); i = e){
    if(e - s < n)
      continue;
    if(strat == FIRSTFIT || !hinted)
      return at(s);
    // The closest start in this hole; holes come in address order, so a
    // tie keeps the lower one found first.
    c = h < s ? s : (h > e - n ? e - n : h);
    d = c > h ? c - h : h - c;
    if(d < bestd){
      bestd = d;
      best = at(c);
    }
  }
  return best;
}

// Where the rule strat puts a mapping of len bytes with hint, from the model.
static uint
predict(uint hint, uint len, int strat)
{
  uint h = PGROUNDUP(hint), n = PGROUNDUP(len) / PG;
  int inwin = h >= MMAPBASE && h < KERNBASE;

  if(inwin && runfree((h - MMAPBASE) / PG, n))
    return h;
  return choose(inwin, inwin ? (h - MMAPBASE) / PG : 0, n, strat);
}

// Start the model from an empty window, checking that it is empty.
static void
modelinit(void)
{
  memset(model, 0, sizeof(model));
  expectcount(0);
  if(strategy == UNKNOWN)
    fail("the placement probe found neither rule");
}

// mmap len bytes with hint; fail unless the kernel puts them where the
// probed rule says. The address, now recorded in the model.
static uint
placed(uint hint, uint len)
{
  uint want = predict(hint, len, strategy);
  uint got = (uint)mmap((void*)hint, len, RW, PRIV, -1, 0);

  if(got != want){
    printf(resfd, "f%s: mmap(0x%x, 0x%x) gave 0x%x, want 0x%x\n",
           stratname[strategy], hint, len, got, want);
    exit();
  }
  if(got != (uint)MAP_FAILED)
    mark(got, len, 1);
  return got;
}

// MAP_FIXED len bytes at a, recorded in the model.
static void
pfixed(uint a, uint len)
{
  if(xmmap(a, len, RW, PRIV | MAP_FIXED) != a)
    failx("MAP_FIXED moved from", a);
  mark(a, len, 1);
}

// munmap len bytes at a, recorded in the model.
static void
punmap(uint a, uint len)
{
  xmunmap(a, len);
  mark(a, len, 0);
}

// A worked example: with hint and len, firstfit gives ff and nearest nr.
// The model must agree, and the kernel must follow its own rule. The
// mapping is removed again so that the layout stays as it was.
static void
expectplace(uint hint, uint len, uint ff, uint nr)
{
  uint a;

  if(predict(hint, len, FIRSTFIT) != ff || predict(hint, len, NEAREST) != nr)
    failx("the test's placement model is wrong for hint", hint);
  a = placed(hint, len);
  if(a != (uint)MAP_FAILED)
    punmap(a, len);
}

// Map pages [0, 40) of the window and punch holes of 1, 4, 2, 2 and 4
// pages at pages 2, 10, 20, 27 and 33, around page 24.
static void
holes(void)
{
  modelinit();
  pfixed(at(0), 40 * PG);
  punmap(at(2), PG);
  punmap(at(10), 4 * PG);
  punmap(at(20), 2 * PG);
  punmap(at(27), 2 * PG);
  punmap(at(33), 4 * PG);
}

// A free hint is taken exactly; a taken one is not.
static void
placehint(void)
{
  modelinit();
  check(placed(at(100), PG) == at(100), "free hint not used");
  check(placed(at(300) + 1, PG) == at(301), "free unaligned hint not rounded up");
  check(placed(KERNBASE - 2 * PG, 2 * PG) == KERNBASE - 2 * PG,
        "free hint at the top not used");
  // Taken: firstfit goes to MMAPBASE, nearest to page 99 (a tie with 101).
  expectplace(at(100), PG, at(0), at(99));
  // Partly taken: [98, 101) meets page 100.
  expectplace(at(98), 3 * PG, at(0), at(97));
  expectplace(at(101), PG, at(101), at(101));
  // No hint: the lowest fit under both rules.
  expectplace(0, PG, at(0), at(0));
}

// Each rule's choice among holes of several sizes around a taken hint.
static void
placeholes(void)
{
  holes();
  expectplace(at(24), PG, at(2), at(21));
  expectplace(at(24), 2 * PG, at(10), at(27));
  expectplace(at(24), 3 * PG, at(10), at(33));
  expectplace(at(24), 5 * PG, at(40), at(40));
  expectplace(at(12), 3 * PG, at(10), at(11));
  expectplace(at(30), 4 * PG, at(10), at(33));
  expectplace(at(7), PG, at(2), at(10));
  expectplace(at(5), PG, at(2), at(2));
  expectplace(at(11), 2 * PG, at(11), at(11));
  expectplace(0, 2 * PG, at(10), at(10));
  expectplace(at(10), 5 * PG, at(40), at(40));
}

// Equal distances below and above the hint go to the lower address.
static void
placetie(void)
{
  holes();
  // Page 21 (end of the hole at 20) and 27 are both 3 pages from 24.
  expectplace(at(24), PG, at(2), at(21));
  // Page 36 (end of the hole at 33) and 40 are both 2 pages from 38.
  expectplace(at(38), PG, at(2), at(36));
  // Move the hole at 27 up to 28: for two pages, 20 and 28 are both 4
  // from 24.
  pfixed(at(27), PG);
  punmap(at(29), PG);
  expectplace(at(24), 2 * PG, at(10), at(20));
  // With 20 taken too, 28 is the only start 4 away.
  pfixed(at(20), PG);
  expectplace(at(24), 2 * PG, at(10), at(28));
}

// A hint outside the window is no hint: the lowest fit, under both rules.
static void
placeoutside(void)
{
  holes();
  expectplace(0x1000, 2 * PG, at(10), at(10));
  expectplace(MMAPBASE - PG, 2 * PG, at(10), at(10));
  expectplace(KERNBASE, 2 * PG, at(10), at(10));
  expectplace(KERNBASE + 0x10000, 2 * PG, at(10), at(10));
  expectplace(0xfffff000, 2 * PG, at(10), at(10));
  expectplace(0xfffff001, 2 * PG, at(10), at(10));
  // KERNBASE - 1 rounds up to KERNBASE: outside too.
  expectplace(KERNBASE - 1, 2 * PG, at(10), at(10));
  // MMAPBASE - 1 rounds up into the window, to a taken page.
  expectplace(MMAPBASE - 1, PG, at(2), at(2));
}

// A hint that is not page aligned counts as the next page boundary.
static void
placeunaligned(void)
{
  holes();
  expectplace(at(20) + 1, PG, at(21), at(21));
  expectplace(at(10) - 100, PG, at(10), at(10));
  expectplace(at(20) + 1, 2 * PG, at(10), at(20));
  expectplace(at(39) + 1, PG, at(40), at(40));
  expectplace(at(23) + PG - 1, PG, at(2), at(21));
}

// A hint whose range would run past KERNBASE is not free.
static void
placeedge(void)
{
  holes();
  expectplace(KERNBASE - PG, 2 * PG, at(10), KERNBASE - 2 * PG);
  expectplace(KERNBASE - PG, PG, KERNBASE - PG, KERNBASE - PG);
  pfixed(KERNBASE - 4 * PG, 4 * PG);
  expectplace(KERNBASE - 3 * PG, PG, at(2), KERNBASE - 5 * PG);
}

// A hint for random placement tests: none, outside, near the top, or
// among the first pages of the window (sometimes unaligned).
static uint
randhint(void)
{
  switch(rnd() % 8){
  case 0:
    return 0;
  case 1:
    return rnd() % MMAPBASE;
  case 2:
    return KERNBASE + rnd() % 0x10000000;
  case 3:
    return KERNBASE - (rnd() % 8) * PG - rnd() % 2;
  default:
    return at(rnd() % 160) + (rnd() % 3 == 0 ? rnd() % PG : 0);
  }
}

// One random step: map with a hint, map fixed, or unmap. 1 if the step
// was a placement on which the two rules disagree.
static int
randstep(void)
{
  uint a, len, hint;
  int want, differ;

  switch(rnd() % 4){
  case 0:
    pfixed(at(rnd() % 150), (1 + rnd() % 4) * PG);
    return 0;
  case 1:
    a = at(rnd() % 160);
    len = (1 + rnd() % 8) * PG;
    want = runfree((a - MMAPBASE) / PG, len / PG) ? -1 : 0;
    if(munmap((void*)a, len) != want)
      failx("munmap gave the wrong answer at", a);
    mark(a, len, 0);
    return 0;
  default:
    hint = randhint();
    len = (1 + rnd() % 6) * PG - rnd() % 2 * (rnd() % PG);
    differ = predict(hint, len, FIRSTFIT) != predict(hint, len, NEAREST);
    placed(hint, len);
    return differ;
  }
}

// Fail unless the caller's mappings cover exactly the model's pages.
static void
checkmodel(void)
{
  int i, n = nmaps();
  uint a, pages = 0, prev = MMAPBASE, s, e;

  check(n < MAXMAPS, "too many mappings for the check");
  for(i = 0; i < n; i++){
    check(maps[i].start >= prev && maps[i].start < maps[i].end &&
          maps[i].end <= KERNBASE, "procmaps out of order or out of the window");
    for(a = maps[i].start; a < maps[i].end; a += PG)
      if(!used((a - MMAPBASE) / PG))
        failx("procmaps shows a page the test never mapped", a);
    pages += (maps[i].end - maps[i].start) / PG;
    prev = maps[i].end;
  }
  for(i = 0; nexthole(i, &s, &e); i = e)
    pages += e - s;
  check(pages == WPAGES, "procmaps misses pages the test mapped");
}

// Random layouts and hints, each placement checked against the rule.
static void
placerandom(void)
{
  int i, differ = 0;

  modelinit();
  seed = 2463534242u;
  for(i = 0; i < NRANDOM; i++)
    differ += randstep();
  checkmodel();
  check(differ > 0, "no random layout told the two rules apart");
}

// Which rule the kernel places by: map page 16, then ask for one page
// with page 16 as the hint. firstfit gives MMAPBASE, nearest page 15.
static int
probe(void)
{
  int p[2], pid;
  uint got = 0;

  if(pipe(p) < 0 || (pid = fork()) < 0)
    return UNKNOWN;
  if(pid == 0){
    close(p[0]);
    if(mmap((void*)at(16), PG, RW, PRIV | MAP_FIXED, -1, 0) == (void*)at(16))
      got = (uint)mmap((void*)at(16), PG, RW, PRIV, -1, 0);
    write(p[1], &got, sizeof(got));
    exit();
  }
  close(p[1]);
  if(read(p[0], &got, sizeof(got)) != sizeof(got))
    got = 0;
  close(p[0]);
  wait();
  if(got == at(0))
    return FIRSTFIT;
  if(got == at(15))
    return NEAREST;
  printf(1, "mmaptest: the probe's mmap gave 0x%x, which neither rule allows\n", got);
  return UNKNOWN;
}

// ---- fork, exec, exit --------------------------------------------------------

// Private mappings are copied by fork: writes on either side stay there.
static void
forkprivate(void)
{
  uint a = xmmap(0, 3 * PG, RW, PRIV);
  int p2c[2], c2p[2], pid;

  poke(a, 'a');
  poke(a + PG, 'b');
  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0){
    check(peek(a) == 'a' && peek(a + PG) == 'b', "child lacks the parent's data");
    expectbytes(a + 2 * PG, 1, 0, "child's untouched page not zero at");
    await(p2c[0]);
    check(peek(a) == 'a', "child sees the parent's write after fork");
    poke(a + PG, 'C');
    poke(a + 2 * PG, 'D');
    tell(c2p[1]);
    exit();
  }
  poke(a, 'P');
  tell(p2c[1]);
  await(c2p[0]);
  check(peek(a + PG) == 'b', "parent sees the child's write");
  expectbytes(a + 2 * PG, 1, 0, "parent sees the child's first touch at");
  check(wait() == pid, "wait for the child");
  check(peek(a) == 'P', "parent lost its own write");
}

// The child's half of forkshared: see the parent's writes, make its own.
static void
sharedchild(uint s, int in, int out)
{
  await(in);
  check(peek(s) == 'P', "child misses the parent's write after fork");
  check(peek(s + PG) == 'Q', "child misses a page the parent touched first");
  poke(s + 2 * PG, 'C');
  poke(s, 'c');
  tell(out);
  await(in);
  check(peek(s + 3 * PG) == 'R', "child misses the parent's last write");
  exit();
}

// Shared mappings stay shared across fork, both ways, even for pages
// first touched after the fork.
static void
forkshared(void)
{
  uint s = xmmap(0, 4 * PG, RW, SHARED);
  int p2c[2], c2p[2], pid;

  poke(s, 'a');
  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0)
    sharedchild(s, p2c[0], c2p[1]);
  poke(s, 'P');
  poke(s + PG, 'Q');
  tell(p2c[1]);
  await(c2p[0]);
  check(peek(s + 2 * PG) == 'C', "parent misses a page the child touched first");
  check(peek(s) == 'c', "parent misses the child's write");
  poke(s + 3 * PG, 'R');
  tell(p2c[1]);
  check(wait() == pid, "wait for the child");
}

// Shared pages outlive the parent's munmap; a new mapping there is fresh.
static void
sharedsurvives(void)
{
  uint s = xmmap(0, 2 * PG, RW, SHARED);
  int p2c[2], pid;

  poke(s, 'z');
  xpipe(p2c);
  if((pid = xfork()) == 0){
    await(p2c[0]);
    check(peek(s) == 'y', "child lost the shared data");
    check(peek(s + PG) == 0, "child's shared page not zero");
    poke(s + PG, 'w');
    exit();
  }
  poke(s, 'y');
  xmunmap(s, 2 * PG);
  check(xmmap(s, PG, RW, PRIV | MAP_FIXED) == s, "MAP_FIXED moved");
  check(peek(s) == 0, "a fresh mapping shows the old shared data");
  poke(s, 'q');
  tell(p2c[1]);
  check(wait() == pid, "wait for the child");
  check(peek(s) == 'q', "the child's writes reached an unmapped page");
}

// Pages a fork costs: free pages before it, less what the child finds
// free right after it, the child's own page directory, stack and image
// included.
static int
forkcost(void)
{
  int p[2], pid, before, after = 0;

  xpipe(p);
  before = xpagesfree();
  if((pid = xfork()) == 0){
    after = pagesfree();
    write(p[1], &after, sizeof(after));
    exit();
  }
  if(read(p[0], &after, sizeof(after)) != sizeof(after))
    fail("the child sent no page count");
  check(wait() == pid, "wait for the child");
  close(p[0]);
  close(p[1]);
  return before - after;
}

// The defect: a 512 MiB shared mapping with one page touched
// forks (twice) for what a fork without it costs, give or take the
// kernel-heap records of the region and the vmspace; it used to allocate
// every page at fork, and failed.
static void
forkbigshared(void)
{
  int before = xavail(), base, cost;
  uint s;

  base = forkcost();
  s = xmmap(0, WINDOW / 2, RW, SHARED);
  poke(s + PG, 's');
  cost = forkcost();
  if(cost > base + 2)
    failv("a fork with 512 MiB shared, one page touched, cost pages", cost);
  if((cost = forkcost()) > base + 2)
    failv("the second fork cost pages", cost);
  check(peek(s + PG) == 's', "the parent lost the shared data");
  expectcount(1);
  expectmap(0, s, s + WINDOW / 2, RW, MAP_SHARED, 1);
  xmunmap(s, WINDOW / 2);
  noleak(before, "fork of a big shared mapping");
}

// munmap of a middle page and mprotect of another split a shared region
// whose pages parent and child share: every remaining piece stays shared
// at its own offset, both ways.
static void
sharedsplits(void)
{
  uint s = xmmap(0, 6 * PG, RW, SHARED);
  int p2c[2], c2p[2], pid, i;

  poke(s, 'a');
  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0){
    await(p2c[0]);
    for(i = 0; i < 6; i++)
      if(i != 2 && peek(s + i * PG) != 'P' + i)
        failx("child misses the parent's write after the splits at", i);
    poke(s + 5 * PG, 'z');
    poke(s + 4 * PG, 'y');
    tell(c2p[1]);
    exit();
  }
  xmunmap(s + 2 * PG, PG);
  check(mprotect((void*)(s + 4 * PG), PG, PROT_READ) == 0, "mprotect failed");
  check(mprotect((void*)(s + 4 * PG), PG, RW) == 0, "mprotect back failed");
  expectcount(4);
  for(i = 0; i < 6; i++)
    if(i != 2)
      poke(s + i * PG, 'P' + i);
  tell(p2c[1]);
  await(c2p[0]);
  check(peek(s + 5 * PG) == 'z', "parent misses the child's write past the hole");
  check(peek(s + 4 * PG) == 'y', "parent misses the child's write in a carved piece");
  check(wait() == pid, "wait for the child");
}

// A shared object's pages leave with its last mapping, not before: the
// parent's munmap frees none while the child maps them, the child's exit
// frees them all.
static void
sharedlast(void)
{
  int before = xavail(), p2c[2], c2p[2], pid, i, mid;
  uint s = xmmap(0, 8 * PG, RW, SHARED);

  for(i = 0; i < 8; i++)
    poke(s + i * PG, i + 1);
  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0){
    await(p2c[0]);
    for(i = 0; i < 8; i++)
      if(peek(s + i * PG) != i + 1)
        failx("the child lost a page at the parent's munmap", i);
    tell(c2p[1]);
    await(p2c[0]);
    exit();
  }
  mid = xavail();
  xmunmap(s, 8 * PG);
  tell(p2c[1]);
  await(c2p[0]);
  if(xavail() > mid + 1)
    failv("pages freed while the child maps them", xavail() - mid);
  tell(p2c[1]);
  check(wait() == pid, "wait for the child");
  noleak(before, "the last mapping's exit");
}

// Make the mappings forkmaps checks, some of them touched.
static void
makemaps(void)
{
  xmmap(at(3), 2 * PG, RW, PRIV | MAP_FIXED);
  xmmap(at(9), PG, PROT_READ, SHARED | MAP_FIXED);
  xmmap(at(12), 3 * PG, PROT_NONE, PRIV | MAP_FIXED);
  xmmap(KERNBASE - PG, PG, RW | PROT_EXEC, SHARED | MAP_FIXED);
  poke(at(4), 'x');
  poke(KERNBASE - 1, 'y');
}

// A child has the parent's mappings at the same addresses, with the same
// protections, kinds and private data.
static void
forkmaps(void)
{
  static struct mapinfo want[8];
  int i, n, pid;

  makemaps();
  n = nmaps();
  check(n == 4, "the parent's mappings are not all there");
  memmove(want, maps, sizeof(want));
  if((pid = xfork()) == 0){
    check(nmaps() == n, "the child has a different number of mappings");
    for(i = 0; i < n; i++)
      expectmap(i, want[i].start, want[i].end, want[i].prot, want[i].flags, -1);
    check(peek(at(4)) == 'x' && peek(KERNBASE - 1) == 'y', "the child lacks the data");
    check(maps[0].resident == 1, "the child's private copy is not one page");
    exit();
  }
  check(wait() == pid, "wait for the child");
  expectcount(4);
}

// A child that maps memory, touches it, forks, and exits without unmapping.
static void
hoarder(void)
{
  uint p = xmmap(0, 64 * PG, RW, PRIV);
  uint s = xmmap(0, 16 * PG, RW, SHARED | MAP_POPULATE);
  uint f = xmmap(at(WPAGES - 1), PG, RW, PRIV | MAP_FIXED);
  int i;

  for(i = 0; i < 64; i++)
    poke(p + i * PG, i);
  poke(f, 1);
  xmmap(0, 8 * PG, PROT_NONE, PRIV);
  if(xfork() == 0){
    poke(s, 1);
    poke(p, 2);
    exit();
  }
  wait();
  exit();
}

// exit frees every page of a process's mappings, shared ones included.
static void
exitfree(void)
{
  int before = xavail(), pid;

  if((pid = xfork()) == 0)
    hoarder();
  check(wait() == pid, "wait for the child");
  noleak(before, "exit");
}

// Start cat in a child with mappings, its input and output on pipes;
// its pid. in and out are the caller's ends.
static int
startcat(int *in, int *out)
{
  int i[2], o[2], pid;
  char *argv[] = { "cat", NULL };

  xpipe(i);
  xpipe(o);
  if((pid = xfork()) == 0){
    poke(xmmap(0, 4 * PG, RW, PRIV), 1);
    poke(xmmap(0, PG, RW, SHARED), 1);
    close(0);
    dup(i[0]);
    close(1);
    dup(o[1]);
    close(i[0]); close(i[1]); close(o[0]); close(o[1]);
    exec(CAT, argv);
    fail("exec cat failed");
  }
  close(i[0]);
  close(o[1]);
  *in = i[1];
  *out = o[0];
  return pid;
}

// exec drops every mapping of the old image.
static void
execdrops(void)
{
  int in, out, pid;
  char c;

  pid = startcat(&in, &out);
  // Once cat echoes, the exec is done.
  if(write(in, "x", 1) != 1 || read(out, &c, 1) != 1 || c != 'x')
    fail("cat did not echo");
  if(procmaps(pid, maps, MAXMAPS) != 0)
    fail("the new image kept mappings of the old");
  close(in);
  close(out);
  check(wait() == pid, "wait for cat");
}

// A failed exec leaves the mappings as they were.
static void
execfail(void)
{
  uint a = xmmap(0, 2 * PG, RW, SHARED);
  char *argv[] = { "nonesuch", NULL };

  poke(a + PG, 'e');
  check(exec("/nonesuch", argv) < 0, "exec of a missing file worked");
  expectcount(1);
  expectmap(0, a, a + 2 * PG, RW, MAP_SHARED, 1);
  check(peek(a + PG) == 'e', "a failed exec changed memory");
}

// ---- procmaps ----------------------------------------------------------------

// Another process's mappings, in address order; -1 once it is gone.
static void
procmapsother(void)
{
  int p2c[2], c2p[2], pid;

  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0){
    xmmap(at(50), 2 * PG, PROT_READ, SHARED | MAP_FIXED);
    xmmap(at(5), PG, RW, PRIV | MAP_FIXED | MAP_POPULATE);
    tell(c2p[1]);
    await(p2c[0]);
    exit();
  }
  await(c2p[0]);
  check(procmaps(pid, maps, MAXMAPS) == 2, "procmaps of the child is not 2");
  expectmap(0, at(5), at(6), RW, MAP_PRIVATE, 1);
  expectmap(1, at(50), at(52), PROT_READ, MAP_SHARED, 0);
  check(procmaps(getpid(), maps, MAXMAPS) == 0, "procmaps of self by pid is not 0");
  tell(p2c[1]);
  check(wait() == pid, "wait for the child");
  check(procmaps(pid, maps, MAXMAPS) == -1, "procmaps of a reaped pid worked");
  check(procmaps(0x7fffffff, maps, MAXMAPS) == -1, "procmaps of no such pid worked");
  check(procmaps(-1, maps, MAXMAPS) == -1, "procmaps of pid -1 worked");
}

// procmaps fills no more than max entries, the lowest mappings, and
// returns how many there are in all.
static void
procmapsmax(void)
{
  int i, n;

  for(i = 4; i >= 0; i--)
    xmmap(at(10 * i), PG, RW, PRIV | MAP_FIXED);
  memset(maps, 0xaa, sizeof(maps));
  if((n = procmaps(0, maps, 2)) != 5)
    failv("procmaps with max 2 does not count all 5", n);
  expectmap(0, at(0), at(1), RW, MAP_PRIVATE, 0);
  expectmap(1, at(10), at(11), RW, MAP_PRIVATE, 0);
  check(maps[2].start == 0xaaaaaaaa, "procmaps wrote past max");
  check(procmaps(0, NULL, 0) == 5, "procmaps(0, NULL, 0) does not count 5");
  check(procmaps(0, maps, 5) == 5 && procmaps(0, maps, 6) == 5, "procmaps miscounts");
  expectmap(4, at(40), at(41), RW, MAP_PRIVATE, 0);
  check(maps[5].start == 0xaaaaaaaa, "procmaps wrote past the mappings");
}

// A buffer procmaps cannot write gets -1, not a dead process.
static void
procmapsbad(void)
{
  uint ro = xmmap(0, PG, PROT_READ, PRIV);
  uint gone = xmmap(0, PG, RW, PRIV);
  uint heap = PGROUNDUP((uint)sbrk(0)) + 16 * PG;

  xmunmap(gone, PG);
  check(procmaps(0, (struct mapinfo*)KERNBASE, 4) == -1, "kernel buffer accepted");
  check(procmaps(0, (struct mapinfo*)0xfffffff0, 4) == -1, "wrapping buffer accepted");
  check(procmaps(0, (struct mapinfo*)(KERNBASE - 8), 4) == -1,
        "buffer reaching into the kernel accepted");
  check(procmaps(0, (struct mapinfo*)heap, 4) == -1, "unmapped buffer accepted");
  check(procmaps(0, (struct mapinfo*)ro, 4) == -1, "PROT_READ buffer accepted");
  check(procmaps(0, (struct mapinfo*)gone, 4) == -1, "munmapped buffer accepted");
  check(procmaps(0, maps, -1) == -1, "negative max accepted");
  expectbytes(ro, 64, 0, "procmaps wrote to a PROT_READ page at");
}

// A child that maps NEXITMAPS regions, says so on fd, and exits.
static NORETURN void
exiter(int fd)
{
  int i;

  for(i = 0; i < NEXITMAPS; i++)
    if(mmap((void*)at(2 * i), PG, RW, PRIV, -1, 0) != (void*)at(2 * i))
      failv("exiter: mmap failed, number", i);
  tell(fd);
  exit();
}

// procmaps of a process whose mappings exit is tearing down answers
// sanely (the count, then 0 once it is a zombie, -1 once reaped) and
// never brings the kernel down.
static void
procmapsexit(void)
{
  struct mapinfo m;
  int round, pid, n, p[2];

  for(round = 0; round < EXITROUNDS; round++){
    xpipe(p);
    if((pid = xfork()) == 0)
      exiter(p[1]);
    await(p[0]);
    // The child only loses mappings now, so a positive count means m
    // was filled by the same call.
    while((n = procmaps(pid, &m, 1)) > 0)
      check(n <= NEXITMAPS && m.start >= MMAPBASE && m.start % PG == 0 &&
            m.end == m.start + PG, "procmaps of an exiting process is garbled");
    check(n == 0 || n == -1, "procmaps of an exiting process failed");
    check(wait() == pid, "wait for the child");
    check(procmaps(pid, &m, 1) == -1, "procmaps of a reaped child worked");
    close(p[0]);
    close(p[1]);
  }
}

// A child that maps and unmaps RACEMAPS one-page regions forever.
static NORETURN void
churner(void)
{
  uint a[RACEMAPS];
  int i;

  for(;;){
    for(i = 0; i < RACEMAPS; i++)
      a[i] = xmmap(0, PG, RW, PRIV);
    for(i = RACEMAPS - 1; i >= 0; i--)
      check(munmap((void*)a[i], PG) == 0, "munmap in the churner");
  }
}

// The count procmaps returns agrees with the records it copied, however
// the process changes meanwhile: with room for them all, it copied
// exactly that many.
static void
procmapsrace(void)
{
  struct mapinfo m[RACEMAPS + 1];
  int round, pid, n, i, got;

  if((pid = xfork()) == 0)
    churner();
  for(round = 0; round < RACEROUNDS; round++){
    for(i = 0; i <= RACEMAPS; i++)
      m[i].start = 0;
    n = procmaps(pid, m, RACEMAPS + 1);
    for(got = 0; got <= RACEMAPS && m[got].start != 0; got++)
      ;
    if(n != got){
      kill(pid);
      wait();
      printf(resfd, "fprocmaps returned %d but copied %d records\n", n, got);
      exit();
    }
  }
  kill(pid);
  check(wait() == pid, "wait for the churner");
}

// ---- system calls on mapped memory ---------------------------------------------

// read() and write() move data through untouched mapped pages.
static void
rwbuf(void)
{
  uint a = xmmap(0, 3 * PG, RW, PRIV);
  uint s = xmmap(0, PG, RW, SHARED);
  int p[2];

  xpipe(p);
  check(write(p[1], "0123456789", 10) == 10, "write to the pipe");
  check(read(p[0], (char*)(a + PG - 3), 10) == 10, "read into mapped pages failed");
  check(equal((char*)(a + PG - 3), "0123456789", 10), "read put the wrong bytes");
  check(write(p[1], (char*)(a + 2 * PG), 100) == 100,
        "write from an untouched page failed");
  check(read(p[0], buf, 100) == 100, "read back from the pipe");
  expectbytes((uint)buf, 100, 0, "an untouched page did not read as zero at");
  nmaps();
  check(maps[0].resident + maps[1].resident == 3,
        "system calls did not fault the pages in");
  if(xfork() == 0){
    check(write(p[1], "shared", 6) == 6, "write to the pipe");
    check(read(p[0], (char*)s, 6) == 6, "read into a shared page failed");
    exit();
  }
  wait();
  check(equal((char*)s, "shared", 6),
        "the child's read() did not reach the shared page");
  close(p[0]);
  close(p[1]);
}

// File reads and writes go through mapped buffers; a path may live in one.
static void
rwfile(void)
{
  uint src = xmmap(0, 2 * PG, RW, PRIV);
  uint dst = xmmap(0, 2 * PG, RW, SHARED);
  uint path = xmmap(0, PG, RW, PRIV);
  int fd, i, n = 2 * PG - 200;

  for(i = 0; i < 2 * PG; i++)
    poke(src + i, 'a' + i % 23);
  strcpy((char*)path, "mmapfile");
  fd = open((char*)path, O_CREATE | O_RDWR);
  check(fd >= 0, "open with a path in mapped memory failed");
  check(write(fd, (char*)(src + 100), n) == n, "file write from mapped pages failed");
  close(fd);
  fd = open("mmapfile", O_RDONLY);
  check(fd >= 0, "reopen the file");
  check(read(fd, (char*)(dst + 50), 2 * PG) == n, "file read into mapped pages failed");
  close(fd);
  check(unlink((char*)path) == 0, "unlink with a path in mapped memory failed");
  check(equal((char*)(src + 100), (char*)(dst + 50), n), "the file's bytes differ");
  expectbytes(dst, 50, 0, "file read wrote before its buffer at");
}

// System calls that would write a PROT_READ page, or touch a PROT_NONE or
// unmapped one, return -1 and the caller lives on.
static void
rwprot(void)
{
  uint ro = xmmap(0, PG, PROT_READ, PRIV);
  uint none = xmmap(0, PG, PROT_NONE, PRIV);
  uint edge = xmmap(at(200), PG, RW, PRIV | MAP_FIXED);
  int p[2], fd;

  xpipe(p);
  check(write(p[1], "abcdefghij", 10) == 10, "write to the pipe");
  check(read(p[0], (char*)ro, 10) == -1, "pipe read into a PROT_READ page worked");
  check(read(p[0], (char*)none, 10) == -1, "pipe read into a PROT_NONE page worked");
  check(read(p[0], (char*)(edge + PG - 5), 10) == -1,
        "read running off a mapping worked");
  check(write(p[1], (char*)none, 10) == -1, "write from a PROT_NONE page worked");
  check(write(p[1], (char*)(edge + PG - 5), 10) == -1,
        "write running off a mapping worked");
  check(read(p[0], buf, 10) == 10 && equal(buf, "abcdefghij", 10),
        "failed reads consumed the pipe's data");
  fd = open("README.md", O_RDONLY);
  check(fd >= 0, "open README.md");
  check(read(fd, (char*)ro, 10) == -1, "file read into a PROT_READ page worked");
  check(fstat(fd, (struct stat*)ro) == -1, "fstat into a PROT_READ page worked");
  close(fd);
  close(p[0]);
  close(p[1]);
  check(pipe((int*)ro) == -1, "pipe() into a PROT_READ page worked");
  expectbytes(ro, PG, 0, "a failed call changed a PROT_READ page at");
}

// ---- scale -------------------------------------------------------------------

// The length of manysmall's mapping i.
static uint
smalllen(int i)
{
  return (1 + i % 2) * PG;
}

// Ten thousand small mappings, each touched, checked and unmapped.
static void
manysmall(void)
{
  int i, before = xavail();
  uint a;

  for(i = 0; i < NSMALL; i++){
    a = small[i] = xmmap(0, smalllen(i), RW, i % 3 == 0 ? SHARED : PRIV);
    check(a % PG == 0 && a >= MMAPBASE && a <= KERNBASE - smalllen(i),
          "a small mapping is misplaced");
    poke(a, i);
    poke(a + smalllen(i) - 1, i >> 8);
  }
  for(i = 0; i < NSMALL; i++)
    if(peek(small[i]) != (i & 0xff) ||
       peek(small[i] + smalllen(i) - 1) != ((i >> 8) & 0xff))
      failx("a small mapping lost its data at", small[i]);
  for(i = 0; i < NSMALL; i++)
    xmunmap(small[i], smalllen(i));
  expectcount(0);
  expecttables(1, "all unmapped, the spare kept");
  noleak(before, "manysmall");
}

// A process holds MAXREGIONS regions; the mmap after that fails cleanly.
static void
manyregions(void)
{
  struct mapinfo *all;
  uint i, a;

  // Every other page, so that no two regions could be merged.
  for(i = 0; i < MAXREGIONS; i++)
    if(mmap((void*)at(2 * i), PG, RW, PRIV, -1, 0) != (void*)at(2 * i))
      failv("mmap failed before the region limit, at number", i);
  check(mmap(0, PG, RW, PRIV, -1, 0) == MAP_FAILED,
        "mmap past the region limit worked");
  check(mmap((void*)at(2 * MAXREGIONS + 8), PG, RW, PRIV | MAP_FIXED, -1, 0) ==
        MAP_FAILED, "MAP_FIXED past the region limit worked");
  all = (struct mapinfo*)sbrk((MAXREGIONS + 1) * sizeof(*all));
  check(all != (struct mapinfo*)-1, "sbrk for the table");
  check(procmaps(0, all, MAXREGIONS + 1) == MAXREGIONS,
        "procmaps does not count them all");
  check(all[MAXREGIONS - 1].start == at(2 * MAXREGIONS - 2),
        "the last region is misplaced");
  poke(at(2 * 777), 7);
  xmunmap(at(2 * 1000), PG);
  a = xmmap(0, PG, RW, PRIV);
  check(a % PG == 0 && a >= MMAPBASE, "mmap after a munmap at the limit");
  check(peek(at(2 * 777)) == 7 && peek(a) == 0, "memory changed at the region limit");
  // At the limit again with a three-page region: cutting its middle page
  // out would make one region too many, so munmap fails and keeps it.
  xmunmap(at(2 * 2000), PG);
  a = xmmap(at(2 * MAXREGIONS + 16), 3 * PG, RW, PRIV);
  poke(a + PG, 9);
  check(munmap((void*)(a + PG), PG) == -1,
        "a munmap split took the process past the region limit");
  check(procmaps(0, all, MAXREGIONS + 1) == MAXREGIONS,
        "a refused split changed the region count");
  check(peek(a + PG) == 9, "a refused split unmapped the page");
  // mprotect of that middle page would split it too: refused, unchanged.
  check(mprotect((void*)(a + PG), PG, PROT_READ) == -1,
        "an mprotect split took the process past the region limit");
  check(mprotect((void*)a, PG, PROT_READ) == -1,
        "an mprotect split of the head passed the region limit");
  check(procmaps(0, all, MAXREGIONS + 1) == MAXREGIONS &&
        all[MAXREGIONS - 1].start == a && all[MAXREGIONS - 1].prot == RW,
        "a refused mprotect changed the regions");
  poke(a + PG, 10);
  check(mprotect((void*)a, 3 * PG, PROT_READ) == 0,
        "mprotect of a whole region at the limit failed");
  check(procmaps(0, all, MAXREGIONS + 1) == MAXREGIONS &&
        all[MAXREGIONS - 1].prot == PROT_READ,
        "mprotect of a whole region at the limit");
}

// ---- concurrency -------------------------------------------------------------

// The byte that names worker k's round r: never 0 and, with a page number
// added, never 0xff; rounds NLIVE apart (which share a slot) differ.
static int
tag(int k, int r)
{
  return 1 + (k * 37 + r) % 240;
}

// Fill each page of m with v plus the page's number.
static void
fill(struct live *m, int v)
{
  uint i;

  for(i = 0; i < m->len; i += PG)
    poke((uint)m->p + i, v + i / PG);
}

// Fail unless each page of m holds v plus its number.
static void
filled(struct live *m, int v)
{
  uint i;

  for(i = 0; i < m->len; i += PG)
    if(peek((uint)m->p + i) != ((v + i / PG) & 0xff))
      failx("worker: a mapping lost its data at", (uint)m->p + i);
}

// Make m a new mapping of random length, kind and hint.
static void
newlive(struct live *m)
{
  uint hint = rnd() % 2 ? 0 : at(rnd() % 1024);
  int extra = rnd() % 4 == 0 ? MAP_POPULATE : 0;

  m->len = (1 + rnd() % 8) * PG;
  m->shared = rnd() % 2;
  m->p = (char*)xmmap(hint, m->len, RW, (m->shared ? SHARED : PRIV) | extra);
}

// Unmap m in two cuts, so that the first splits it.
static void
droplive(struct live *m)
{
  uint half = m->len / 2 / PG * PG;

  if(half > 0)
    xmunmap((uint)m->p + half / 2 / PG * PG, half);
  if(munmap(m->p, m->len) != 0)
    failx("worker: munmap of a split mapping failed at", (uint)m->p);
  m->p = NULL;
}

// Fork a child that checks m holds v and writes 0xff into its first page:
// the write must show in m exactly when m is shared.
static void
forkcheck(struct live *m, int v)
{
  int pid;

  if((pid = xfork()) == 0){
    filled(m, v);
    poke((uint)m->p, 0xff);
    exit();
  }
  check(wait() == pid, "worker: wait for its child");
  check(peek((uint)m->p) == (m->shared ? 0xff : v),
        "worker: a child's write crossed a private mapping or missed a shared one");
  poke((uint)m->p, v);
}

// Check that what procmaps says of process pid, which may be changing
// its mappings or exiting meanwhile, is well formed. The count it returns
// may be newer than the entries, so the entries it filled are told by
// their nonzero ends.
static void
peekmaps(int pid)
{
  static struct mapinfo m[16];
  uint prev = MMAPBASE;
  int i;

  memset(m, 0, sizeof(m));
  procmaps(pid, m, 16);
  for(i = 0; i < 16 && m[i].end != 0; i++){
    check(m[i].start >= prev && m[i].start < m[i].end && m[i].end <= KERNBASE &&
          (m[i].start | m[i].end) % PG == 0,
          "worker: procmaps of a busy process is garbled");
    prev = m[i].end;
  }
}

// Worker k of concurrent: map, fill, fork, check and unmap, ROUNDS times.
static NORETURN void
worker(int k)
{
  struct live m[NLIVE];
  int r, i;

  seed = 7919 * (k + 1);
  memset(m, 0, sizeof(m));
  for(r = 0; r < ROUNDS; r++){
    i = r % NLIVE;
    if(m[i].p != NULL){
      filled(&m[i], tag(k, r - NLIVE));
      droplive(&m[i]);
    }
    newlive(&m[i]);
    fill(&m[i], tag(k, r));
    if(r % 3 == k % 3)
      forkcheck(&m[i], tag(k, r));
    peekmaps(k == 0 ? testpid : pids[k - 1]);
  }
  for(i = 0; i < NLIVE; i++)
    droplive(&m[i]);
  expectcount(0);
  exit();
}

// Several processes map, touch, fork and unmap at once; all are reaped
// and every page comes back.
static void
concurrent(void)
{
  int before = xavail(), k;

  testpid = getpid();
  for(k = 0; k < NWORKER; k++)
    if((pids[k] = xfork()) == 0)
      worker(k);
  for(k = 0; k < NWORKER; k++)
    check(wait() > 0, "a worker was not reaped");
  check(wait() == -1, "a stray child");
  noleak(before, "concurrent");
}

// ---- mprotect --------------------------------------------------------------

// mprotect, failing the test unless it returns 0.
static void
xmprotect(uint addr, uint len, int prot)
{
  if(mprotect((void*)addr, len, prot) != 0)
    failx("mprotect failed at", addr);
}

// Write a stamped page made read-only: its data must read back first.
static void
writeprotected(void)
{
  uint a = xmmap(0, 2 * PG, RW, PRIV);

  stamp(a, 2);
  xmprotect(a, 2 * PG, PROT_READ);
  stamped(a, 0, 2);
  ready();
  poke(a + PG, 1);
}

// Read a stamped page made PROT_NONE.
static void
readprotnone(void)
{
  uint a = xmmap(0, PG, RW, PRIV);

  stamp(a, 1);
  xmprotect(a, PG, PROT_NONE);
  ready();
  peek(a);
}

// Write an untouched page made read-only after reading its zeros.
static void
writeuntouched(void)
{
  uint a = xmmap(0, PG, RW, PRIV);

  xmprotect(a, PG, PROT_READ);
  check(peek(a) == 0, "untouched page made PROT_READ not zero");
  ready();
  poke(a, 1);
}

// Accesses mprotect took away kill the process; the data stays readable.
static void
protfault(void)
{
  mustdie(writeprotected, "write to a page made PROT_READ survived");
  mustdie(readprotnone, "read of a page made PROT_NONE survived");
  mustdie(writeuntouched, "write to an untouched page made PROT_READ survived");
}

// READ -> READ|WRITE makes present and untouched pages writable; NONE ->
// READ|WRITE gives back the data the pages held.
static void
protopen(void)
{
  int before = xavail();
  uint a = xmmap(0, 2 * PG, PROT_READ, PRIV);

  check(peek(a) == 0, "PROT_READ page not zero");
  xmprotect(a, 2 * PG, RW);
  stamp(a, 2);
  stamped(a, 0, 2);
  xmprotect(a, 2 * PG, PROT_NONE);
  expectcount(1);
  expectmap(0, a, a + 2 * PG, PROT_NONE, MAP_PRIVATE, 2);
  xmprotect(a, 2 * PG, RW | PROT_EXEC);
  stamped(a, 0, 2);
  expectcount(1);
  expectmap(0, a, a + 2 * PG, RW | PROT_EXEC, MAP_PRIVATE, 2);
  xmunmap(a, 2 * PG);
  noleak(before, "mprotect then munmap");
}

// A range strictly inside a region splits it in three; munmap of the
// whole gives back every page.
static void
protsplit(void)
{
  int before = xavail();
  uint a = xmmap(at(10), 3 * PG, RW, PRIV | MAP_FIXED | MAP_POPULATE);

  stamp(a, 3);
  xmprotect(at(11), 1, PROT_READ);
  expectcount(3);
  expectmap(0, at(10), at(11), RW, MAP_PRIVATE, 1);
  expectmap(1, at(11), at(12), PROT_READ, MAP_PRIVATE, 1);
  expectmap(2, at(12), at(13), RW, MAP_PRIVATE, 1);
  stamped(a, 0, 3);
  poke(at(10), 'A');
  poke(at(12), 'C');
  xmunmap(a, 3 * PG);
  expectcount(0);
  noleak(before, "munmap of a split region");
}

// A range over the tail of one region and the head of the next splits
// both; equal neighbours are not merged.
static void
protspan(void)
{
  xmmap(at(10), 2 * PG, RW, PRIV | MAP_FIXED);
  xmmap(at(12), 2 * PG, RW, SHARED | MAP_FIXED);
  xmprotect(at(11), 2 * PG, PROT_READ);
  expectcount(4);
  expectmap(0, at(10), at(11), RW, MAP_PRIVATE, 0);
  expectmap(1, at(11), at(12), PROT_READ, MAP_PRIVATE, 0);
  expectmap(2, at(12), at(13), PROT_READ, MAP_SHARED, 0);
  expectmap(3, at(13), at(14), RW, MAP_SHARED, 0);
  xmprotect(at(10), 4 * PG, RW);
  expectcount(4);
  expectmap(1, at(11), at(12), RW, MAP_PRIVATE, 0);
  poke(at(11), 1);
  poke(at(12), 1);
  xmunmap(at(10), 4 * PG);
}

// mprotect(addr, len, prot) must fail and change nothing.
static void
badprotect(uint addr, uint len, int prot, const char *why)
{
  if(mprotect((void*)addr, len, prot) != -1)
    failx(why, addr);
  expectcount(2);
  expectmap(0, at(10), at(11), RW, MAP_PRIVATE, 1);
  expectmap(1, at(12), at(13), RW, MAP_PRIVATE, 1);
}

// Bad arguments to mprotect: -1 and nothing changed.
static void
badmprotect(void)
{
  int local;

  xmmap(at(10), PG, RW, PRIV | MAP_FIXED | MAP_POPULATE);
  xmmap(at(12), PG, RW, PRIV | MAP_FIXED | MAP_POPULATE);
  badprotect(at(10) + 1, PG, PROT_READ, "unaligned address accepted");
  badprotect(at(10), 3 * PG, PROT_READ, "range with a hole accepted");
  badprotect(at(11), PG, PROT_READ, "unmapped page accepted");
  badprotect(at(12), KERNBASE - at(12) + 1, PROT_READ,
             "range reaching KERNBASE accepted");
  badprotect(at(12), 0xfffff000, PROT_READ, "wrapping range accepted");
  badprotect(at(10), PG, 8, "unknown prot bit accepted");
  badprotect(at(10), PG, -1, "prot -1 accepted");
  badprotect(PGROUNDDOWN((uint)&local), PG, PROT_READ, "stack accepted");
  badprotect(PGROUNDDOWN((uint)sbrk(0) - 1), PG, PROT_READ, "heap accepted");
  badprotect(0, PG, PROT_READ, "text accepted");
  check(mprotect((void*)at(11), 0, PROT_READ) == 0, "len 0 not 0");
  check(mprotect((void*)0, 0, PROT_NONE) == 0, "len 0 below the window not 0");
  poke(at(10), 1);
  poke(at(12), 1);
  xmunmap(at(10), 3 * PG);
}

// System calls honour what mprotect set: read() into a page made
// read-only and write() from a page made PROT_NONE fail, the data kept.
static void
protsyscall(void)
{
  uint a = xmmap(0, PG, RW, PRIV);
  int p[2];

  stamp(a, 1);
  xpipe(p);
  check(write(p[1], "xy", 2) == 2, "write to the pipe");
  xmprotect(a, PG, PROT_READ);
  check(read(p[0], (void*)a, 1) == -1, "read() into a page made PROT_READ");
  stamped(a, 0, 1);
  xmprotect(a, PG, PROT_NONE);
  check(write(p[1], (void*)a, 1) == -1, "write() from a page made PROT_NONE");
  xmprotect(a, PG, RW);
  stamped(a, 0, 1);
  close(p[0]);
  close(p[1]);
  xmunmap(a, PG);
}

// A shared region closed by PROT_NONE before fork: parent and child see
// the same frames once it is opened again, untouched pages included.
static void
protforkshared(void)
{
  uint a = xmmap(0, 2 * PG, RW, SHARED);
  int pid;

  poke(a, 'A');
  xmprotect(a, 2 * PG, PROT_NONE);
  if((pid = xfork()) == 0){
    if(mprotect((void*)a, 2 * PG, RW) != 0 || peek(a) != 'A')
      exit();
    poke(a + PG, 'B');
    exit();
  }
  if(wait() != pid)
    fail("wait for the child");
  xmprotect(a, 2 * PG, RW);
  check(peek(a + PG) == 'B', "child's write to a shared page not seen");
  xmunmap(a, 2 * PG);
}

// ---- the runner --------------------------------------------------------------

static struct test tests[] = {
  { "badmmap", badmmap },             { "badmunmap", badmunmap },
  { "classic", classic },             { "rounding", rounding },
  { "zerofill", zerofill },           { "windowfull", windowfull },
  { "prots", prots },                 { "split", split },
  { "unmapfree", unmapfree },         { "churnfree", churnfree },
  { "sharedtable", sharedtable },     { "splitlast", splitlast },
  { "spanning", spanning },           { "forkexit", forkexit },
  { "fixedreplace", fixedreplace },
  { "fixedbad", fixedbad },           { "populate", populate },
  { "populateoom", populateoom },     { "placehint", placehint },
  { "placeholes", placeholes },       { "placetie", placetie },
  { "placeoutside", placeoutside },   { "placeunaligned", placeunaligned },
  { "placeedge", placeedge },         { "placerandom", placerandom },
  { "faultunmap", faultunmap },       { "faultreadonly", faultreadonly },
  { "faultnone", faultnone },         { "faultnonepop", faultnonepop },
  { "faultnonefork", faultnonefork }, { "forkprivate", forkprivate },
  { "forkshared", forkshared },       { "sharedsurvives", sharedsurvives },
  { "forkbigshared", forkbigshared }, { "forkmaps", forkmaps },
  { "sharedsplits", sharedsplits },   { "sharedlast", sharedlast },
  { "exitfree", exitfree },           { "execdrops", execdrops },
  { "execfail", execfail },           { "procmapsother", procmapsother },
  { "procmapsmax", procmapsmax },     { "procmapsbad", procmapsbad },
  { "rwbuf", rwbuf },                 { "rwfile", rwfile },
  { "rwprot", rwprot },               { "manysmall", manysmall },
  { "concurrent", concurrent },       { "manyregions", manyregions },
  { "protfault", protfault },         { "protopen", protopen },
  { "protsplit", protsplit },         { "protspan", protspan },
  { "badmprotect", badmprotect },     { "protforkshared", protforkshared },
  { "protsyscall", protsyscall },
  // Last: on a kernel with the exit race it panics, ending the run.
  { "procmapsexit", procmapsexit },
  { "procmapsrace", procmapsrace },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Probe the placement rule, run the tests named on the command line (or
// all of them, each checked for pages not given back), check the whole
// run gave back every page, and sum up.
int
main(int argc, char *argv[])
{
  int base;

  checkargs(tests, NTESTS, argc, argv);
  base = pagesfree();
  strategy = probe();
  printf(1, "mmaptest: placement %s\n", stratname[strategy]);
  leakrun("mmaptest", tests, NTESTS, WATCHDOG, base, argc, argv);
}
