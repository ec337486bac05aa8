// filemaptest: the in-guest suite for file-backed mmap and msync
// (vm/mmap.c, vm/vmobj.c). Each test runs in its own child; the runner
// prints "ok NAME" or "FAIL NAME: reason" and checks after each that
// every page came back. Tests remove the files they make.

#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "memlayout.h"
#include "mmu.h"
#include "fs.h"
#include "param.h"
#include "user.h"

#define PG        PGSIZE
#define RW        (PROT_READ | PROT_WRITE)
#define WATCHDOG  6000     // ticks a test may run before the runner kills it
#define BIGFILE   (16 * PG)   // bytes of the write-back test's file
#define FA        "fmapa"  // the files the tests make
#define FB        "fmapb"

#include "runner.h"
#include "memcases.h"

static char buf[BIGFILE];  // scratch space

// The byte at offset i of a file made with seed k.
static int
pat(int i, int k)
{
  return 'a' + (i + k) % 23;
}

// Make file name with n bytes of pattern k; removes any old one first.
static void
mkfile(const char *name, int n, int k)
{
  int fd, i;

  unlink(name);
  for(i = 0; i < n; i++)
    buf[i] = pat(i, k);
  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("create a file");
  if(write(fd, buf, n) != n)
    fail("write a file");
  close(fd);
}

// Open name with mode, failing the test if it cannot.
static int
xopen(const char *name, int mode)
{
  int fd;

  if((fd = open(name, mode)) < 0)
    fail("open a file");
  return fd;
}

// Map len bytes of fd from off, failing the test on MAP_FAILED.
static char*
xmapf(uint len, int prot, int flags, int fd, int off)
{
  char *p = mmap(0, len, prot, flags, fd, off);

  if(p == MAP_FAILED)
    failx("mmap of a file failed, length", len);
  return p;
}

// munmap, failing the test unless it returns 0.
static void
xmunmap(char *p, uint len)
{
  if(munmap(p, len) != 0)
    fail("munmap failed");
}

// Read the whole file name into buf: its size.
static int
slurp(const char *name)
{
  int fd = xopen(name, O_RDONLY), n, got = 0;

  while((n = read(fd, buf + got, sizeof(buf) - got)) > 0)
    got += n;
  close(fd);
  return got;
}

// Fail unless name holds n bytes of pattern k, except [at, at+len) holds
// byte v.
static void
expectfile(const char *name, int n, int k, int at, int len, int v)
{
  int i, got = slurp(name);

  if(got != n)
    failx("the file's size changed to", got);
  for(i = 0; i < n; i++)
    if(buf[i] != (i >= at && i < at + len ? v : pat(i, k)))
      failx("the file holds a wrong byte at", i);
}

// Fail unless the n bytes at p are pattern k from file offset off.
static void
expectmapped(char *p, int n, int k, int off)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != pat(off + i, k))
      failx("a mapped byte differs from the file at", off + i);
}

// ---- reading ----------------------------------------------------------------

// A mapped file reads as the file, shared and private, from an offset.
static void
readfile(void)
{
  int n = 3 * PG + 100, fd;
  char *s, *p;

  mkfile(FA, n, 1);
  fd = xopen(FA, O_RDONLY);
  s = xmapf(n, PROT_READ, MAP_SHARED, fd, 0);
  p = xmapf(2 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
  expectmapped(s, n, 1, 0);
  expectmapped(p, PG + 100, 1, PG);
  xmunmap(s, n);
  xmunmap(p, 2 * PG);
  close(fd);
  unlink(FA);
}

// The bytes of the last page past the end of file read as zeros.
static void
eofzeros(void)
{
  int fd, i;
  char *s;

  mkfile(FA, 100, 2);
  fd = xopen(FA, O_RDWR);
  s = xmapf(PG, RW, MAP_SHARED, fd, 0);
  expectmapped(s, 100, 2, 0);
  for(i = 100; i < PG; i++)
    if(s[i] != 0)
      failx("a byte past the end of file is not zero at", i);
  s[200] = 'x';   // written, but never past the end of file
  xmunmap(s, PG);
  close(fd);
  expectfile(FA, 100, 2, 0, 0, 0);
  unlink(FA);
}

// Read a mapped page that lies wholly past the end of file.
static void
readpasteof(void)
{
  char *s = xmapf(2 * PG, PROT_READ, MAP_SHARED, xopen(FA, O_RDONLY), 0);

  ready();
  if(s[PG + 5] == 0)
    write(kidfd, "z", 1);
}

// An access to a page wholly past the end of file kills the process.
static void
pasteof(void)
{
  mkfile(FA, 100, 3);
  mustdie(readpasteof, "a read past the end of file survived");
  unlink(FA);
}

// ---- writing back -----------------------------------------------------------

// A shared write reaches the file after msync(MS_SYNC), before munmap.
static void
msyncwrite(void)
{
  int n = 2 * PG + 10, fd;
  char *s;

  mkfile(FA, n, 4);
  fd = xopen(FA, O_RDWR);
  s = xmapf(n, RW, MAP_SHARED, fd, 0);
  memset(s + PG - 5, 'W', 10);
  check(msync(s, n, MS_SYNC) == 0, "msync failed");
  expectfile(FA, n, 4, PG - 5, 10, 'W');
  s[2 * PG] = 'V';
  check(msync(s + 2 * PG, 1, MS_SYNC) == 0, "msync of the last page failed");
  slurp(FA);
  check(buf[2 * PG] == 'V', "a second msync did not write the page again");
  xmunmap(s, n);
  close(fd);
  unlink(FA);
}

// A shared write reaches the file at munmap, even after close(fd).
static void
unmapwrite(void)
{
  int n = 3 * PG, fd;
  char *s;

  mkfile(FA, n, 5);
  fd = xopen(FA, O_RDWR);
  s = xmapf(n, RW, MAP_SHARED, fd, 0);
  close(fd);
  expectmapped(s, n, 5, 0);
  memset(s + PG, 'U', PG);
  xmunmap(s, n);
  expectfile(FA, n, 5, PG, PG, 'U');
  unlink(FA);
}

// A child's shared write reaches the file when it exits.
static void
exitwrite(void)
{
  int n = 2 * PG, pid;
  char *s;

  mkfile(FA, n, 6);
  if((pid = xfork()) == 0){
    s = xmapf(n, RW, MAP_SHARED, xopen(FA, O_RDWR), 0);
    memset(s + 3, 'E', 2 * PG - 6);
    exit();
  }
  check(wait() == pid, "wait for the child");
  expectfile(FA, n, 6, 3, 2 * PG - 6, 'E');
  unlink(FA);
}

// Private writes stay private: the file keeps its bytes, also through
// msync and munmap.
static void
privatewrite(void)
{
  int n = 2 * PG, fd;
  char *p;

  mkfile(FA, n, 7);
  fd = xopen(FA, O_RDONLY);
  p = xmapf(n, RW, MAP_PRIVATE, fd, 0);
  memset(p, 'P', n);
  check(p[PG + 1] == 'P', "a private write did not stick");
  check(msync(p, n, MS_SYNC) == 0, "msync of a private mapping failed");
  xmunmap(p, n);
  close(fd);
  expectfile(FA, n, 7, 0, 0, 0);
  unlink(FA);
}

// A private page first read (the file's page, mapped copy-on-write) and
// then written gets a copy: neither the file nor a shared mapping of it
// sees the write, also after mprotect opens a read-only private mapping,
// and a forked child's write stays the child's.
static void
privatecow(void)
{
  int n = 2 * PG, fd, pid;
  char *p, *q, *s;

  mkfile(FA, n, 24);
  fd = xopen(FA, O_RDWR);
  p = xmapf(n, RW, MAP_PRIVATE, fd, 0);
  q = xmapf(n, PROT_READ, MAP_PRIVATE, fd, 0);
  s = xmapf(n, PROT_READ, MAP_SHARED, fd, 0);
  check(p[1] == pat(1, 24) && q[PG] == pat(PG, 24), "a private read is wrong");
  p[1] = 'C';
  check(p[1] == 'C' && p[2] == pat(2, 24), "the copy lost bytes");
  check(s[1] == pat(1, 24), "a shared mapping sees a private write");
  check(mprotect(q, n, RW) == 0, "mprotect failed");
  q[PG] = 'D';
  check(s[PG] == pat(PG, 24), "a shared mapping sees a write after mprotect");
  check(p[PG + 3] == pat(PG + 3, 24), "a read after the copies is wrong");
  if((pid = xfork()) == 0){
    p[PG + 3] = 'K';
    p[1] = 'k';
    exit();
  }
  check(wait() == pid, "wait for the child");
  check(p[PG + 3] == pat(PG + 3, 24) && p[1] == 'C',
        "the parent sees its child's private writes");
  xmunmap(p, n);
  xmunmap(q, n);
  xmunmap(s, n);
  close(fd);
  expectfile(FA, n, 24, 0, 0, 0);
  unlink(FA);
}

// Two files mapped at once keep their own bytes, and writes reach the
// right one.
static void
twofiles(void)
{
  int fa, fb;
  char *a, *b;

  mkfile(FA, PG, 8);
  mkfile(FB, 2 * PG, 9);
  fa = xopen(FA, O_RDWR);
  fb = xopen(FB, O_RDWR);
  a = xmapf(PG, RW, MAP_SHARED, fa, 0);
  b = xmapf(2 * PG, RW, MAP_SHARED, fb, 0);
  expectmapped(a, PG, 8, 0);
  expectmapped(b, 2 * PG, 9, 0);
  a[1] = 'A';
  b[PG + 1] = 'B';
  xmunmap(a, PG);
  xmunmap(b, 2 * PG);
  close(fa);
  close(fb);
  expectfile(FA, PG, 8, 1, 1, 'A');
  expectfile(FB, 2 * PG, 9, PG + 1, 1, 'B');
  unlink(FA);
  unlink(FB);
}

// Shared file pages stay shared across fork, both ways, and both sides'
// writes reach the file.
static void
forkshared(void)
{
  int n = 2 * PG, p2c[2], c2p[2], pid;
  char *s;

  mkfile(FA, n, 10);
  s = xmapf(n, RW, MAP_SHARED, xopen(FA, O_RDWR), 0);
  s[0] = 'p';
  xpipe(p2c);
  xpipe(c2p);
  if((pid = xfork()) == 0){
    if(read(p2c[0], buf, 1) != 1 || s[0] != 'q')
      fail("the child misses the parent's write after fork");
    s[PG] = 'c';
    write(c2p[1], "g", 1);
    exit();
  }
  s[0] = 'q';
  write(p2c[1], "g", 1);
  check(read(c2p[0], buf, 1) == 1, "the child went away");
  check(s[PG] == 'c', "the parent misses the child's write");
  check(wait() == pid, "wait for the child");
  xmunmap(s, n);
  slurp(FA);
  check(buf[0] == 'q' && buf[PG] == 'c',
        "the writes did not both reach the file");
  unlink(FA);
}

// read() into an untouched shared mapping and write() from one, also of
// the very file read or written (its page read in before the file is
// locked): the kernel's copies count as the process's reads and writes.
static void
syscallio(void)
{
  int fa, fb;
  char *a, *b;

  mkfile(FA, PG, 11);
  mkfile(FB, PG, 12);
  fa = xopen(FA, O_RDWR);
  fb = xopen(FB, O_RDWR);
  b = xmapf(PG, RW, MAP_SHARED, fb, 0);
  check(read(fa, b, PG) == PG, "read into a file mapping failed");
  xmunmap(b, PG);
  close(fb);
  expectfile(FB, PG, 11, 0, 0, 0);
  close(fa);
  fa = xopen(FA, O_RDWR);
  a = xmapf(PG, RW, MAP_SHARED, fa, 0);
  check(write(fa, a, PG) == PG, "write of a file from its own mapping failed");
  close(fa);
  fa = xopen(FA, O_RDWR);
  b = xmapf(PG, RW, MAP_SHARED, fa, 0);
  check(read(fa, b, PG) == PG, "read of a file into its own mapping failed");
  xmunmap(a, PG);
  xmunmap(b, PG);
  close(fa);
  expectfile(FA, PG, 11, 0, 0, 0);
  unlink(FA);
  unlink(FB);
}

// A write() to a mapped file shows in its mappings, also past the old
// end of file inside the last page, and the mapping's own writes
// survive it: both reach the file.
static void
writeseen(void)
{
  int fd;
  char *s;

  mkfile(FA, PG + 100, 19);
  fd = xopen(FA, O_RDWR);
  s = xmapf(2 * PG, RW, MAP_SHARED, fd, 0);
  check(s[0] == pat(0, 19) && s[PG] == pat(PG, 19), "the mapping reads wrong");
  s[10] = 'M';
  memset(buf, 'w', 200);
  check(write(fd, buf, 200) == 200, "write failed");   // at offset 0
  check(s[10] == 'w' && s[199] == 'w' && s[200] == pat(200, 19),
        "the mapping misses a write()");
  s[300] = 'M';
  close(fd);
  fd = xopen(FA, O_RDWR);
  check(read(fd, buf, PG + 100) == PG + 100, "read failed");
  memset(buf, 'a', 50);
  check(write(fd, buf, 50) == 50, "append failed");
  check(s[PG + 100] == 'a' && s[PG + 149] == 'a' && s[PG + 150] == 0,
        "the mapping misses an append inside its last page");
  xmunmap(s, 2 * PG);
  close(fd);
  slurp(FA);
  check(buf[10] == 'w' && buf[300] == 'M' && buf[PG + 120] == 'a',
        "the file lacks a write()'s or the mapping's bytes");
  unlink(FA);
}

// exec writes back the old image's shared file pages, as exit does.
static void
execwrite(void)
{
  char *argv[] = { "echo", NULL };
  int n = PG, pid, fd, p[2];
  char *s;

  mkfile(FA, n, 20);
  xpipe(p);
  if((pid = xfork()) == 0){
    close(1);       // echo's newline goes to the pipe
    dup(p[1]);
    fd = xopen(FA, O_RDWR);
    s = xmapf(n, RW, MAP_SHARED, fd, 0);
    s[7] = 'X';
    exec("/echo", argv);
    exit();
  }
  check(wait() == pid, "wait for the child");
  close(p[0]);
  close(p[1]);
  expectfile(FA, n, 20, 7, 1, 'X');
  unlink(FA);
}

// A mapped file outlives its last name: the mapping reads and writes it,
// and the inode goes with the mapping (the leak check sees its pages).
static void
unlinked(void)
{
  int fd;
  char *s;

  mkfile(FA, 2 * PG, 21);
  fd = xopen(FA, O_RDWR);
  s = xmapf(2 * PG, RW, MAP_SHARED, fd, 0);
  close(fd);
  check(unlink(FA) == 0, "unlink failed");
  check(open(FA, O_RDONLY) < 0, "the file is still there");
  expectmapped(s, PG, 21, 0);
  s[PG] = 'u';
  check(msync(s, 2 * PG, MS_SYNC) == 0, "msync of an unlinked file failed");
  check(s[PG] == 'u' && s[PG + 1] == pat(PG + 1, 21),
        "the mapping lost its bytes");
  xmunmap(s, 2 * PG);
}

// MAP_POPULATE reads every page of a file mapping in at once.
static void
populatefile(void)
{
  static struct mapinfo m[2];
  int fd;
  char *s;

  mkfile(FA, 3 * PG, 22);
  fd = xopen(FA, O_RDONLY);
  s = xmapf(3 * PG, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  check(procmaps(0, m, 2) == 1, "procmaps does not count one mapping");
  check(m[0].resident == 3, "MAP_POPULATE left pages out");
  expectmapped(s, 3 * PG, 22, 0);
  xmunmap(s, 3 * PG);
  close(fd);
  unlink(FA);
}

// Four processes fault the same file's pages in at once (the object's
// page set sees a page read twice and keeps one), then, all having read,
// each writes its own quarter: every write reaches the file.
static void
concurrent(void)
{
  int k, i, fd, rdy[2], go[2];
  char *s, c;

  mkfile(FA, BIGFILE, 23);
  xpipe(rdy);
  xpipe(go);
  for(k = 0; k < 4; k++){
    if(xfork() == 0){
      fd = xopen(FA, O_RDWR);
      s = xmapf(BIGFILE, RW, MAP_SHARED, fd, 0);
      close(fd);
      for(i = 0; i < BIGFILE; i += PG)
        if(s[i + k] != pat(i + k, 23))
          failx("a concurrent fault read a wrong byte at", i + k);
      write(rdy[1], "r", 1);
      if(read(go[0], &c, 1) != 1)
        fail("no word to go");
      memset(s + k * (BIGFILE / 4), '0' + k, BIGFILE / 4);
      exit();
    }
  }
  for(k = 0; k < 4; k++)
    check(read(rdy[0], &c, 1) == 1, "a child went away");
  write(go[1], "gggg", 4);
  for(k = 0; k < 4; k++)
    check(wait() > 0, "wait for a child");
  close(rdy[0]);
  close(rdy[1]);
  close(go[0]);
  close(go[1]);
  slurp(FA);
  for(i = 0; i < BIGFILE; i++)
    if(buf[i] != '0' + i / (BIGFILE / 4))
      failx("a concurrent write is missing at", i);
  unlink(FA);
}

// ---- bad calls --------------------------------------------------------------

// Fail unless mmap of fd with these arguments returns MAP_FAILED.
static void
badmap(int prot, int flags, int fd, int off, const char *why)
{
  if(mmap(0, PG, prot, flags, fd, off) != MAP_FAILED)
    fail(why);
}

// Every file mapping that cannot be made fails with MAP_FAILED.
static void
badfile(void)
{
  int fd, wo, p[2], con, dir;

  mkfile(FA, PG, 13);
  fd = xopen(FA, O_RDONLY);
  wo = xopen(FA, O_WRONLY);
  xpipe(p);
  con = xopen("console", O_RDWR);
  dir = xopen("/", O_RDONLY);
  badmap(PROT_READ, MAP_SHARED, -1, 0, "fd -1 accepted");
  badmap(PROT_READ, MAP_SHARED, 99, 0, "fd 99 accepted");
  badmap(PROT_READ, MAP_SHARED, NOFILE - 1, 0, "a closed fd accepted");
  badmap(PROT_READ, MAP_SHARED, p[0], 0, "a pipe accepted");
  badmap(PROT_READ, MAP_SHARED, con, 0, "the console accepted");
  badmap(PROT_READ, MAP_PRIVATE, dir, 0, "a directory accepted");
  badmap(PROT_READ, MAP_SHARED, fd, -PG, "a negative offset accepted");
  badmap(PROT_READ, MAP_SHARED, fd, 100, "an unaligned offset accepted");
  badmap(RW, MAP_SHARED, fd, 0, "shared write of an O_RDONLY file accepted");
  badmap(PROT_READ, MAP_SHARED, wo, 0, "an O_WRONLY file accepted");
  badmap(PROT_READ, MAP_SHARED | MAP_ANONYMOUS, fd, 0,
         "an anonymous map with an fd accepted");
  badmap(PROT_READ, MAP_SHARED | MAP_PRIVATE, fd, 0, "SHARED|PRIVATE accepted");
  close(fd);
  close(wo);
  close(p[0]);
  close(p[1]);
  close(con);
  close(dir);
  unlink(FA);
}

// A read-only file's shared mapping never gets PROT_WRITE; a private one
// may, and writes only its copy.
static void
rdonlyprot(void)
{
  int fd;
  char *s, *p;

  mkfile(FA, PG, 14);
  fd = xopen(FA, O_RDONLY);
  s = xmapf(PG, PROT_READ, MAP_SHARED, fd, 0);
  p = xmapf(PG, RW, MAP_PRIVATE, fd, 0);
  check(mprotect(s, PG, RW) == -1,
        "mprotect made a read-only file's shared mapping writable");
  check(mprotect(s, PG, PROT_NONE) == 0, "mprotect to PROT_NONE failed");
  p[0] = 'z';
  expectmapped(s, 0, 14, 0);
  xmunmap(s, PG);
  xmunmap(p, PG);
  close(fd);
  expectfile(FA, PG, 14, 0, 0, 0);
  unlink(FA);
}

// msync refuses what Linux refuses; the good calls return 0.
static void
badmsync(void)
{
  int fd;
  char *s;

  mkfile(FA, 2 * PG, 15);
  fd = xopen(FA, O_RDWR);
  s = xmapf(2 * PG, RW, MAP_SHARED, fd, 0);
  check(msync(s + 1, PG, MS_SYNC) == -1, "an unaligned address accepted");
  check(msync(s, PG, 8) == -1, "an unknown flag accepted");
  check(msync(s, PG, MS_ASYNC | MS_SYNC) == -1,
        "MS_ASYNC with MS_SYNC accepted");
  check(msync(s, 3 * PG, MS_SYNC) == -1, "a range past the mapping accepted");
  check(msync((char*)(KERNBASE - PG), PG, MS_SYNC) == -1,
        "an unmapped range accepted");
  check(msync((char*)KERNBASE, PG, MS_SYNC) == -1, "a kernel address accepted");
  check(msync(s, 0, MS_SYNC) == 0, "length 0 refused");
  check(msync(s, PG, MS_ASYNC) == 0, "MS_ASYNC refused");
  check(msync(s, PG, MS_INVALIDATE | MS_SYNC) == 0, "MS_INVALIDATE refused");
  check(msync(s, 2 * PG, 0) == 0, "flags 0 refused");
  xmunmap(s + PG, PG);
  check(msync(s, 2 * PG, MS_SYNC) == -1, "a range with a hole accepted");
  xmunmap(s, PG);
  close(fd);
  unlink(FA);
}

// ---- size -------------------------------------------------------------------

// Write-back of a mapping larger than one transaction holds (each page
// is 8 blocks, a transaction a few): every byte reaches the file.
static void
bigwrite(void)
{
  int fd, i;
  char *s;

  mkfile(FA, BIGFILE, 16);
  fd = xopen(FA, O_RDWR);
  s = xmapf(BIGFILE, RW, MAP_SHARED, fd, 0);
  expectmapped(s, BIGFILE, 16, 0);
  for(i = 0; i < BIGFILE; i++)
    s[i] = pat(i, 17);
  xmunmap(s, BIGFILE);
  close(fd);
  i = slurp(FA);
  check(i == BIGFILE, "the file's size changed");
  for(i = 0; i < BIGFILE; i++)
    if(buf[i] != pat(i, 17))
      failx("a byte of the big write-back is wrong at", i);
  unlink(FA);
}

// ---- procmaps and pmap ------------------------------------------------------


// Run pmap on this process into buf (NUL-terminated).
static void
runpmap(void)
{
  char num[NUMBUF], *av[] = { "pmap", fmtuint(num, getpid(), 0), NULL };
  int p[2], pid, n, got = 0;

  xpipe(p);
  pid = spawnout("/pmap", av, p, -1);
  close(p[1]);
  while((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
    got += n;
  buf[got] = 0;
  close(p[0]);
  check(wait() == pid, "wait for pmap");
}

// procmaps names a mapping's file (inode number and name) and counts its
// copy-on-write pages; pmap prints both.
static void
mapsfile(void)
{
  static struct mapinfo m[4];
  struct stat st;
  char line[48], num[NUMBUF];
  char *p, *s;
  int fd;

  mkfile(FA, 2 * PG, 18);
  fd = xopen(FA, O_RDONLY);
  check(fstat(fd, &st) == 0, "fstat failed");
  p = xmapf(2 * PG, RW, MAP_PRIVATE, fd, 0);
  s = xmapf(PG, PROT_READ, MAP_SHARED, fd, 0);
  check(p[0] == pat(0, 18) && s[0] == pat(0, 18), "the mappings read wrong");
  check(procmaps(0, m, 4) == 2, "procmaps does not count two mappings");
  if(m[0].start != (uint)p){
    m[2] = m[0];
    m[0] = m[1];
    m[1] = m[2];
  }
  check(m[0].inum == st.ino && m[1].inum == st.ino,
        "procmaps gives a wrong inode");
  check(strcmp(m[0].file, FA) == 0 && strcmp(m[1].file, FA) == 0,
        "procmaps gives a wrong name");
  check(m[0].resident == 1 && m[0].cow == 1,
        "the private read page is not one copy-on-write page");
  check(m[1].resident == 1 && m[1].cow == 0,
        "a shared page counts as copy-on-write");
  runpmap();
  strcpy(line, FA " (inode ");
  strcpy(line + strlen(line), fmtuint(num, st.ino, 0));
  strcpy(line + strlen(line), "), 4K copy-on-write");
  check(!!strstr(buf, line),
        "pmap does not name the file and its copy-on-write page");
  xmunmap(p, 2 * PG);
  xmunmap(s, PG);
  close(fd);
  unlink(FA);
}

// ---- the runner -------------------------------------------------------------

static struct test tests[] = {
  { "readfile", readfile },         { "eofzeros", eofzeros },
  { "pasteof", pasteof },           { "msyncwrite", msyncwrite },
  { "unmapwrite", unmapwrite },     { "exitwrite", exitwrite },
  { "privatewrite", privatewrite }, { "twofiles", twofiles },
  { "forkshared", forkshared },     { "syscallio", syscallio },
  { "badfile", badfile },           { "rdonlyprot", rdonlyprot },
  { "badmsync", badmsync },         { "bigwrite", bigwrite },
  { "mapsfile", mapsfile },         { "writeseen", writeseen },
  { "execwrite", execwrite },       { "unlinked", unlinked },
  { "populatefile", populatefile },   { "concurrent", concurrent },
  { "privatecow", privatecow },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int
main(int argc, char *argv[])
{
  int base;

  checkargs(tests, NTESTS, argc, argv);
  base = pagesfree();
  leakrun("filemaptest", tests, NTESTS, WATCHDOG, base, argc, argv);
}
