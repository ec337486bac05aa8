// fuzztest: seeded random system calls with adversarial arguments in
// forked children, with a leak check after each batch, and an SMP stress
// of eight processes sharing memory, pipes, files and the kernel heap.

#include "types.h"
#include "param.h"
#include "stat.h"
#include "fcntl.h"
#include "fs.h"
#include "memlayout.h"
#include "mmu.h"
#include "syscall.h"
#include "traps.h"
#include "user.h"

#define BATCHES   30        // batches the fuzz test runs by default
#define CALLS     100       // system calls per child by default
#define SEED      1         // default seed
#define MAXBATCH  100000    // most batches -n accepts
#define MAXCALLS  10000     // most calls per child -k accepts
#define PAR       2         // fuzz children a batch runs at once by default
#define MAXPAR    8         // most -p accepts (their reports fit a pipe)
#define BATCHTICKS 2000     // a batch child still running after this hangs
#define SMPTICKS  12000     // ticks the smp test may run
#define SCRATCH   "/fzs"    // the directory fuzz children and workers use
#define PAD       16        // pages a fuzz child adds to its heap at start
#define AREA      8         // of them, the top pages kernel writes go to
#define NJUNK     4096      // bytes of random data read-only paths point into
#define NKEEP     32        // fds, tokens, maps and children a child remembers
#define TOUCH     8         // a child touches a mapping before one call in 8
#define SETTLE    50        // tries (2 ticks apart) for the counts to settle
#define NROOT     64        // root directory entries the cleanup knows
#define NWORK     8         // processes of the smp test
#define ROUNDS    24        // rounds each of them runs
#define RECSZ     48        // bytes of a worker's report
#define NEXITMAPS 24        // mappings a child of the exit round holds
#define NINFO     64        // entries of the procmaps buffer
#define FPUSPIN   2000000   // loop turns a value stays on the x87 stack
#define NBUSY     3         // processes using the heap in kmcheckbusy
#define BUSYOPS   20000     // kmalloc-kmfree pairs each makes
#define BUSYCHECKS 200      // kmchecks made meanwhile
#define NELEM(a)  ((int)(sizeof(a) / sizeof((a)[0])))
#define MAXCALL   40        // random calls are numbers 1..MAXCALL

#include "runner.h"

// Argument kinds: which pool each argument of a call is drawn from.
enum {
  A_INT, A_FD, A_IN, A_OUT, A_LEN, A_WLEN, A_PATH, A_XPATH, A_ARGV, A_PID,
  A_KPID, A_OFLAGS, A_MAJOR, A_KMSIZE, A_TOKEN, A_ADDR, A_MLEN, A_PROT,
  A_MFLAGS, A_MFD, A_MOFF, A_SBRK, A_TICKS, A_MAX,
};

// The arguments each call takes; unlisted positions get A_INT.
static const uchar shapes[MAXCALL + 1][6] = {
  [SYS_pipe]   = { A_OUT },
  [SYS_read]   = { A_FD, A_OUT, A_LEN },
  [SYS_kill]   = { A_KPID },
  [SYS_exec]   = { A_XPATH, A_ARGV },
  [SYS_fstat]  = { A_FD, A_OUT },
  [SYS_chdir]  = { A_PATH },
  [SYS_dup]    = { A_FD },
  [SYS_sbrk]   = { A_SBRK },
  [SYS_sleep]  = { A_TICKS },
  [SYS_open]   = { A_PATH, A_OFLAGS },
  [SYS_write]  = { A_FD, A_IN, A_WLEN },
  [SYS_mknod]  = { A_PATH, A_MAJOR, A_INT },
  [SYS_unlink] = { A_PATH },
  [SYS_link]   = { A_PATH, A_PATH },
  [SYS_mkdir]  = { A_PATH },
  [SYS_close]  = { A_FD },
  [SYS_kmalloc] = { A_KMSIZE },
  [SYS_kmfree] = { A_TOKEN },
  [SYS_kmstat] = { A_OUT },
  [SYS_mmap]   = { A_ADDR, A_MLEN, A_PROT, A_MFLAGS, A_MFD, A_MOFF },
  [SYS_munmap] = { A_ADDR, A_MLEN },
  [SYS_mprotect] = { A_ADDR, A_MLEN, A_PROT },
  [SYS_msync]  = { A_ADDR, A_MLEN, A_INT },
  [SYS_procmaps] = { A_PID, A_OUT, A_MAX },
  [SYS_kmreplay] = { A_IN, A_MAX, A_OUT, A_OUT },
  [SYS_kmtrace] = { A_INT, A_OUT, A_MAX },
  [SYS_procmem] = { A_PID, A_OUT },
  [SYS_slabinfo] = { A_OUT, A_MAX },
  [SYS_lockstat] = { A_OUT, A_MAX, A_INT },
};

// Numbers that are no system call. The random calls leave them out (and
// exit and halt, which would end the child or the machine): the kernel
// prints a line for each, so the unknown test tries each of them once.
static const int unknown[] = {
  0, 37, 38, 39, 40, 41, 255, 0x7fffffff, -1,
};

static const char *paths[] = {
  "", "/", ".", "..", "//", SCRATCH, SCRATCH "/a", SCRATCH "/b",
  SCRATCH "/d", SCRATCH "/d/a", SCRATCH "/d/d/", "a", "b", "d", "d/a",
  "d/..", "a/", "a/b/c", "./b", "/nonexistent/a", "aaaaaaaaaaaaaaaaaaaaa",
  "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/"
  "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/",
};
#define NPATHS ((int)(sizeof(paths) / sizeof(paths[0])))

// Things exec may be pointed at: none is a program (exec must fail).
static const char *xpaths[] = {
  "", "/", "/nonexistent", SCRATCH, SCRATCH "/a", SCRATCH "/d", "a", "b",
  "/README.md", "..", "/console",
};
#define NXPATHS ((int)(sizeof(xpaths) / sizeof(xpaths[0])))

static char *argv1[] = { "x", 0 };
static char *argvkern[] = { "x", (char*)KERNBASE, 0 };
static char *argvlong[MAXARG + 8];    // more arguments than exec takes

// Options.
static uint seed = SEED;
static int nbatch = BATCHES;
static int ncalls = CALLS;
static int npar = PAR;
static int verbose;

// A fuzz child's word to its batch: one fixed-size write, so the words
// of children running at once never interleave.
struct frec {
  char kind;          // 'd' done, 's' killing itself, 'f' failed, 't' hung
  char why[39];
  int child;          // which child of the batch
  int call, num;      // the call it was on, and its number
  int value;          // what the call returned
};

// A fuzz child's state. Only the child touches it.
static struct {
  uint rng;
  int child;               // which of the batch's children
  uint area;               // AREA pages the kernel may write
  uint base;               // the break: sbrk never goes below it
  uint brk;                // the current break
  int self, parent;        // pids
  int call;                // the call being made
  int status, log;         // reserved fds: the batch's status pipe, verbose log
  uint fds[NKEEP], toks[NKEEP], maps[NKEEP], kids[NKEEP];
  int nfd, ntok, nmap, nkid;
} fz;

static char junk[NJUNK];   // random bytes with a few NULs: garbage paths
static char rootnames[NROOT][DIRSIZ + 1];   // the root directory at start
static int nroot;

// ---- random numbers -------------------------------------------------------

// The next number of the xorshift generator at *s.
static uint
next(uint *s)
{
  uint x = *s;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

// A generator state for seed s (xorshift must not start at 0).
static uint
seedstate(uint s)
{
  uint x = s * 2654435761u + 0x9e3779b9;

  return x ? x : 1;
}

// A random number below n from the fuzz child's generator.
static uint
rnd(uint n)
{
  return next(&fz.rng) % n;
}

// One of the n values at v.
static uint
pick(const uint *v, int n)
{
  return v[rnd(n)];
}

// ---- argument pools -------------------------------------------------------

// A value from the generic pool: edges of the integer and address ranges.
static uint
anyint(void)
{
  static const uint v[] = {
    0, 1, 2, 7, 16, 4095, 4096, -1, -2, -4096, 0x7fffffff, 0x80000000,
    KERNBASE - 1, KERNBASE - 4, KERNBASE + 0x100000, 0xfe000000, MMAPBASE,
    MMAPBASE - 1, 0xfffffff0,
  };

  if(rnd(4) == 0)
    return next(&fz.rng);
  return pick(v, NELEM(v));
}

// One of the n remembered values at v, or an adversarial int when none.
static uint
known(const uint *v, int n)
{
  return n > 0 ? v[rnd(n)] : anyint();
}

// A file descriptor: one the child opened, a small one, or nonsense;
// never a reserved one.
static uint
anyfd(void)
{
  static const uint v[] = { -1, NOFILE, NOFILE + 1, 100, 0x7fffffff,
                            0x80000000 };
  uint fd;

  switch(rnd(8)){
  case 0:  fd = pick(v, NELEM(v)); break;
  case 1:  fd = rnd(NOFILE); break;
  default: fd = known(fz.fds, fz.nfd); break;
  }
  return fd == fz.status || fd == fz.log ? -1 : fd;
}

// A pointer the kernel may write through: into the area, past the break,
// into the guard page, a mapping, or the kernel; never the child's own
// text, data or stack.
static uint
outptr(void)
{
  static const uint v[] = {
    KERNBASE - 1, KERNBASE - 4, KERNBASE, KERNBASE + 0x100000, 0xffffffff,
    0xfffffff0, MMAPBASE, KERNBASE - PGSIZE,
  };
  uint guard = ((uint)__builtin_frame_address(0) & ~(PGSIZE - 1)) - PGSIZE;
  uint top = fz.area + AREA * PGSIZE;

  switch(rnd(8)){
  case 0:  return pick(v, NELEM(v));
  case 1:  return top - 1 - rnd(64);
  case 2:  return guard + rnd(PGSIZE);
  case 3:  return fz.brk + rnd(PGSIZE);
  case 4:  return fz.nmap > 0 ? fz.maps[rnd(fz.nmap)] + rnd(2 * PGSIZE) : top;
  default: return fz.area + rnd(AREA * PGSIZE);
  }
}

// A pointer the kernel only reads through: anything an outptr may be,
// NULL, the child's text and stack, and garbage.
static uint
inptr(void)
{
  switch(rnd(8)){
  case 0:  return rnd(2) ? 0 : rnd(PGSIZE);
  case 1:  return (uint)__builtin_frame_address(0) - rnd(64);
  case 2:  return (uint)junk + rnd(NJUNK);
  case 3:  return anyint();
  case 4:  return outptr();
  default: return fz.area + rnd(AREA * PGSIZE / 2);
  }
}

// A length: edges around pages, the area and the address space.
static uint
anylen(void)
{
  static const uint v[] = {
    0, 1, 13, 512, 4095, 4096, 4097, AREA * PGSIZE, 70 * 1024, 0x10000,
    0x3fffffff, 0x7fffffff, -1, 0x80000000, 100000,
  };

  switch(rnd(4)){
  case 0:  return anyint();
  case 1:  return pick(v, NELEM(v));
  default: return rnd(1024);
  }
}

// A write length: mostly short, since a file grows to its limit (70 KiB)
// at about a second under emulation.
static uint
anywlen(void)
{
  return rnd(16) == 0 ? anylen() : rnd(1024);
}

// A path the kernel reads: mostly one of a few names, so that calls
// meet each other's files; else any of the pool, garbage, or a bad
// pointer. Never into the area, where a directory read may have left
// real names.
static uint
anypath(void)
{
  static const uint v[] = { 0, KERNBASE, KERNBASE - 1, 0xffffffff, MMAPBASE };
  static const char *few[] = { "a", "b", "d", "d/a", "d/d", ".", "..", "../d",
                               SCRATCH "/d" };

  switch(rnd(8)){
  case 0:  return (uint)junk + rnd(NJUNK);
  case 1:  return pick(v, NELEM(v));
  case 2:
  case 3:  return (uint)paths[rnd(NPATHS)];
  default: return (uint)few[rnd(NELEM(few))];
  }
}

// What exec gets: a path that names no program, or a bad one.
static uint
anyxpath(void)
{
  return rnd(3) == 0 ? anypath() : (uint)xpaths[rnd(NXPATHS)];
}

// An exec argument vector: good, too long, holding a kernel pointer, or bad.
static uint
anyargv(void)
{
  switch(rnd(5)){
  case 0:  return (uint)argv1;
  case 1:  return (uint)argvlong;
  case 2:  return (uint)argvkern;
  case 3:  return (uint)junk + rnd(NJUNK);
  default: return inptr();
  }
}

// A pid for kill: the child's own children, itself rarely, init (which
// kill must refuse), or no process at all; never another process.
static uint
killpid(void)
{
  static const uint v[] = { 0, -1, 1, 0x80000000, 0x7fffffff, 100000,
                            NPROC * 1000 };

  switch(rnd(32)){
  case 0:  return fz.self;
  case 1:
  case 2:
  case 3:  return fz.nkid > 0 ? fz.kids[rnd(fz.nkid)] : -1;
  default: return pick(v, NELEM(v));
  }
}

// A pid for procmaps, which only reads: any process of the system (init,
// the child's parent, itself, its children) or none.
static uint
anypid(void)
{
  switch(rnd(6)){
  case 0:  return fz.self;
  case 1:  return fz.parent;
  case 2:  return 1;
  case 3:  return rnd(NPROC);
  default: return killpid();
  }
}

// Flags for open: every mode, with and without create and truncate.
static uint
anyoflags(void)
{
  static const uint v[] = {
    O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDWR, O_CREATE | O_WRONLY,
    O_CREATE | O_RDWR | O_TRUNC, O_TRUNC, O_TRUNC | O_WRONLY, O_CREATE, 3,
  };

  return rnd(4) == 0 ? anyint() : pick(v, NELEM(v));
}

// A device major number for mknod: never the console's (1), whose read
// would wait for the keyboard.
static uint
anymajor(void)
{
  static const uint v[] = { 0, 2, 3, NDEV - 1, NDEV, NDEV + 1, -1, 0x7fff,
                            0x8000, 0x10000, 0x80000000 };

  return pick(v, NELEM(v));
}

// A kmalloc size: the edges of the heap's range.
static uint
anykmsize(void)
{
  static const uint v[] = { 0, 1, 8, 100, 4096, 65536, 131072, 131073, -1,
                            0x7fffffff };

  return rnd(3) == 0 ? rnd(4096) : pick(v, NELEM(v));
}

// A kmfree token: a live or dead one of the child's, one altered, or made up.
static uint
anytoken(void)
{
  uint t = known(fz.toks, fz.ntok);

  switch(rnd(6)){
  case 0:  return t ^ (1 << 17);
  case 1:  return t + 1;
  case 2:  return anyint();
  default: return t;
  }
}

// An mmap or munmap address: in and around the window, or a mapping's.
static uint
anyaddr(void)
{
  static const uint v[] = { 0, MMAPBASE, MMAPBASE + 1, MMAPBASE - PGSIZE,
                            KERNBASE - PGSIZE, KERNBASE, 0x7ffff000, -PGSIZE };

  switch(rnd(5)){
  case 0:  return pick(v, NELEM(v));
  case 1:  return MMAPBASE + rnd(64) * PGSIZE;
  case 2:  return known(fz.maps, fz.nmap) + rnd(4) * PGSIZE;
  case 3:  return anyint();
  default: return known(fz.maps, fz.nmap);
  }
}

// An mmap or munmap length: pages, the window, and beyond.
static uint
anymlen(void)
{
  static const uint v[] = { 0, 1, PGSIZE - 1, PGSIZE, 2 * PGSIZE, 16 * PGSIZE,
                            KERNBASE - MMAPBASE, KERNBASE - MMAPBASE + 1,
                            0x3ffff000, -1, 0x7fffffff, 0x80000000 };

  return rnd(3) == 0 ? rnd(64) * PGSIZE : pick(v, NELEM(v));
}

// mmap's prot: each combination, and bits no prot has.
static uint
anyprot(void)
{
  return rnd(4) == 0 ? anyint() : rnd(8);
}

// mmap's flags: good combinations, each with extra bits, and nonsense.
static uint
anymflags(void)
{
  static const uint v[] = {
    0, MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
    MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE,
    MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, MAP_ANONYMOUS, MAP_PRIVATE,
    MAP_PRIVATE | MAP_ANONYMOUS | 0x40,
  };

  return rnd(6) == 0 ? anyint() : pick(v, NELEM(v));
}

// mmap's fd: -1 mostly, as anonymous mappings need.
static uint
anymfd(void)
{
  return rnd(4) == 0 ? anyfd() : -1;
}

// mmap's offset: 0 mostly.
static uint
anymoff(void)
{
  return rnd(4) == 0 ? anyint() : 0;
}

// An sbrk increment: small and huge, growing and shrinking.
static uint
anysbrk(void)
{
  static const uint v[] = { 0, 1, PGSIZE, 16 * PGSIZE, 0x100000, 0x1000000,
                            MMAPBASE, 0x3fffffff, 0x7fffffff,
                            -1, -PGSIZE, -16 * PGSIZE, 0x80000000, -MMAPBASE };

  return pick(v, NELEM(v));
}

// sleep's ticks: none of them long.
static uint
anyticks(void)
{
  static const uint v[] = { 0, 1, -1, 0x80000000 };

  return pick(v, NELEM(v));
}

// A count of records (procmaps' max, kmreplay's n).
static uint
anymax(void)
{
  static const uint v[] = { 0, 1, 16, 100, 65536, 65537, -1, 0x7fffffff,
                            0x0ccccccd, 0x8000000 };

  return pick(v, NELEM(v));
}

// An argument of the given kind.
static uint
arg(int kind)
{
  static uint (*const pools[])(void) = {
    [A_INT] = anyint, [A_FD] = anyfd, [A_IN] = inptr, [A_OUT] = outptr,
    [A_LEN] = anylen, [A_PATH] = anypath, [A_XPATH] = anyxpath,
    [A_ARGV] = anyargv, [A_PID] = anypid, [A_KPID] = killpid,
    [A_OFLAGS] = anyoflags, [A_MAJOR] = anymajor,
    [A_KMSIZE] = anykmsize, [A_TOKEN] = anytoken, [A_ADDR] = anyaddr,
    [A_MLEN] = anymlen, [A_PROT] = anyprot, [A_MFLAGS] = anymflags,
    [A_MFD] = anymfd, [A_MOFF] = anymoff, [A_SBRK] = anysbrk,
    [A_TICKS] = anyticks, [A_MAX] = anymax, [A_WLEN] = anywlen,
  };

  return pools[kind]();
}

// ---- the fuzz child -------------------------------------------------------

#define STR(x) #x
#define XSTR(x) STR(x)

// rawcall(num, a0..a5): system call num with exactly these arguments;
// what the kernel returns. It pops its return address first, so the
// kernel finds a0 where a stub's first argument would be.
int rawcall(uint num, uint a0, uint a1, uint a2, uint a3, uint a4, uint a5);
asm(".pushsection .text\n"
    ".globl rawcall\n"
    "rawcall:\n"
    "  popl %ecx\n"
    "  movl (%esp), %eax\n"
    "  int $" XSTR(T_SYSCALL) "\n"
    "  pushl %ecx\n"
    "  ret\n"
    ".popsection\n");

// Copy why into a record's zeroed field of n bytes, cut to fit with its
// NUL kept.
static void
putwhy(char *dst, uint n, const char *why)
{
  uint i;

  for(i = 0; why[i] && i < n - 1; i++)
    dst[i] = why[i];
}

// Send the batch the word kind (why, the call num, what it returned).
static void
tell(char kind, const char *why, int num, int r)
{
  struct frec w;

  memset(&w, 0, sizeof(w));
  w.kind = kind;
  putwhy(w.why, sizeof(w.why), why);
  w.child = fz.child;
  w.call = fz.call;
  w.num = num;
  w.value = r;
  write(fz.status, &w, sizeof(w));
}

// Fail the batch: why, with the call number and its result.
static NORETURN void
wrong(const char *why, uint num, int r)
{
  tell('f', why, num, r);
  exit();
}

// Remember v in the n-entry list at v, replacing a random one when full.
static void
keep(uint *list, int *n, uint v)
{
  if(*n < NKEEP)
    list[(*n)++] = v;
  else
    list[rnd(NKEEP)] = v;
}

// The set of open descriptors, a bit each. dup tells (fstat fails on
// pipes), unless the table is full: then the status pipe's dup fails too.
static uint
openfds(void)
{
  uint set = 0;
  int fd, d;

  if((d = dup(fz.status)) < 0)
    return (1 << NOFILE) - 1;
  close(d);
  for(fd = 0; fd < NOFILE; fd++)
    if((d = dup(fd)) >= 0){
      set |= 1 << fd;
      close(d);
    }
  return set;
}

// Whether num is in the unknown list.
static int
isunknown(uint num)
{
  int i;

  for(i = 0; i < NELEM(unknown); i++)
    if(unknown[i] == num)
      return 1;
  return 0;
}

// A random call number: every system call but exit (it would end the
// batch) and halt (the machine).
static uint
callnum(void)
{
  uint num;

  do
    num = 1 + rnd(MAXCALL);
  while(num == SYS_exit || num == SYS_halt || isunknown(num));
  return num;
}

// Whether to make the call: not an sbrk the kernel would accept that
// takes the break below the child's stack, and not a kmtrace that starts
// the recorder (its pages are the machine's, not the batch's, and the
// leak check would count them lost).
static int
allowed(uint num, uint *a)
{
  uint shrink = -a[0];

  if(num == SYS_kmtrace)
    return a[0] != KT_ON;
  if(num != SYS_sbrk || (int)a[0] >= 0)
    return 1;
  return shrink > fz.brk || fz.brk - shrink >= fz.base;
}

// The n bytes at p if they lie in the area below the break, where the
// child may read what the kernel wrote; else NULL.
static void *
readable(uint p, uint n)
{
  uint top = fz.area + AREA * PGSIZE;

  if(fz.brk < top)
    top = fz.brk;
  if(p < fz.area || n > top - fz.area || p > top - n)
    return 0;
  return (void*)p;
}

// After pipe: remember the descriptors it opened (found by comparing the
// open sets before and after) and close one of the two ends, so no later
// read or write can wait forever on a pipe whose other end is the
// child's own. A failed pipe must have opened nothing.
static void
pipedone(uint before, uint a0, int r)
{
  uint now = openfds() & ~before;
  int fd, ends[2], n = 0, *fd2;

  if(r < 0 && now != 0)
    wrong("failed but left descriptors open", SYS_pipe, now);
  for(fd = 0; fd < NOFILE; fd++)
    if((now & (1 << fd)) && n < 2)
      ends[n++] = fd;
  if(r == 0 && n != 2)
    wrong("succeeded without two new descriptors", SYS_pipe, n);
  if(r == 0 && (fd2 = readable(a0, 2 * sizeof(int))) != 0 &&
     !(fd2[0] == ends[0] && fd2[1] == ends[1]) &&
     !(fd2[0] == ends[1] && fd2[1] == ends[0]))
    wrong("gave descriptors it did not open", SYS_pipe, fd2[0]);
  if(r == 0){
    close(ends[rnd(2)]);
    keep(fz.fds, &fz.nfd, ends[0]);
    keep(fz.fds, &fz.nfd, ends[1]);
  }
}

// Check what call num (arguments a) wrote where the child can read it,
// now that it returned r.
static void
checkout(uint num, uint *a, int r)
{
  struct stat *st;
  struct kmstat *km;
  struct mapinfo *m;
  int i;

  if(num == SYS_fstat && r == 0 && (st = readable(a[1], sizeof(*st))) &&
     (st->type < T_DIR || st->type > T_DEV))
    wrong("gave a bad file type", num, st->type);
  if(num == SYS_kmstat && r == 0 && (km = readable(a[0], sizeof(*km))) &&
     strcmp(km->allocator, "kr") != 0 && strcmp(km->allocator, "slab") != 0)
    wrong("named no allocator", num, km->allocator[0]);
  if(num != SYS_procmaps || r < 0 || (int)a[2] < 0 ||
     (m = readable(a[1], (r < a[2] ? r : a[2]) * sizeof(*m))) == 0)
    return;
  for(i = 0; i < r && i < a[2]; i++)
    if(m[i].start >= m[i].end || m[i].start < MMAPBASE ||
       m[i].end > KERNBASE || (m[i].start & (PGSIZE - 1)) ||
       (m[i].end & (PGSIZE - 1)) || (i > 0 && m[i].start < m[i - 1].end))
      wrong("counted a mapping it did not describe", num, i);
}

// Check call num's result r against what any kernel must return, and
// remember what it made for later calls to use.
static void
remember(uint num, uint *a, int r)
{
  if(num == SYS_fork && r > 0)
    keep(fz.kids, &fz.nkid, r);
  if((num == SYS_open || num == SYS_dup) && r >= NOFILE)
    wrong("returned no descriptor", num, r);
  if((num == SYS_open || num == SYS_dup) && r >= 0)
    keep(fz.fds, &fz.nfd, r);
  if(num == SYS_kmalloc && r != 0)
    keep(fz.toks, &fz.ntok, r);
  if(num == SYS_mmap && r != -1 &&
     ((r & (PGSIZE - 1)) || (uint)r < MMAPBASE || (uint)r >= KERNBASE))
    wrong("returned an address outside the window", num, r);
  if(num == SYS_mmap && r != -1)
    keep(fz.maps, &fz.nmap, r);
  if(num == SYS_sbrk)
    fz.brk = (uint)sbrk(0);
  if((num == SYS_exec && r != -1) || (num == SYS_getpid && r != fz.self) ||
     (num == SYS_kill && a[0] == 1 && r != -1))
    wrong("returned what it must not", num, r);
  if((num == SYS_read || num == SYS_write) &&
     (r < -1 || (r > 0 && r > (int)a[2])))
    wrong("moved more bytes than asked", num, r);
  checkout(num, a, r);
}

// Print call num with arguments a on the verbose log, with the tick.
static void
logcall(uint num, uint *a)
{
  printf(fz.log, "[%d] c%d %d: call %d (0x%x, 0x%x, 0x%x, 0x%x, 0x%x, 0x%x)",
         uptime(), fz.child, fz.call, num, a[0], a[1], a[2], a[3], a[4], a[5]);
}

// Make a random call.
static void
onecall(void)
{
  uint a[6], num, before = 0;
  int k, r;

  num = callnum();
  for(k = 0; k < 6; k++)
    a[k] = arg(shapes[num][k]);
  if(!allowed(num, a))
    return;
  if(num == SYS_pipe)
    before = openfds();
  if(num == SYS_kill && a[0] == fz.self)
    tell('s', "", num, 0);
  if(fz.log >= 0)
    logcall(num, a);
  r = rawcall(num, a[0], a[1], a[2], a[3], a[4], a[5]);
  if(num == SYS_fork && r == 0)
    exit();
  if(fz.log >= 0)
    printf(fz.log, " = %d\n", r);
  if(num == SYS_pipe)
    pipedone(before, a[0], r);
  remember(num, a, r);
}

// Touch a random page of a random mapping of the child's as its prot
// allows (procmaps tells): write where it may and read back, else read.
static void
touch(void)
{
  static struct mapinfo m[NKEEP];
  volatile char *p;
  int n, i;

  if((n = procmaps(0, m, NKEEP)) <= 0)
    return;
  i = rnd(n < NKEEP ? n : NKEEP);
  p = (char*)m[i].start + rnd((m[i].end - m[i].start) / PGSIZE) * PGSIZE +
      rnd(PGSIZE);
  if(fz.log >= 0)
    printf(fz.log, "[%d] c%d %d: touch 0x%x (prot %d)\n", uptime(), fz.child,
           fz.call, p, m[i].prot);
  if(m[i].prot & PROT_WRITE){
    *p = fz.call;
    if(*p != (char)fz.call)
      wrong("a written byte of a mapping changed", SYS_mmap, *p);
  } else if(m[i].prot & PROT_READ)
    n = *p;
}

// Fill the n bytes at p with random bytes, one in 16 of them NUL.
static void
scribble(char *p, int n)
{
  while(n-- > 0)
    *p++ = rnd(16) == 0 ? 0 : 1 + rnd(255);
}

// The fuzz child: child number c of the batch with seed s. Close every
// descriptor but the status pipe and the log, grow the heap so the area
// sits just under the break, make ncalls random calls, then report.
static NORETURN void
fuzzchild(uint s, int c, int status, int parent)
{
  int fd;

  memset(&fz, 0, sizeof(fz));
  fz.rng = seedstate(s * MAXPAR + c);
  fz.child = c;
  fz.status = status;
  fz.log = verbose ? 1 : -1;
  fz.self = getpid();
  fz.parent = parent;
  for(fd = 0; fd < NOFILE; fd++)
    if(fd != status && fd != fz.log)
      close(fd);
  fz.base = (uint)sbrk(PAD * PGSIZE);
  fz.brk = (uint)sbrk(0);
  fz.area = fz.brk - AREA * PGSIZE;
  scribble((char*)fz.area, AREA * PGSIZE);
  scribble(junk, NJUNK);
  junk[NJUNK - 1] = 'x';
  chdir(SCRATCH);
  for(fz.call = 0; fz.call < ncalls; fz.call++){
    if(rnd(TOUCH) == 0)
      touch();
    onecall();
  }
  while(wait() >= 0)
    ;
  tell('d', "", 0, 0);
  exit();
}

// ---- leak checks and cleaning up ------------------------------------------

// What a leak would change: free pages plus the kernel heap's pages, and
// the bytes live in the kernel heap.
struct counts {
  int pages;
  uint live;
};

// Read the counts now, failing the test if kmstat does.
static void
measure(struct counts *c)
{
  struct kmstat st;

  if(kmstat(&st) < 0)
    fail("kmstat failed");
  c->pages = st.free_pages + st.held_bytes / PGSIZE;
  c->live = st.live_bytes;
}

// Check the heap's and page allocator's invariants, then wait for the
// counts to come back to base (init may still be reaping orphans); 1 if
// they did, else 0 with the last counts in now.
static int
settle(struct counts *base, struct counts *now)
{
  int i;

  if(kmcheck() != 0)
    fail("kmcheck found the heap or the page allocator broken");
  for(i = 0; i < SETTLE; i++){
    measure(now);
    if(now->pages == base->pages && now->live == base->live)
      return 1;
    sleep(2);
  }
  return 0;
}

// The free-pages count of the runner's leak check (with the heap's pages).
static int
pagesfree(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0)
    return -1;
  return st.free_pages + st.held_bytes / PGSIZE;
}

// Read the next entry of directory fd other than "." and "..", its name
// in name (DIRSIZ+1 bytes); 0 at the end.
static int
nextname(int fd, char *name)
{
  struct dirent de;

  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    if(strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
      return 1;
  }
  return 0;
}

// Remove name, in the current directory, and everything under it. Each
// level holds no descriptor while it goes down, and skips entries it
// cannot remove, so it ends whatever it finds.
static void
rmtree(const char *name, int depth)
{
  char sub[DIRSIZ + 1];
  struct stat st;
  int fd, skip, i;

  if(depth < 32 && stat(name, &st) == 0 && st.type == T_DIR &&
     chdir(name) == 0){
    for(skip = 0; (fd = open(".", O_RDONLY)) >= 0; ){
      for(i = 0; i <= skip && nextname(fd, sub); i++)
        ;
      close(fd);
      if(i <= skip)
        break;
      rmtree(sub, depth + 1);
      if(stat(sub, &st) == 0)
        skip++;
    }
    chdir("..");
  }
  unlink(name);
}

// Whether name was in the root directory when the suite started.
static int
atstart(const char *name)
{
  int i;

  for(i = 0; i < nroot; i++)
    if(strcmp(rootnames[i], name) == 0)
      return 1;
  return 0;
}

// Remember the root directory's entries (call with the root current).
static void
snaproot(void)
{
  int fd;

  if((fd = open(".", O_RDONLY)) < 0)
    fail("cannot open /");
  while(nextname(fd, rootnames[nroot]))
    if(++nroot == NROOT)
      fail("the root directory has too many entries to clean up after");
  close(fd);
}

// Remove whatever appeared in the root directory since snaproot.
static void
cleanroot(void)
{
  static char name[DIRSIZ + 1];
  struct stat st;
  int fd, skip = 0, i;

  for(;;){
    if((fd = open(".", O_RDONLY)) < 0)
      fail("cannot open /");
    for(i = 0; i <= skip && nextname(fd, name); )
      if(!atstart(name))
        i++;
    close(fd);
    if(i <= skip)
      return;
    rmtree(name, 0);
    if(stat(name, &st) == 0)
      skip++;
  }
}

// ---- the fuzz test --------------------------------------------------------

// Fail batch b for why, saying how to run it alone.
static NORETURN void
batchfail(int b, const char *why)
{
  printf(resfd, "fbatch %d: %s (alone: fuzztest -s %d -n 1 -k %d -p %d -v"
         " fuzz)\n", b, why, seed + b, ncalls, npar);
  exit();
}

// Start the batch's watchdog: if the children at pids still run after
// BATCHTICKS, it reports a hang on fd and kills them. Its pid.
static int
batchdog(int *pids, int fd)
{
  struct frec w;
  int wd, i;

  if((wd = xfork()) == 0){
    sleep(BATCHTICKS);
    memset(&w, 0, sizeof(w));
    w.kind = 't';
    write(fd, &w, sizeof(w));
    for(i = 0; i < npar; i++)
      kill(pids[i]);
    exit();
  }
  return wd;
}

// Wait for the batch's npar children, then stop and reap watchdog wd.
static void
reapall(int wd)
{
  int left = npar, w, wddone = 0;

  while(left > 0 && (w = wait()) >= 0){
    if(w == wd)
      wddone = 1;
    else
      left--;
  }
  if(!wddone){
    kill(wd);
    wait();
  }
}

// Judge batch b by the words its children left on fd (every writer
// gone): each must have finished or killed itself. The calls they made.
static int
verdict(int b, int fd)
{
  struct frec w;
  int ended = 0, calls = 0;

  while(read(fd, &w, sizeof(w)) == sizeof(w)){
    if(w.kind == 't')
      batchfail(b, "a child hung");
    if(w.kind == 'f'){
      printf(resfd, "fbatch %d, child %d, call %d (number %d): %s (got %d; "
             "alone: fuzztest -s %d -n 1 -k %d -p %d -v fuzz)\n", b, w.child,
             w.call, w.num, w.why, w.value, seed + b, ncalls, npar);
      exit();
    }
    ended++;
    calls += w.kind == 'd' ? ncalls : w.call + 1;
  }
  if(ended != npar)
    batchfail(b, "a child died");
  return calls;
}

// Run batch b: npar children at once, each making ncalls random calls
// from seed seed+b; fail unless each ends by itself or by its own kill
// and, once the files they made are gone, every page and heap byte is
// back. The number of calls they made.
static int
batch(int b)
{
  struct counts base, now;
  int st[2], pids[MAXPAR], wd, i, me = getpid(), calls;

  measure(&base);
  mkdir(SCRATCH);
  xpipe(st);
  for(i = 0; i < npar; i++)
    if((pids[i] = xfork()) == 0){
      close(st[0]);
      fuzzchild(seed + b, i, st[1], me);
    }
  wd = batchdog(pids, st[1]);
  reapall(wd);
  close(st[1]);
  cleanroot();
  calls = verdict(b, st[0]);
  close(st[0]);
  if(!settle(&base, &now)){
    printf(1, "batch %d: %d pages, %d heap bytes not given back\n", b,
           base.pages - now.pages, now.live - base.live);
    batchfail(b, "pages or heap bytes not given back");
  }
  return calls;
}

// nbatch batches of random calls, each checked for leaks.
static void
fuzz(void)
{
  int b, calls = 0;

  if(chdir("/") < 0)
    fail("cannot chdir to /");
  snaproot();
  for(b = 0; b < nbatch; b++)
    calls += batch(b);
  printf(1, "fuzz: seed %d, %d batches, %d calls\n", seed, nbatch, calls);
}

// Every number that is no system call returns -1 (the kernel prints a
// line for each).
static void
unknowncalls(void)
{
  int i, r;

  for(i = 0; i < NELEM(unknown); i++)
    if((r = rawcall(unknown[i], 0, 1, 2, 3, 4, 5)) != -1)
      failv("an unknown system call did not return -1", unknown[i]);
}

// ---- the smp stress -------------------------------------------------------

// A worker's report: one fixed-size write, so reports never interleave.
struct wrec {
  char ok;            // 'k' or 'f'
  char why[RECSZ - 13];
  int worker, round, value;
};

static uint wrng;       // a worker's generator
static int wout;        // a worker's report pipe
static int wid, wround; // a worker's number and round
static struct mapinfo info[NINFO];
static char buf[2048];  // a worker's scratch space

// A random number below n from the worker's generator.
static uint
wrnd(uint n)
{
  return next(&wrng) % n;
}

// End the worker with report ok ('k' or 'f'), why and a value.
static NORETURN void
wreport(char ok, const char *why, int v)
{
  struct wrec w;

  memset(&w, 0, sizeof(w));
  w.ok = ok;
  putwhy(w.why, sizeof(w.why), why);
  w.worker = wid;
  w.round = wround;
  w.value = v;
  write(wout, &w, sizeof(w));
  exit();
}

// Fail the worker unless cond holds.
static void
wcheck(int cond, const char *why, int v)
{
  if(!cond)
    wreport('f', why, v);
}

// The byte a worker writes at offset i of page k in round r.
static uchar
mark(int k, int i)
{
  return (wid * 31 + wround * 7 + k * 3 + i) & 0xff;
}

// Map 1-8 pages, private or shared, maybe populated; mark both ends of
// each page, unmap the second, check the others, unmap the rest.
static void
maprnd(void)
{
  int n = 1 + wrnd(8), k, flags;
  char *p;

  flags = (wrnd(2) ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS |
          (wrnd(2) ? MAP_POPULATE : 0);
  p = mmap(0, n * PGSIZE, PROT_READ | PROT_WRITE, flags, -1, 0);
  wcheck(p != MAP_FAILED, "mmap failed", n);
  for(k = 0; k < n; k++){
    p[k * PGSIZE] = mark(k, 0);
    p[k * PGSIZE + PGSIZE - 1] = mark(k, 1);
  }
  if(n > 2)
    wcheck(munmap(p + PGSIZE, PGSIZE) == 0, "munmap of a middle page", n);
  for(k = 0; k < n; k++)
    if(k != 1 || n <= 2)
      wcheck((uchar)p[k * PGSIZE] == mark(k, 0) &&
             (uchar)p[k * PGSIZE + PGSIZE - 1] == mark(k, 1),
             "a mapped page lost its bytes", k);
  wcheck(munmap(p, n * PGSIZE) == 0, "munmap", n);
}

// Wait for one byte on fd; fail if the other side went away.
static void
wawait(int fd)
{
  char c;

  wcheck(read(fd, &c, 1) == 1, "the other process went away", fd);
}

// Close both ends of pipe p.
static void
closepair(int *p)
{
  close(p[0]);
  close(p[1]);
}

// A shared page across fork: each side sees the other's write.
static void
sharernd(void)
{
  int a[2], b[2], pid;
  volatile char *p;

  p = mmap(0, PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
           -1, 0);
  wcheck(p != MAP_FAILED, "mmap shared failed", 0);
  wcheck(pipe(a) == 0 && pipe(b) == 0, "pipe failed", 0);
  if((pid = fork()) == 0){
    if(read(a[0], buf, 1) == 1)
      p[1] = p[0] + 1;
    write(b[1], "g", 1);
    exit();
  }
  wcheck(pid > 0, "fork failed", pid);
  p[0] = mark(0, 0);
  write(a[1], "g", 1);
  wawait(b[0]);
  wcheck((uchar)p[1] == (uchar)(mark(0, 0) + 1),
         "the parent missed the child's write", p[1]);
  wcheck(wait() == pid, "wait", pid);
  closepair(a);
  closepair(b);
  wcheck(munmap((void*)p, PGSIZE) == 0, "munmap shared", 0);
}

// Take 1-16 kernel heap tokens, free them in a random order, and check a
// second free of each fails.
static void
tokrnd(void)
{
  static uint t[16];
  int n = 1 + wrnd(16), i, j;
  uint x;

  for(i = 0; i < n; i++)
    wcheck((t[i] = (uint)kmalloc(1 + wrnd(wrnd(4) ? 512 : 131072))) != 0,
           "kmalloc failed", i);
  for(i = n - 1; i > 0; i--){
    j = wrnd(i + 1);
    x = t[i]; t[i] = t[j]; t[j] = x;
  }
  for(i = 0; i < n; i++)
    wcheck(kmfree((void*)t[i]) == 0, "kmfree of a live token failed", i);
  for(i = 0; i < n; i++)
    wcheck(kmfree((void*)t[i]) == -1, "a second kmfree succeeded", i);
}

// A child writes 1-2000 marked bytes into a pipe and exits; the worker
// reads them all back, then end of file.
static void
pipernd(void)
{
  int p[2], n = 1 + wrnd(2000), i, got = 0, m, pid;

  wcheck(pipe(p) == 0, "pipe failed", 0);
  if((pid = fork()) == 0){
    close(p[0]);
    for(i = 0; i < n; i++)
      buf[i] = mark(0, i);
    write(p[1], buf, n);
    exit();
  }
  wcheck(pid > 0, "fork failed", pid);
  close(p[1]);
  memset(buf, 0, sizeof(buf));
  while((m = read(p[0], buf + got, sizeof(buf) - got)) > 0)
    got += m;
  close(p[0]);
  wcheck(wait() == pid, "wait", pid);
  wcheck(got == n, "the pipe lost bytes", got);
  for(i = 0; i < n; i++)
    wcheck((uchar)buf[i] == mark(0, i), "the pipe changed a byte", i);
}

// Write 1-2000 marked bytes to the worker's file, read them back,
// remove it.
static void
filernd(void)
{
  static char name[] = SCRATCH "/w0";
  int fd, n = 1 + wrnd(2000), i;

  name[sizeof(name) - 2] = '0' + wid;
  for(i = 0; i < n; i++)
    buf[i] = mark(1, i);
  fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
  wcheck(fd >= 0, "cannot create a file", fd);
  wcheck(write(fd, buf, n) == n, "short write", n);
  close(fd);
  memset(buf, 0, sizeof(buf));
  fd = open(name, O_RDONLY);
  wcheck(fd >= 0, "cannot open the file", fd);
  wcheck(read(fd, buf, sizeof(buf)) == n, "short read", n);
  close(fd);
  for(i = 0; i < n; i++)
    wcheck((uchar)buf[i] == mark(1, i), "the file changed a byte", i);
  wcheck(unlink(name) == 0, "unlink", 0);
}

// Check what procmaps said of a process that had NEXITMAPS mappings or
// fewer: n of them, the first (up to NINFO) each a page-aligned range of
// the window, in address order.
static void
checkinfo(int n)
{
  uint last = MMAPBASE;
  int i;

  wcheck(n <= NEXITMAPS, "procmaps counted mappings never made", n);
  for(i = 0; i < n && i < NINFO; i++){
    wcheck(info[i].start >= last && info[i].start < info[i].end &&
           info[i].end <= KERNBASE && (info[i].start & (PGSIZE - 1)) == 0 &&
           (info[i].end & (PGSIZE - 1)) == 0,
           "procmaps counted a mapping it did not describe", i);
    last = info[i].end;
  }
}

// A child maps NEXITMAPS pages (alternately read-only, so each is its own
// region) and exits; the worker reads its mappings while it goes, and
// finds it gone once reaped.
static void
exitrnd(void)
{
  int p[2], pid, i, n;

  wcheck(pipe(p) == 0, "pipe failed", 0);
  if((pid = fork()) == 0){
    for(i = 0; i < NEXITMAPS; i++)
      mmap(0, PGSIZE, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    write(p[1], "g", 1);
    exit();
  }
  wcheck(pid > 0, "fork failed", pid);
  close(p[1]);
  wawait(p[0]);
  close(p[0]);
  for(i = 0; i < 2000; i++){
    memset(info, 0xff, sizeof(info));
    if((n = procmaps(pid, info, NINFO)) <= 0)
      break;
    checkinfo(n);
  }
  wcheck(wait() == pid, "wait", pid);
  wcheck(procmaps(pid, info, NINFO) == -1, "procmaps found a reaped process",
         pid);
}

// Hold a value on the x87 stack (fild, fistp: the compiler keeps none of
// its own there) through a spin long enough for the timer to switch to
// other workers doing the same; it must come back unchanged.
static void
fpurnd(void)
{
  int v = wid * 1000 + wround, r, n = FPUSPIN;

  asm volatile("fildl %2\n"
               "1: decl %1\n"
               "jnz 1b\n"
               "fistpl %0\n"
               : "=m"(r), "+r"(n) : "m"(v) : "cc");
  wcheck(r == v, "the x87 stack lost a value", r);
}

// Worker w: ROUNDS random rounds, then a report on out.
static NORETURN void
worker(int w, int out)
{
  static void (*const rounds[])(void) = {
    maprnd, sharernd, tokrnd, pipernd, filernd, exitrnd, fpurnd,
  };

  wid = w;
  wout = out;
  wrng = seedstate(seed * NWORK + w);
  for(wround = 0; wround < ROUNDS; wround++)
    rounds[wrnd(NELEM(rounds))]();
  wreport('k', "", 0);
}

// Read the next worker report from fd into w; fail if none comes.
static void
readwrec(int fd, struct wrec *w)
{
  int n = 0, m;

  while(n < sizeof(*w) && (m = read(fd, (char*)w + n, sizeof(*w) - n)) > 0)
    n += m;
  if(n != sizeof(*w))
    fail("a worker died without a report");
  if(w->ok != 'k'){
    printf(resfd, "fworker %d, round %d: %s (%d; alone: fuzztest -s %d smp)\n",
           w->worker, w->round, w->why, w->value, seed);
    exit();
  }
}

// NWORK workers at once map, share, allocate, pipe, write files and
// watch exiting processes; afterwards every page and heap byte is back.
static void
smp(void)
{
  struct counts base, now;
  struct wrec w;
  int p[2], i;

  if(chdir("/") < 0)
    fail("cannot chdir to /");
  measure(&base);
  mkdir(SCRATCH);
  xpipe(p);
  for(i = 0; i < NWORK; i++)
    if(xfork() == 0){
      close(p[0]);
      worker(i, p[1]);
    }
  close(p[1]);
  for(i = 0; i < NWORK; i++)
    readwrec(p[0], &w);
  close(p[0]);
  while(wait() >= 0)
    ;
  rmtree(SCRATCH + 1, 0);
  if(!settle(&base, &now)){
    printf(1, "smp: %d pages, %d heap bytes not given back\n",
           base.pages - now.pages, now.live - base.live);
    fail("pages or heap bytes not given back");
  }
}

// kmcheck while other processes allocate and free: the heap is never
// broken, so every check must pass.
static void
kmcheckbusy(void)
{
  int i, k, bad = 0;
  uint t;

  for(i = 0; i < NBUSY; i++)
    if(xfork() == 0){
      for(k = 0; k < BUSYOPS; k++)
        if((t = (uint)kmalloc(16 + k % 64)) != 0)
          kmfree((void*)t);
      exit();
    }
  for(k = 0; k < BUSYCHECKS; k++)
    if(kmcheck() != 0)
      bad++;
  while(wait() >= 0)
    ;
  if(bad > 0)
    failv("kmcheck failed while others used the heap, times", bad);
  if(kmcheck() != 0)
    fail("kmcheck failed once the heap was quiet");
}

// ---- the runner -----------------------------------------------------------

static struct test tests[] = {
  { "unknown", unknowncalls },
  { "fuzz", fuzz },
  { "smp", smp },
  { "kmcheckbusy", kmcheckbusy },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Print the usage on fd.
static void
usage(int fd)
{
  printf(fd, "usage: fuzztest [-s seed] [-n batches] [-k calls] [-p children]"
         " [-v] [test...]\n"
         "  -s seed      0..%d, default %d (batch b uses seed+b)\n"
         "  -n batches   1..%d, default %d\n"
         "  -k calls     1..%d per child, default %d\n"
         "  -p children  1..%d fuzzing at once in each batch, default %d\n"
         "  -v           print each call of the fuzz test\n"
         "  tests: unknown fuzz smp kmcheckbusy (default all)\n",
         0x7fffffff - MAXBATCH, SEED, MAXBATCH, BATCHES, MAXCALLS, CALLS,
         MAXPAR, PAR);
}

// Refuse option opt with value val, NULL if none (limits lo..hi); print
// the usage and stop.
static NORETURN void
refuse(const char *opt, const char *val, int lo, int hi)
{
  if(val)
    printf(2, "fuzztest: %s must be a number from %d to %d (got '%s')\n",
           opt, lo, hi, val);
  else
    printf(2, "fuzztest: %s needs a number from %d to %d\n", opt, lo, hi);
  usage(2);
  exit();
}

// Set *v from option argv[i]'s value, within [lo, hi]; the options used.
static int
option(int argc, char *argv[], int i, int *v, int lo, int hi)
{
  if(i + 1 >= argc || parseint(argv[i + 1], lo, hi, v) < 0)
    refuse(argv[i], i + 1 < argc ? argv[i + 1] : 0, lo, hi);
  return 2;
}

// Parse the options; the index of the first test name.
static int
options(int argc, char *argv[])
{
  int i = 1, s = SEED;

  while(i < argc && argv[i][0] == '-'){
    if(strcmp(argv[i], "-h") == 0){
      usage(1);
      exit();
    } else if(strcmp(argv[i], "-v") == 0){
      verbose = 1;
      i++;
    } else if(strcmp(argv[i], "-s") == 0)
      i += option(argc, argv, i, &s, 0, 0x7fffffff - MAXBATCH);
    else if(strcmp(argv[i], "-n") == 0)
      i += option(argc, argv, i, &nbatch, 1, MAXBATCH);
    else if(strcmp(argv[i], "-k") == 0)
      i += option(argc, argv, i, &ncalls, 1, MAXCALLS);
    else if(strcmp(argv[i], "-p") == 0)
      i += option(argc, argv, i, &npar, 1, MAXPAR);
    else {
      printf(2, "fuzztest: unknown option '%s'\n", argv[i]);
      usage(2);
      exit();
    }
  }
  seed = s;
  return i;
}

// Parse the options, run the tests named after them (or all), sum up.
int
main(int argc, char *argv[])
{
  static char *names[MAXARG + 1];
  int npass = 0, nfail = 0, first, i;

  first = options(argc, argv);
  names[0] = argv[0];
  for(i = first; i < argc; i++)
    names[i - first + 1] = argv[i];
  for(i = 0; i < NELEM(argvlong); i++)
    argvlong[i] = "x";
  checkargs(tests, NTESTS, argc - first + 1, names);
  printf(1, "fuzztest: seed %d, %d batches of %d children making %d calls\n",
         seed, nbatch, npar, ncalls);
  runtests(tests, NTESTS, argc - first + 1, names,
           nbatch * BATCHTICKS + SMPTICKS, pagesfree, &npass, &nfail);
  printf(1, "fuzztest: %d passed, %d failed\n", npass, nfail);
  exit();
}
