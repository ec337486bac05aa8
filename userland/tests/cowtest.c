// cowtest: the in-guest suite for copy-on-write fork (vm/fault.c, vm/vm.c, vm/mmap.c).
// Each test runs in its own child process; the runner prints "ok NAME" or
// "FAIL NAME: reason", checks that no page leaked, and sums up at the end.

#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "memlayout.h"
#include "mmu.h"
#include "param.h"
#include "user.h"

#define PG        PGSIZE
#define RW        (PROT_READ | PROT_WRITE)
#define PRIV      (MAP_PRIVATE | MAP_ANONYMOUS)
#define WATCHDOG  12000    // ticks a test may run before the runner kills it
#define NSPOT     6        // places spot() names
#define NKIDS     8        // children of the manykids test
#define RACEKIDS  4        // children of each round of the race test
#define RACEPAGES 64       // pages they all write at once
#define ROUNDS    10       // rounds of the race test
#define BIGSHARE  70       // percent of the free pages bigfork touches
#define BIGSTRIDE 64       // bigfork's child writes every BIGSTRIDE-th page
#define BREAKS    8        // pages fork and its return may break, at most
#define TABLESPAN (PG * NPTENTRIES)   // bytes one page table maps
#define FILENAME  "cowfile"
#define NCOPY     (2 * PG + 100)      // bytes the copy tests move
#define NSTACK    600                 // bytes readstack moves (one stack page)

#include "runner.h"
#include "memcases.h"

static char gdata[3 * PG] = "data";  // initialised: lies in the data segment
static char *heap;                   // two heap pages, from setup()
static char *win;                    // two private mmap pages, from setup()
static char pattern[NCOPY];          // what the copy tests move
static char got[NCOPY];              // what comes back (the stack is a page)

// ---- helpers -----------------------------------------------------------

// Pages process pid (0: the caller) maps copy-on-write, procmem says.
static int
cowcount(int pid)
{
  struct procmem pm;

  if(procmem(pid, &pm) < 0)
    fail("procmem failed");
  return pm.cow;
}

// Send one byte of news down fd.
static void
tell(int fd)
{
  if(write(fd, "g", 1) != 1)
    fail("write to a sync pipe");
}

// Wait for one byte of news from fd: 1 if it came, 0 if the writer left.
static int
heard(int fd)
{
  char c;

  return read(fd, &c, 1) == 1;
}

// Wait for child pid, failing the test if wait returns another.
static void
xwait(int pid)
{
  if(wait() != pid)
    fail("wait returned another process");
}

// Grow the heap to a page boundary and then by n bytes; their start.
static char*
grow(uint n)
{
  uint b = (uint)sbrk(0);
  char *a;

  if(sbrk(PGROUNDUP(b) - b) == (char*)-1 || (a = sbrk(n)) == (char*)-1)
    fail("sbrk failed");
  return a;
}

// Make the heap and mmap pages every test may use, both touched.
static void
setup(void)
{
  heap = grow(2 * PG);
  win = mmap(0, 2 * PG, RW, PRIV, -1, 0);
  check(win != MAP_FAILED, "mmap of two private pages failed");
  heap[0] = heap[PG] = win[0] = win[PG] = 1;
}

// Address i of the NSPOT places each test writes: the heap, the stack
// (stk), the data segment and a private mapping, two pages of each but
// the stack.
static char*
spot(int i, char *stk)
{
  char *at[NSPOT] = { heap, heap + PG + 7, stk, gdata + PG - 1,
                      win + 5, win + 2 * PG - 1 };

  return at[i];
}

// Write c at every spot.
static void
fill(char *stk, char c)
{
  int i;

  for(i = 0; i < NSPOT; i++)
    *(volatile char*)spot(i, stk) = c;
}

// Whether every spot holds c.
static int
holds(char *stk, char c)
{
  int i;

  for(i = 0; i < NSPOT; i++)
    if(*(volatile char*)spot(i, stk) != c)
      return 0;
  return 1;
}

// ---- values survive -------------------------------------------------------

// A grandchild writes its own values; its parent's stay.
static void
grandchild(char *stk, int res)
{
  int pid;

  if((pid = xfork()) == 0){
    check(holds(stk, 'c'), "the grandchild did not inherit the child's values");
    fill(stk, 'g');
    if(holds(stk, 'g'))
      tell(res);
    exit();
  }
  xwait(pid);
}

// After fork, parent, child and grandchild each write the same heap,
// stack, data and private-mmap spots and each sees only its own values.
static void
values(void)
{
  volatile char stk[64];
  int r[2], go[2], pid;

  setup();
  fill((char*)stk, 'p');
  xpipe(r);
  xpipe(go);
  if((pid = xfork()) == 0){
    check(holds((char*)stk, 'p'), "the child did not inherit the values");
    fill((char*)stk, 'c');
    grandchild((char*)stk, r[1]);
    if(holds((char*)stk, 'c'))
      tell(r[1]);
    if(heard(go[0]) && holds((char*)stk, 'c'))
      tell(r[1]);
    exit();
  }
  check(heard(r[0]), "the grandchild did not see its own values");
  check(heard(r[0]), "the grandchild's writes reached the child");
  check(holds((char*)stk, 'p'), "the child's writes reached the parent");
  fill((char*)stk, 'P');
  tell(go[1]);
  check(heard(r[0]), "the parent's writes reached the child");
  xwait(pid);
  check(holds((char*)stk, 'P'), "the parent lost its own values");
}

// Many children share a page; each writes its own value, and the
// parent's stays.
static void
manykids(void)
{
  int r[2], i, pid, ok = 0;

  setup();
  heap[0] = 'p';
  xpipe(r);
  for(i = 0; i < NKIDS; i++){
    if((pid = xfork()) == 0){
      heap[0] = 'a' + i;
      sleep(1);
      if(heap[0] == 'a' + i)
        tell(r[1]);
      exit();
    }
  }
  close(r[1]);
  for(i = 0; i < NKIDS; i++){
    if(wait() < 0)
      fail("a child went missing");
    ok += heard(r[0]);
  }
  check(ok == NKIDS, "a child did not keep its own value");
  check(heap[0] == 'p', "a child's write reached the parent");
}

// Write tag c into every one of the n pages at a, then check them all:
// 1 if each still holds c.
static int
scrawl(char *a, uint n, char c)
{
  uint i;

  for(i = 0; i < n; i++)
    a[i * PG + i % PG] = c;
  for(i = 0; i < n; i++)
    if(a[i * PG + i % PG] != c)
      return 0;
  return 1;
}

// Parent and children write the same shared pages at once, round after
// round (on several CPUs, the breaks of one frame race): each sees its
// own values, and no page is lost.
static void
race(void)
{
  int r[2], round, i, ok;
  char *a;

  a = grow(RACEPAGES * PG);
  check(scrawl(a, RACEPAGES, 'p'), "the parent's first values");
  xpipe(r);
  for(round = 0; round < ROUNDS; round++){
    for(i = 0; i < RACEKIDS; i++){
      if(xfork() == 0){
        if(scrawl(a, RACEPAGES, 'a' + i))
          tell(r[1]);
        exit();
      }
    }
    ok = scrawl(a, RACEPAGES, 'A' + round);
    for(i = 0; i < RACEKIDS; i++){
      if(wait() < 0)
        fail("a child went missing");
      ok += heard(r[0]);
    }
    check(ok == RACEKIDS + 1, "a process lost its own values");
  }
}

// ---- cost -----------------------------------------------------------------

// Stamp page i of the n at a with its number (first word) and tag c.
static void
stamp(char *a, uint i, char c)
{
  *(uint*)(a + i * PG) = i;
  a[i * PG + 4] = c;
}

// Whether page i at a bears stamp i and tag c.
static int
stamped(char *a, uint i, char c)
{
  return *(uint*)(a + i * PG) == i && a[i * PG + 4] == c;
}

// The pages a fork of the caller may take: the child's page directory,
// the tables below the break and of the window, a kernel stack, and the
// few pages fork and its return break.
static int
forkbound(void)
{
  struct procmem pm;

  if(procmem(0, &pm) < 0)
    fail("procmem failed");
  return 1 + (pm.brk + TABLESPAN - 1) / TABLESPAN + pm.mmaptables +
         KSTACKSIZE / PG + BREAKS;
}

// A process holding BIGSHARE% of the free pages forks; the fork takes
// page-table pages only, the child writes some pages and sees them, and
// the parent's are intact.
static void
bigfork(void)
{
  uint n, i;
  int r[2], pid, before, bound, took;
  char *a;

  n = (uint)xpagesfree() * BIGSHARE / 100;
  a = grow(n * PG);
  for(i = 0; i < n; i++)
    stamp(a, i, 'p');
  bound = forkbound();
  xpipe(r);
  before = xpagesfree();
  if((pid = fork()) == 0){
    took = before - xpagesfree();
    for(i = 0; i < n; i += BIGSTRIDE)
      stamp(a, i, 'c');
    for(i = 0; i < n; i++)
      if(!stamped(a, i, i % BIGSTRIDE ? 'p' : 'c'))
        took = -1;
    write(r[1], &took, sizeof(took));
    exit();
  }
  check(pid > 0, "fork of a process with 70% of memory failed");
  if(read(r[0], &took, sizeof(took)) != sizeof(took))
    fail("the child died");
  xwait(pid);
  check(took >= 0, "the child did not see its own and the parent's pages");
  if(took > bound){
    printf(resfd, "ffork took %d pages, more than %d\n", took, bound);
    exit();
  }
  for(i = 0; i < n; i++)
    if(!stamped(a, i, 'p'))
      fail("the child's writes reached the parent");
}

// After the child exits, the parent, sole owner again, writes every
// shared page without a page taken; procmem's cow count falls by one
// per page written.
static void
inplace(void)
{
  volatile char stk[64];
  int pid, before, cow;

  setup();
  fill((char*)stk, 'p');
  if((pid = xfork()) == 0)
    exit();
  xwait(pid);
  cow = cowcount(0);
  check(cow >= NSPOT - 1, "procmem's cow count missed the shared pages");
  before = xpagesfree();
  heap[0] = 'q';
  check(cowcount(0) == cow - 1, "a write did not lower the cow count by one");
  fill((char*)stk, 'q');
  check(holds((char*)stk, 'q'), "the parent lost a write");
  if(xpagesfree() != before)
    failv("pages taken by writes to unshared pages", before - xpagesfree());
}

// procmem counts the pages shared copy-on-write in the parent and in the
// child, heap and window alike.
static void
cowcounts(void)
{
  int r[2], go[2], pid, before, after;

  setup();
  heap[0] = win[0] = 1;
  before = cowcount(0);
  xpipe(r);
  xpipe(go);
  if((pid = xfork()) == 0){
    heap[0] = win[0] = 2;
    tell(r[1]);
    heard(go[0]);
    exit();
  }
  check(heard(r[0]), "the child died");
  after = cowcount(0);
  check(after >= before + 2, "fork did not count the parent's pages as cow");
  check(cowcount(pid) > 0, "fork did not count the child's pages as cow");
  check(cowcount(pid) <= after - 2, "the child's written pages still count");
  tell(go[1]);
  xwait(pid);
}

// ---- copyin and copyout ---------------------------------------------------

// Fill pattern with bytes that differ from page to page.
static void
mkpattern(void)
{
  int i;

  for(i = 0; i < NCOPY; i++)
    pattern[i] = 'A' + (i / 97) % 26;
}

// Fill buf with c, n bytes.
static void
clear(char *buf, char c, int n)
{
  memset(buf, c, n);
}

// Make FILENAME hold pattern; fail if it cannot.
static void
mkfile(void)
{
  int fd;

  mkpattern();
  if((fd = open(FILENAME, O_CREATE | O_RDWR)) < 0 ||
     write(fd, pattern, NCOPY) != NCOPY)
    fail("cannot write " FILENAME);
  close(fd);
}

// Read the first n bytes of FILENAME into buf; 1 if they all came.
static int
readfile(char *buf, int n)
{
  int fd, got;

  if((fd = open(FILENAME, O_RDONLY)) < 0)
    return 0;
  got = read(fd, buf, n);
  close(fd);
  return got == n;
}

// Read n bytes from pipe fd into buf, as many reads as it takes; 1 if
// they all came.
static int
readpipe(int fd, char *buf, int n)
{
  int got;

  for(; n > 0; n -= got, buf += got)
    if((got = read(fd, buf, n)) <= 0)
      return 0;
  return 1;
}

// Into the shared buffers at bufs, n bytes each, the child reads
// FILENAME, then a pipe; it sees the pattern, and the parent's bytes
// stay 'p'.
static void
readinto(char **bufs, int nbuf, int n)
{
  int r[2], d[2], pid, i, j, ok;

  for(i = 0; i < nbuf; i++)
    clear(bufs[i], 'p', n);
  xpipe(r);
  xpipe(d);
  if((pid = xfork()) == 0){
    ok = 1;
    for(i = 0; i < nbuf; i++){
      ok = ok && readfile(bufs[i], n) && equal(bufs[i], pattern, n);
      clear(bufs[i], 'c', n);
      ok = ok && readpipe(d[0], bufs[i], n) && equal(bufs[i], pattern, n);
    }
    if(ok)
      tell(r[1]);
    exit();
  }
  for(i = 0; i < nbuf; i++)
    if(write(d[1], pattern, n) != n)
      fail("write to the pipe");
  check(heard(r[0]), "the child's reads did not land in its own pages");
  xwait(pid);
  for(i = 0; i < nbuf; i++)
    for(j = 0; j < n; j++)
      if(bufs[i][j] != 'p')
        failv("the child's read reached the parent's buffer", i);
}

// read() from a file and from a pipe into copy-on-write heap, data and
// window buffers (each over two page boundaries) in the child leaves the
// parent's copies unchanged.
static void
readcow(void)
{
  char *bufs[3];

  mkfile();
  bufs[0] = grow(NCOPY);
  bufs[1] = gdata + 50;
  bufs[2] = mmap(0, NCOPY, RW, PRIV, -1, 0);
  check(bufs[2] != MAP_FAILED, "mmap failed");
  readinto(bufs, 3, NCOPY);
  unlink(FILENAME);
}

// read() into a stack buffer in the child. The stack is one page, and
// every call writes it, so the child's first write after fork has made
// it its own already (the parent's copy must stay as it was all the same):
// copyout's own break of a shared page shows in readcow.
static void
readstack(void)
{
  char buf[NSTACK];
  char *bufs[1] = { buf };

  mkfile();
  readinto(bufs, 1, NSTACK);
  unlink(FILENAME);
}

// write() from a copy-on-write page, into a pipe and a file, sends what
// the page holds.
static void
writecow(void)
{
  int d[2], pid, fd;
  char *a;

  mkpattern();
  a = grow(NCOPY);
  memmove(a, pattern, NCOPY);
  xpipe(d);
  if((pid = xfork()) == 0){
    if((fd = open(FILENAME, O_CREATE | O_RDWR)) >= 0 &&
       write(fd, a, NCOPY) == NCOPY)
      write(d[1], a, NCOPY);
    exit();
  }
  close(d[1]);
  check(readpipe(d[0], got, NCOPY) && equal(got, pattern, NCOPY),
        "the pipe did not carry the shared page's bytes");
  xwait(pid);
  clear(got, 0, NCOPY);
  check(readfile(got, NCOPY) && equal(got, pattern, NCOPY),
        "the file did not get the shared page's bytes");
  unlink(FILENAME);
}

// ---- letting go ------------------------------------------------------

// Write every page of the n at a and the two heap and two window pages
// of setup(); fail if a page is taken.
static void
writeall(char *a, uint n, const char *why)
{
  int before = xpagesfree();
  uint i;

  for(i = 0; i < n; i++)
    a[i * PG] = 'w';
  heap[0] = heap[PG] = win[0] = win[PG] = 'w';
  if(xpagesfree() != before)
    failv(why, before - xpagesfree());
}

// A child that lets go of the shared heap (sbrk shrink) and private
// mapping (munmap) leaves the parent their sole owner: its writes take no
// page while the child still lives.
static void
shrinkcow(void)
{
  int r[2], go[2], pid;
  uint n = 16;
  char *a;

  setup();
  a = grow(n * PG);
  memset(a, 'p', n * PG);
  xpipe(r);
  xpipe(go);
  if((pid = xfork()) == 0){
    if(sbrk(-(int)((uint)sbrk(0) - (uint)heap)) != (char*)-1 &&
       munmap(win, 2 * PG) == 0)
      tell(r[1]);
    heard(go[0]);
    exit();
  }
  check(heard(r[0]), "the child could not shrink and unmap");
  writeall(a, n, "pages taken by writes to pages the child let go");
  tell(go[1]);
  xwait(pid);
}

// A child that execs drops its shares of the parent's pages: the parent
// writes them in place while the new program still runs.
static void
execcow(void)
{
  static char *argv[] = { "cat", NULL };
  struct procmem pm;
  int in[2], pid, i;
  uint n = 8;
  char *a;

  setup();
  a = grow(n * PG);
  memset(a, 'p', n * PG);
  xpipe(in);
  if((pid = xfork()) == 0){
    close(0);
    dup(in[0]);
    close(in[0]);
    close(in[1]);
    exec("/cat", argv);
    exit();
  }
  close(in[0]);
  for(i = 0; i < 1000 && (procmem(pid, &pm) < 0 || strcmp(pm.name, "cat")); i++)
    sleep(1);
  check(i < 1000, "the child did not exec cat");
  writeall(a, n, "pages taken by writes after the child's exec");
  close(in[1]);
  xwait(pid);
}

// After the child exits, a read() into the parent's copy-on-write
// buffer writes it in place: right bytes, no page taken.
static void
readinplace(void)
{
  int pid, before, fd;
  char *a;

  mkfile();
  a = grow(NCOPY);
  memset(a, 'p', NCOPY);
  if((pid = xfork()) == 0)
    exit();
  xwait(pid);
  before = xpagesfree();
  check((fd = open(FILENAME, O_RDONLY)) >= 0, "open " FILENAME);
  check(read(fd, a, NCOPY) == NCOPY, "read into the unshared buffer");
  close(fd);
  check(equal(a, pattern, NCOPY), "the read bytes are wrong");
  if(xpagesfree() != before)
    failv("pages taken by a read into unshared pages", before - xpagesfree());
  unlink(FILENAME);
}

// ---- out of memory ----------------------------------------------------

// Map populated private pages until not even one more can be had.
static void
exhaust(void)
{
  uint len;

  for(len = 4096 * PG; len >= PG; len /= 2)
    while(mmap(0, len, RW, PRIV | MAP_POPULATE, -1, 0) != MAP_FAILED)
      ;
}

// A child that finds no memory at a copy-on-write break: a copyout into
// the shared page fails with -1; a user write kills the child alone; the
// parent's pages are intact and every page comes back.
static void
cowoom(void)
{
  int r[2], d[2], go[2], pid, before;
  char c;

  setup();
  heap[0] = 'p';
  xpipe(r);
  xpipe(d);
  xpipe(go);
  write(d[1], "x", 1);
  before = xpagesfree();
  if((pid = xfork()) == 0){
    // Only once the parent has broken its stack page: it must not meet
    // the exhaustion.
    heard(go[0]);
    exhaust();
    if(read(d[0], heap, 1) == -1 && heap[0] == 'p')
      write(r[1], "r", 1);
    heap[0] = 'c';
    write(r[1], "w", 1);
    exit();
  }
  close(r[1]);
  tell(go[1]);
  check(read(r[0], &c, 1) == 1 && c == 'r',
        "a read into a shared page without memory did not fail");
  check(read(r[0], &c, 1) == 0,
        "the child wrote a shared page without memory and lived");
  xwait(pid);
  check(heap[0] == 'p', "the parent's page changed");
  if(xpagesfree() != before)
    failv("pages not returned by the killed child", before - xpagesfree());
  if((pid = xfork()) == 0)
    exit();
  xwait(pid);
}

// ---- mprotect ---------------------------------------------------------

// A PROT_READ private region, forked, made writable in the child and
// written there: the parent's page is unchanged, and it can write its
// own after an mprotect too.
static void
protcow(void)
{
  char *a;
  int r[2], pid;

  a = mmap(0, 2 * PG, RW, PRIV, -1, 0);
  check(a != MAP_FAILED, "mmap failed");
  a[0] = a[PG] = 'p';
  check(mprotect(a, 2 * PG, PROT_READ) == 0, "mprotect to PROT_READ");
  xpipe(r);
  if((pid = xfork()) == 0){
    if(mprotect(a, 2 * PG, RW) == 0){
      a[0] = 'c';
      if(a[0] == 'c' && a[PG] == 'p')
        tell(r[1]);
    }
    exit();
  }
  close(r[1]);
  check(heard(r[0]), "the child could not write after mprotect");
  xwait(pid);
  check(a[0] == 'p', "the child's write reached the parent");
  check(mprotect(a, PG, RW) == 0, "mprotect to PROT_READ|PROT_WRITE");
  a[0] = 'q';
  check(a[0] == 'q' && a[PG] == 'p', "the parent's write went astray");
}

// mprotect to PROT_READ in the child, after fork, still keeps a write
// from going through; the read-only page still reads the parent's data.
static void
protread(void)
{
  char *a;
  int r[2], pid;

  a = mmap(0, PG, RW, PRIV, -1, 0);
  check(a != MAP_FAILED, "mmap failed");
  a[0] = 'p';
  xpipe(r);
  if((pid = xfork()) == 0){
    close(r[0]);
    if(mprotect(a, PG, PROT_READ) == 0 && a[0] == 'p')
      tell(r[1]);
    a[0] = 'c';
    tell(r[1]);
    exit();
  }
  close(r[1]);
  check(heard(r[0]), "the child could not read after mprotect");
  check(!heard(r[0]), "the child wrote a PROT_READ page");
  xwait(pid);
  check(a[0] == 'p', "the parent's page changed");
}

// The stack guard page, shared copy-on-write by fork, stays inaccessible:
// a write to it kills the child.
static void
guardcow(void)
{
  struct procmem pm;
  int r[2], pid;

  if(procmem(0, &pm) < 0)
    fail("procmem failed");
  xpipe(r);
  if((pid = xfork()) == 0){
    close(r[0]);
    *(volatile char*)(pm.guard + 8) = 'c';
    tell(r[1]);
    exit();
  }
  close(r[1]);
  xwait(pid);
  check(!heard(r[0]), "a child wrote the guard page");
}

struct test tests[] = {
  { "values", values },       { "manykids", manykids },
  { "race", race },
  { "bigfork", bigfork },     { "inplace", inplace },
  { "cowcounts", cowcounts }, { "readcow", readcow },
  { "readstack", readstack }, { "writecow", writecow },
  { "shrinkcow", shrinkcow }, { "execcow", execcow },
  { "readinplace", readinplace },
  { "cowoom", cowoom },       { "protcow", protcow },
  { "protread", protread },   { "guardcow", guardcow },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Run the tests named on the command line (or all of them, each checked
// for pages not given back), check the whole run gave back every page,
// and sum up.
int
main(int argc, char *argv[])
{
  int base;

  checkargs(tests, NTESTS, argc, argv);
  base = pagesfree();
  leakrun("cowtest", tests, NTESTS, WATCHDOG, base, argc, argv);
}
