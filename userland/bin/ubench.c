// ubench: what the kernel's common paths cost, in guest instructions per
// operation, timed with rdtsc; run it under ICOUNT=1 (one CPU), where the
// time-stamp counter counts guest instructions (README: Measuring).
//
// Each path runs one batch to warm up, then NBATCH batches of n operations.
// Every operation is timed alone, less the cost of an empty measurement
// (two rdtsc calls in a row), so the setup between operations (freeing a
// token, reopening the file) is not counted; a batch's figure is the mean
// of its n. The figure reported is the smallest batch's, not the median:
// whatever else runs during a batch (a timer tick, a console interrupt, the
// switch to another process) only adds instructions, so the least disturbed
// batch is the path's own cost, and it is the same in every boot. A timer
// tick comes every 10^7 instructions, so n times the dearest path's cost
// must stay well below that for some batch to run undisturbed. The heap op
// inside the kernel comes from one kmreplay call, which times each
// operation with interrupts off and needs no batches.
#include "types.h"
#include "mmu.h"
#include "fcntl.h"
#include "fs.h"
#include "user.h"
#include "kmtrace.h"

#define NBATCH   7          // timed batches per path
#define DEFN     20         // operations per batch, unless -n says
#define MAXN     100        // most operations per batch
#define RBLOCKS  8          // blocks of the file the read path reads
#define RFILE    "ubench.tmp"
#define KMSIZE   64         // bytes each kmalloc path asks for
#define RLIVE    10000      // the kmreplay trace's live objects
#define NTRACE   (2 * (RLIVE + KMT_CHURN))
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
// The in-kernel heap op: its label, its goal (issue 9) and the heap that
// goal applies to.
#define REPLAYWHAT "heap op in the kernel (kmreplay)"
#define REPLAYGOAL 120
#define REPLAYHEAP "slab"

// One path: how to run and time one operation, and its goal (from issue
// 9, in guest instructions per operation; 0 for none), which applies to
// the heap goalheap names, or to both when that is NULL.
struct path {
  const char *name;          // the BENCH line's name=
  const char *what;          // the table's label
  void (*setup)(void);       // before the batches, if not NULL
  uint (*op)(void);          // one operation: its ticks, overhead included
  void (*teardown)(void);    // after them, if not NULL
  uint goal;
  const char *goalheap;
};

static int pfd[2];               // the pipe path's pipe
static int rfd;                  // the read path's file
static int rleft;                // blocks left to read before reopening it
static char block[BSIZE];
static char heap[8];             // this kernel's heap: "kr" or "slab"

// Say what failed on standard error and exit.
static void __attribute__((noreturn))
die(const char *what)
{
  printf(2, "ubench: %s failed\n", what);
  exit();
}

// ---- the operations -----------------------------------------------------------

// getpid: the cheapest system call.
static uint
opgetpid(void)
{
  uint t0 = rdtsc();

  getpid();
  return rdtsc() - t0;
}

// Write one byte into a pipe and read it back, in the same process.
static uint
oppipe(void)
{
  uint t0, t;
  char c = 'x';
  int w, r;

  t0 = rdtsc();
  w = write(pfd[1], &c, 1);
  r = read(pfd[0], &c, 1);
  t = rdtsc() - t0;
  if(w != 1 || r != 1)
    die("pipe write or read");
  return t;
}

// Fork a child that exits at once, and wait for it.
static uint
opfork(void)
{
  uint t = timefork();

  if(t == 0)
    die("fork or wait");
  return t;
}

// Grow the heap by a page, write to it, and shrink it back.
static uint
opsbrk(void)
{
  uint t0, t;
  volatile char *p;
  char *q;

  t0 = rdtsc();
  p = sbrk(PGSIZE);
  if(p != (char*)-1)
    p[0] = 1;
  q = sbrk(-PGSIZE);
  t = rdtsc() - t0;
  if(p == (char*)-1 || q == (char*)-1)
    die("sbrk");
  return t;
}

// Read the next 512-byte block of the cached file (reopened, untimed,
// when it is all read: there is no lseek).
static uint
opread(void)
{
  uint t0, t;
  int r;

  if(rleft == 0){
    close(rfd);
    if((rfd = open(RFILE, O_RDONLY)) < 0)
      die("open " RFILE);
    rleft = RBLOCKS;
  }
  rleft--;
  t0 = rdtsc();
  r = read(rfd, block, BSIZE);
  t = rdtsc() - t0;
  if(r != BSIZE)
    die("read of " RFILE);
  return t;
}

// Map one anonymous page, write to it, and unmap it.
static uint
opmmap(void)
{
  uint t0, t;
  volatile char *p;
  int r = -1;

  t0 = rdtsc();
  p = mmap(NULL, PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
           -1, 0);
  if(p != MAP_FAILED){
    p[0] = 1;
    r = munmap((void*)p, PGSIZE);
  }
  t = rdtsc() - t0;
  if(r < 0)
    die("mmap or munmap");
  return t;
}

// The kmalloc(64) system call alone; its kmfree is not timed.
static uint
opkmalloc(void)
{
  uint t0, t;
  void *tok;

  t0 = rdtsc();
  tok = kmalloc(KMSIZE);
  t = rdtsc() - t0;
  if(tok == NULL || kmfree(tok) < 0)
    die("kmalloc or kmfree");
  return t;
}

// kmalloc(64) and its kmfree, two system calls.
static uint
opkmpair(void)
{
  uint t0, t;
  void *tok;
  int r;

  t0 = rdtsc();
  tok = kmalloc(KMSIZE);
  r = kmfree(tok);
  t = rdtsc() - t0;
  if(tok == NULL || r < 0)
    die("kmalloc or kmfree");
  return t;
}

// ---- setup and teardown -------------------------------------------------------

// Make the pipe path's pipe.
static void
pipeopen(void)
{
  if(pipe(pfd) < 0)
    die("pipe");
}

// Close the pipe path's pipe.
static void
pipeclose(void)
{
  close(pfd[0]);
  close(pfd[1]);
}

// Write RFILE (RBLOCKS blocks, fewer than the buffer cache holds) and read
// it once, so that every block the read path reads is cached.
static void
fileopen(void)
{
  int fd, i;

  memset(block, 'u', sizeof(block));
  if((fd = open(RFILE, O_CREATE | O_RDWR)) < 0)
    die("create " RFILE);
  for(i = 0; i < RBLOCKS; i++)
    if(write(fd, block, BSIZE) != BSIZE)
      die("write of " RFILE);
  close(fd);
  if((rfd = open(RFILE, O_RDONLY)) < 0)
    die("open " RFILE);
  while(read(rfd, block, BSIZE) > 0)
    ;
  rleft = 0;
}

// Close and remove RFILE.
static void
fileclose(void)
{
  close(rfd);
  unlink(RFILE);
}

// The paths, in the order they run and print, with issue 9's goals.
static struct path paths[] = {
  { "getpid", "getpid", NULL, opgetpid, NULL, 300, NULL },
  { "pipe", "pipe: write 1 byte, read it back", pipeopen, oppipe, pipeclose,
    3000, NULL },
  { "fork", "fork + exit + wait", NULL, opfork, NULL, 40000, NULL },
  { "sbrk", "sbrk(4096) + touch + sbrk(-4096)", NULL, opsbrk, NULL, 4000,
    NULL },
  { "read", "read 512 bytes of a cached block", fileopen, opread, fileclose,
    3000, NULL },
  { "mmap", "mmap 1 page + touch + munmap", NULL, opmmap, NULL, 6000, NULL },
  { "kmalloc", "kmalloc(64) system call", NULL, opkmalloc, NULL, 600,
    "slab" },
  { "kmpair", "kmalloc(64) + kmfree calls", NULL, opkmpair, NULL, 0, NULL },
};

// ---- measuring ------------------------------------------------------------------

// The in-kernel heap op: kmreplay's mean cost over the churn steps of
// w's trace, in tenths; its empty measurement's cost goes to *over. The
// trace and its costs live in a mapping made for the call, so that the
// process stays small and fork copies only a few pages.
static uint
replaycost(struct kmtwork *w, uint *over)
{
  struct kmrres res;
  unsigned long long sum = 0;
  uint i, n, len = NTRACE * (sizeof(struct kmrop) + sizeof(uint));
  struct kmrop *trace;
  uint *costs;

  trace = mmap(NULL, len, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if(trace == MAP_FAILED)
    die("mmap of the trace");
  costs = (uint*)(trace + NTRACE);
  n = kmtbuild(w, trace);
  if(kmreplay(trace, n, costs, &res) < 0 || res.fails > 0)
    die("kmreplay of the uniform trace");
  for(i = w->live; i < w->live + 2 * w->churn; i++)
    sum += costs[i];
  munmap(trace, len);
  *over = res.overhead;
  return (uint)(sum * 10 / (2 * w->churn));
}

// ---- printing -------------------------------------------------------------------

// Print s left-aligned in a column of width w.
static void
left(const char *s, int w)
{
  int n = strlen(s);

  printf(1, "%s", s);
  while(n++ < w)
    printf(1, " ");
}

// Print v right-aligned in a column of width w, as tenths with one
// decimal if frac.
static void
right(uint v, int frac, int w)
{
  char buf[NUMBUF + 8], *s = fmtuint(buf + 8, v, frac);

  while(s > buf && buf + 8 + NUMBUF - 1 - s < w)
    *--s = ' ';
  printf(1, "%s", s);
}

// The goal that applies to this kernel's heap: goal, or 0 if goalheap
// names the other one.
static uint
goalhere(uint goal, const char *goalheap)
{
  return goalheap == NULL || strcmp(goalheap, heap) == 0 ? goal : 0;
}

// Print label s as one word, its spaces as underscores, for a BENCH line.
static void
word(const char *s)
{
  for(; *s; s++)
    printf(1, "%c", *s == ' ' ? '_' : *s);
}

// Print the BENCH line's goal field and what comes after it.
static void
goalfields(uint goal, uint before, uint after)
{
  if(goal)
    printf(1, " goal=%u", goal);
  else
    printf(1, " goal=none");
  printf(1, " pages_before=%u pages_after=%u\n", before, after);
}

// Print a table row: label, figure, goal and verdict.
static void
row(const char *what, uint cost10, uint goal)
{
  printf(1, "  ");
  left(what, 36);
  right(cost10, 1, 11);
  if(goal){
    right(goal, 0, 7);
    printf(1, "  %s\n", cost10 <= goal * 10 ? "met" : "not met");
  } else
    printf(1, "      -\n");
}

// ---- driver -----------------------------------------------------------------------

// Measure every path with batches of n and print its BENCH line; the
// figures go to cost10.
static void
runpaths(uint n, uint over, uint *cost10)
{
  struct path *p;
  uint before, after;

  for(p = paths; p < paths + NELEM(paths); p++){
    before = reapedpages();
    if(p->setup)
      p->setup();
    cost10[p - paths] = bestmean(p->op, n, NBATCH, over);
    if(p->teardown)
      p->teardown();
    after = reapedpages();
    printf(1, "BENCH kind=path name=%s alloc=%s instr=%u.%u n=%u batches=%u "
           "overhead=%u what=", p->name, heap, cost10[p - paths] / 10,
           cost10[p - paths] % 10, n, NBATCH, over);
    word(p->what);
    goalfields(goalhere(p->goal, p->goalheap), before, after);
  }
}

// Measure the in-kernel heap op and print its BENCH line: its figure.
static uint
runreplay(void)
{
  struct kmtwork w;
  uint before, after, over, cost10;

  memset(&w, 0, sizeof(w));
  w.dist = KMT_UNIFORM;
  w.live = RLIVE;
  w.churn = KMT_CHURN;
  w.seed = KMT_SEED;
  before = reapedpages();
  cost10 = replaycost(&w, &over);
  after = reapedpages();
  printf(1, "BENCH kind=path name=kmreplay alloc=%s instr=%u.%u dist=uniform "
         "live=%u churn=%u seed=%u overhead=%u what=", heap, cost10 / 10,
         cost10 % 10, w.live, w.churn, w.seed, over);
  word(REPLAYWHAT);
  goalfields(goalhere(REPLAYGOAL, REPLAYHEAP), before, after);
  return cost10;
}

// Print the readable table of every figure.
static void
table(uint n, uint over, uint *cost10, uint replay10)
{
  uint i;

  printf(1, "\n%s heap: guest instructions per operation (smallest of %u "
         "batches of %u, less %u for the empty measurement)\n", heap,
         NBATCH, n, over);
  printf(1, "  ");
  left("path", 36);
  printf(1, "      instr   goal  verdict\n");
  for(i = 0; i < NELEM(paths); i++)
    row(paths[i].what, cost10[i], goalhere(paths[i].goal, paths[i].goalheap));
  row(REPLAYWHAT, replay10,
      goalhere(REPLAYGOAL, REPLAYHEAP));
}

// The value of -n, s, or refuse it by name and exit.
static uint
number(const char *s)
{
  int v;

  if(s == NULL){
    printf(2, "ubench: -n needs a value (a whole number 1..%u)\n", MAXN);
    exit();
  }
  if(parseint(s, 1, MAXN, &v) < 0){
    printf(2, "ubench: bad -n '%s' (a whole number 1..%u)\n", s, MAXN);
    exit();
  }
  return v;
}

// Read -n (and -h) from argv into *n, refusing anything else by name.
static void
parse(int argc, char *argv[], uint *n)
{
  int i, given = 0;

  for(i = 1; i < argc; i++){
    if(strcmp(argv[i], "-h") == 0){
      printf(1, "usage: ubench [-n ops]   each path in %u batches of ops "
             "operations (1..%u, default %u); run under ICOUNT=1\n",
             NBATCH, MAXN, DEFN);
      exit();
    }
    if(strcmp(argv[i], "-n") != 0){
      printf(2, "ubench: unknown argument '%s' (only -n ops or -h)\n",
             argv[i]);
      exit();
    }
    if(given++){
      printf(2, "ubench: -n given twice (at most once)\n");
      exit();
    }
    *n = number(argv[++i]);
  }
}

// Parse the arguments, then measure every path and print the results.
int
main(int argc, char *argv[])
{
  static uint cost10[NELEM(paths)];
  struct kmstat st;
  uint n = DEFN, over, replay10;

  parse(argc, argv, &n);
  if(kmstat(&st) < 0)
    die("kmstat");
  strcpy(heap, st.allocator);
  // The first mmap makes this process's vmspace and the first kmalloc its
  // token table, which stay until it exits: make them now, so that each
  // path's free pages after match those before.
  munmap(mmap(NULL, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
         PGSIZE);
  kmfree(kmalloc(KMSIZE));
  over = rdtscover();
  runpaths(n, over, cost10);
  replay10 = runreplay();
  table(n, over, cost10, replay10);
  exit();
}
