// vmbench: what fork and page faults cost, in guest instructions: fork
// against the parent's resident heap, and one fault of each kind (issue
// 11's benchmark). Run it under ICOUNT=1 (one CPU), as ubench.
//
// Method (ubench's): each operation is timed alone between two rdtsc()
// calls, less an empty measurement's cost; a batch is n operations, its
// figure their mean; one batch warms up, then NBATCH, and the smallest
// batch's mean is reported, since whatever else runs (a timer tick, the
// other process) only ever adds. A fault is timed as the one load or
// store that takes it. A kind whose feature this kernel lacks prints an
// "unsupported" BENCH line (instr=-) saying why, and no figure.
#include "types.h"
#include "mmu.h"
#include "fcntl.h"
#include "fs.h"
#include "memlayout.h"
#include "user.h"

#define NBATCH   7             // timed batches per figure
#define DEFN     20            // operations per batch, unless -n says
#define MAXN     100           // most operations per batch
#define MIB      (1024 * 1024)
#define HINT     (MMAPBASE + 64 * MIB)  // where the fault cases map: page-table aligned
#define NOFAULT  20            // an access cheaper than this took no fault
#define FPAGES   2             // pages of the file the file cases map
#define FFILE    "vmbench.tmp"
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

// The parent's resident heap for the fork figures, in MiB. The guest
// has about 221 MiB free (PHYSTOP, 224 MiB, less the kernel's): without
// copy-on-write the child copies the heap, so 64 MiB is the largest
// that fits twice; 128 MiB (58% of free memory) forks only with it.
static const uint sizes[] = { 0, 1, 4, 16, 64, 128 };

// One kind of fault: its BENCH name, its label, how to run a batch of n
// faults of it, adding their costs (less over each) to *sum (NULL, or
// why the kernel cannot take this kind: one word, for the BENCH line),
// and what it means when the access takes no fault at all.
struct fault {
  const char *name;
  const char *what;
  const char *(*batch)(uint n, uint over, unsigned long long *sum);
  const char *nofault;
};

static int pfd[2];       // the pipe to a child the fault cases keep alive
static char heap[8];     // this kernel's heap: "kr" or "slab"
static char fbuf[BSIZE];  // a block of the file the file cases map

// Say what failed on standard error and exit.
static void __attribute__((noreturn))
die(const char *what)
{
  printf(2, "vmbench: %s failed\n", what);
  exit();
}

// ---- timing one access ------------------------------------------------------------

// The cost of the first access to each of pages [from, from+n) of base,
// a write if write else a read, each less over.
static unsigned long long
touchpages(char *base, uint from, uint n, int write, uint over)
{
  unsigned long long sum = 0;
  volatile char *p;
  uint i, t0, t;

  for(i = from; i < from + n; i++){
    p = base + i * PGSIZE;
    t0 = rdtsc();
    if(write)
      *p = 1;
    else
      (void)*p;
    t = rdtsc() - t0;
    sum += t > over ? t - over : 0;
  }
  return sum;
}

// Map npages of anonymous memory (flags MAP_PRIVATE or MAP_SHARED) at
// HINT, inside one page table, or die.
static char*
mapanon(uint npages, int flags)
{
  char *p;

  p = mmap((void*)HINT, npages * PGSIZE, PROT_READ | PROT_WRITE,
           flags | MAP_ANONYMOUS, -1, 0);
  if(p == MAP_FAILED)
    die("mmap");
  return p;
}

// Write to every page of [p, p+npages), making each resident.
static void
fill(char *p, uint npages)
{
  uint i;

  for(i = 0; i < npages; i++)
    p[i * PGSIZE] = 1;
}

// ---- the fault kinds ------------------------------------------------------------

// Private anonymous pages, first touched by a read (write 0) or a write.
// Page 0 is touched first, untimed, so that no timed fault makes the
// page table.
static void
anonbatch(uint n, uint over, unsigned long long *sum, int write)
{
  char *p = mapanon(n + 1, MAP_PRIVATE);

  fill(p, 1);
  *sum += touchpages(p, 1, n, write, over);
  munmap(p, (n + 1) * PGSIZE);
}

// A private anonymous page's first touch, a read.
static const char*
anonread(uint n, uint over, unsigned long long *sum)
{
  anonbatch(n, over, sum, 0);
  return NULL;
}

// A private anonymous page's first touch, a write.
static const char*
anonwrite(uint n, uint over, unsigned long long *sum)
{
  anonbatch(n, over, sum, 1);
  return NULL;
}

// Lazy heap pages above the break, first touched by a read or a write;
// the heap lies in the first page table, which the program's text keeps.
static void
heapbatch(uint n, uint over, unsigned long long *sum, int write)
{
  char *brk = sbrk(0), *first = (char*)PGROUNDUP((uint)brk);

  if(sbrk(first - brk + n * PGSIZE) == (char*)-1)
    die("sbrk");
  *sum += touchpages(first, 0, n, write, over);
  if(sbrk(-(first - brk + n * PGSIZE)) == (char*)-1)
    die("sbrk of a negative size");
}

// A lazy heap page's first touch, a read.
static const char*
heapread(uint n, uint over, unsigned long long *sum)
{
  heapbatch(n, over, sum, 0);
  return NULL;
}

// A lazy heap page's first touch, a write.
static const char*
heapwrite(uint n, uint over, unsigned long long *sum)
{
  heapbatch(n, over, sum, 1);
  return NULL;
}

// A write to a private page shared with a child that is still alive:
// the page must be copied. The child waits on the pipe until the
// parent's writes are timed.
static const char*
cowcopy(uint n, uint over, unsigned long long *sum)
{
  char *p = mapanon(n, MAP_PRIVATE), c = 'x';
  int pid;

  fill(p, n);
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    read(pfd[0], &c, 1);
    exit();
  }
  *sum += touchpages(p, 0, n, 1, over);
  if(write(pfd[1], &c, 1) != 1 || wait() != pid)
    die("the child's pipe or wait");
  munmap(p, n * PGSIZE);
  return NULL;
}

// A write to a private page a child shared until it exited: the page
// has one user again and is made writable where it is.
static const char*
cowinplace(uint n, uint over, unsigned long long *sum)
{
  char *p = mapanon(n, MAP_PRIVATE);
  int pid;

  fill(p, n);
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0)
    exit();
  if(wait() != pid)
    die("wait");
  *sum += touchpages(p, 0, n, 1, over);
  munmap(p, n * PGSIZE);
  return NULL;
}

// A shared anonymous page's first touch, a write: the shared object
// gets a new zeroed page.
static const char*
sharednew(uint n, uint over, unsigned long long *sum)
{
  char *p = mapanon(n + 1, MAP_SHARED);

  fill(p, 1);
  *sum += touchpages(p, 1, n, 1, over);
  munmap(p, (n + 1) * PGSIZE);
  return NULL;
}

// A child's first read of shared anonymous pages its parent filled
// before the fork: the page is found in the shared object. The child
// times its reads and sends the sum through the pipe.
static const char*
sharedfound(uint n, uint over, unsigned long long *sum)
{
  char *p = mapanon(n, MAP_SHARED);
  unsigned long long csum;
  int pid;

  fill(p, n);
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    csum = touchpages(p, 0, n, 0, over);
    write(pfd[1], &csum, sizeof(csum));
    exit();
  }
  if(read(pfd[0], &csum, sizeof(csum)) != sizeof(csum) || wait() != pid)
    die("the child's pipe or wait");
  *sum += csum;
  munmap(p, n * PGSIZE);
  return NULL;
}

// Open FFILE and read it all with read(), so that its blocks are in the
// buffer cache: the descriptor.
static int
fileopen(void)
{
  int fd, i;

  if((fd = open(FFILE, O_RDWR)) < 0)
    die("open " FFILE);
  for(i = 0; i < FPAGES * PGSIZE / BSIZE; i++)
    if(read(fd, fbuf, BSIZE) != BSIZE)
      die("read of " FFILE);
  return fd;
}

// Map FFILE (FPAGES pages) with prot and flags, its blocks cached, and
// time the first access to its pages (a write if write), n of them in
// all, FPAGES per mapping. NULL, or why the file cannot be mapped.
static const char*
filebatch(uint n, uint over, unsigned long long *sum, int prot, int flags,
          int write)
{
  uint k;
  int fd;
  char *p;

  for(; n > 0; n -= k){
    k = n < FPAGES ? n : FPAGES;
    fd = fileopen();
    p = mmap((void*)HINT, FPAGES * PGSIZE, prot, flags, fd, 0);
    if(p == MAP_FAILED){
      close(fd);
      return "mmap_of_a_file_fails";
    }
    *sum += touchpages(p, 0, k, write, over);
    munmap(p, FPAGES * PGSIZE);
    close(fd);
  }
  return NULL;
}

// The first read of a MAP_SHARED file page whose blocks are cached.
static const char*
fileshared(uint n, uint over, unsigned long long *sum)
{
  return filebatch(n, over, sum, PROT_READ, MAP_SHARED, 0);
}

// The first write to a MAP_PRIVATE file page whose blocks are cached:
// the process gets its own copy.
static const char*
fileprivate(uint n, uint over, unsigned long long *sum)
{
  return filebatch(n, over, sum, PROT_READ | PROT_WRITE, MAP_PRIVATE, 1);
}

// The kinds, in the order they run and print.
static struct fault faults[] = {
  { "anonread", "anonymous private, first touch, read", anonread,
    "no_fault" },
  { "anonwrite", "anonymous private, first touch, write", anonwrite,
    "no_fault" },
  { "heapread", "lazy heap, first touch, read", heapread, "no_fault" },
  { "heapwrite", "lazy heap, first touch, write", heapwrite, "no_fault" },
  { "cowcopy", "copy-on-write, sharer alive: copy", cowcopy,
    "fork_copies" },
  { "cowinplace", "copy-on-write, sharer gone: in place", cowinplace,
    "fork_copies" },
  { "sharednew", "shared anonymous, new page", sharednew, "no_fault" },
  { "sharedfound", "shared anonymous, page in the object", sharedfound,
    "fork_maps_shared" },
  { "fileshared", "shared file mapping, first read, cached", fileshared,
    "no_fault" },
  { "fileprivate", "private file mapping, first write, cached",
    fileprivate, "no_fault" },
};

// ---- fork against the resident heap ------------------------------------------

// Fork a child that exits at once, and wait for it: the cost.
static uint
opfork(void)
{
  uint t = timefork();

  if(t == 0)
    die("fork or wait");
  return t;
}

// The heap pages present in this process, from procmem.
static uint
heappages(void)
{
  struct procmem pm;

  if(procmem(0, &pm) < 0)
    die("procmem");
  return pm.heapres;
}

// Whether this process can fork now: one fork whose child exits at
// once, untimed. Without copy-on-write a large heap may not fit twice.
static int
canfork(void)
{
  int pid;

  if((pid = fork()) == 0)
    exit();
  if(pid > 0 && wait() != pid)
    die("wait");
  return pid > 0;
}

// Fork's cost with mib MiB of heap resident (grown and written before,
// given back after) in batches of n forks: the figure in tenths, or 0
// with *why set when the heap does not fit or the kernel cannot fork it.
// *res gets the heap's resident pages.
static uint
forkheap(uint mib, uint n, uint over, uint *res, const char **why)
{
  uint len = mib * MIB, cost10 = 0;
  char *old;

  *res = 0;
  *why = NULL;
  if(reapedpages() < len / PGSIZE + 2 * (len / (PGSIZE * NPTENTRIES)) + 64){
    *why = "memory_short";
    return 0;
  }
  if((old = sbrk(len)) == (char*)-1)
    die("sbrk");
  fill(old, len / PGSIZE);
  *res = heappages();
  if(canfork())
    cost10 = bestmean(opfork, n, NBATCH, over);
  else
    *why = "fork_fails";
  if(sbrk(-len) == (char*)-1)
    die("sbrk of a negative size");
  return cost10;
}

// Measure fork with mib MiB of heap resident and print its BENCH line:
// the figure in tenths, 0 if unsupported (*why says why).
static uint
forksize(uint mib, uint n, uint over, const char **why)
{
  uint before, after, res, cost10;

  // Fewer forks per batch with a heap, so that without copy-on-write
  // (about 1,650 instructions a page) some batch of 1 MiB falls between
  // two timer ticks, 10^7 instructions apart.
  if(mib > 0)
    n = n / (4 * mib) > 0 ? n / (4 * mib) : 1;
  before = reapedpages();
  cost10 = forkheap(mib, n, over, &res, why);
  after = reapedpages();
  printf(1, "BENCH kind=vmfork alloc=%s mib=%u", heap, mib);
  if(*why)
    printf(1, " instr=- why=%s", *why);
  else
    printf(1, " instr=%u.%u", cost10 / 10, cost10 % 10);
  printf(1, " heap_pages=%u n=%u batches=%u overhead=%u pages_before=%u "
         "pages_after=%u\n", res, n, NBATCH, over, before, after);
  return cost10;
}

// ---- the fault kinds, measured ------------------------------------------------

// Print label s as one word, its spaces as underscores, for a BENCH line.
static void
word(const char *s)
{
  for(; *s; s++)
    printf(1, "%c", *s == ' ' ? '_' : *s);
}

// The smallest mean of NBATCH batches of n faults of kind f (after one
// to warm up), in tenths of an instruction, or 0 with *why set when the
// kernel cannot take this kind: the feature is missing, or the access
// took no fault at all (f->nofault).
static uint
faultcost(struct fault *f, uint n, uint over, const char **why)
{
  unsigned long long sum, best = ~0ULL;
  uint b;

  for(b = 0; b <= NBATCH; b++){
    sum = 0;
    if((*why = f->batch(n, over, &sum)) != NULL)
      return 0;
    if(b > 0 && sum < best)
      best = sum;
  }
  if(best < (unsigned long long)NOFAULT * n){
    *why = f->nofault;
    return 0;
  }
  return per10(best, n);
}

// Measure fault kind f in batches of n and print its BENCH line: the
// figure in tenths, 0 if unsupported (*why says why).
static uint
faultkind(struct fault *f, uint n, uint over, const char **why)
{
  uint before, after, cost10;

  before = reapedpages();
  cost10 = faultcost(f, n, over, why);
  after = reapedpages();
  printf(1, "BENCH kind=fault name=%s alloc=%s", f->name, heap);
  if(*why)
    printf(1, " instr=- why=%s", *why);
  else
    printf(1, " instr=%u.%u", cost10 / 10, cost10 % 10);
  printf(1, " n=%u batches=%u overhead=%u what=", n, NBATCH, over);
  word(f->what);
  printf(1, " pages_before=%u pages_after=%u\n", before, after);
  return cost10;
}

// Write FFILE, FPAGES pages, for the file cases.
static void
mkfile(void)
{
  int fd, i;

  memset(fbuf, 'v', sizeof(fbuf));
  if((fd = open(FFILE, O_CREATE | O_RDWR)) < 0)
    die("create " FFILE);
  for(i = 0; i < FPAGES * PGSIZE / BSIZE; i++)
    if(write(fd, fbuf, BSIZE) != BSIZE)
      die("write of " FFILE);
  close(fd);
}

// ---- printing the tables ----------------------------------------------------

// Print s left-aligned in a column of width w.
static void
left(const char *s, int w)
{
  int n = strlen(s);

  printf(1, "%s", s);
  while(n++ < w)
    printf(1, " ");
}

// Print v tenths right-aligned, with one decimal, in a column of width
// w; "-" when v is 0 (not measured).
static void
right(uint v, int w)
{
  char buf[NUMBUF + 16], *s = v ? fmtuint(buf + 16, v, 1) : "-";

  w -= strlen(s);
  while(w-- > 0)
    printf(1, " ");
  printf(1, "%s", s);
}

// Run every fault kind and print the table of their costs.
static void
runfaults(uint n, uint over)
{
  static uint cost10[NELEM(faults)];
  static const char *why[NELEM(faults)];
  uint i;

  if(pipe(pfd) < 0)
    die("pipe");
  mkfile();
  for(i = 0; i < NELEM(faults); i++)
    cost10[i] = faultkind(&faults[i], n, over, &why[i]);
  unlink(FFILE);
  close(pfd[0]);
  close(pfd[1]);
  printf(1, "\n%s heap: guest instructions per page fault (smallest mean of "
         "%u batches of %u, less %u)\n", heap, NBATCH, n, over);
  for(i = 0; i < NELEM(faults); i++){
    printf(1, "  ");
    left(faults[i].what, 44);
    right(cost10[i], 10);
    printf(1, "%s%s\n", why[i] ? "  unsupported: " : "", why[i] ? why[i] : "");
  }
}

// Run fork at every resident size and print the table of their costs.
static void
runforks(uint n, uint over)
{
  static uint cost10[NELEM(sizes)];
  static const char *why[NELEM(sizes)];
  char buf[NUMBUF + 16];
  uint i;

  for(i = 0; i < NELEM(sizes); i++)
    cost10[i] = forksize(sizes[i], n, over, &why[i]);
  printf(1, "\n%s heap: guest instructions per fork + exit + wait against the "
         "parent's resident heap (smallest mean of %u batches)\n", heap,
         NBATCH);
  for(i = 0; i < NELEM(sizes); i++){
    printf(1, "  ");
    left(fmtuint(buf + 16, sizes[i], 0), 4);
    left("MiB resident", 36);
    right(cost10[i], 10);
    printf(1, "%s%s\n", why[i] ? "  unsupported: " : "", why[i] ? why[i] : "");
  }
}

// ---- arguments and driver ---------------------------------------------------

#define USAGE "usage: vmbench [-w fork|fault] [-n ops]   fork against the " \
  "resident heap (0..128 MiB) and the cost of each kind of page fault " \
  "(-w: only one), %u batches of ops (1..%u, default %u; fewer forks with " \
  "a large heap); run under ICOUNT=1\n"

// The value of option opt's argument s, a whole number lo..hi, or refuse
// it by name and exit.
static uint
number(const char *opt, const char *s, int lo, int hi)
{
  int v;

  if(s == NULL){
    printf(2, "vmbench: %s needs a value (a whole number %d..%d)\n", opt,
           lo, hi);
    exit();
  }
  if(parseint(s, lo, hi, &v) < 0){
    printf(2, "vmbench: bad %s '%s' (a whole number %d..%d)\n", opt, s,
           lo, hi);
    exit();
  }
  return v;
}

// The value of -w, s: 1 fork, 2 fault; or refuse it by name and exit.
static uint
workload(const char *s)
{
  if(s == NULL)
    printf(2, "vmbench: -w needs a value (fork or fault)\n");
  else if(strcmp(s, "fork") == 0)
    return 1;
  else if(strcmp(s, "fault") == 0)
    return 2;
  else
    printf(2, "vmbench: bad -w '%s' (fork or fault)\n", s);
  exit();
}

// Read -n, -w and -h from argv into *n and *what (1 fork, 2 fault, 3
// both), refusing anything else, or an option given twice, by name.
static void
parse(int argc, char *argv[], uint *n, uint *what)
{
  int i, seen = 0, bit;

  for(i = 1; i < argc; i++){
    if(strcmp(argv[i], "-h") == 0){
      printf(1, USAGE, NBATCH, MAXN, DEFN);
      exit();
    }
    bit = strcmp(argv[i], "-n") == 0 ? 1 : strcmp(argv[i], "-w") == 0 ? 2 : 0;
    if(bit == 0){
      printf(2, "vmbench: unknown argument '%s' (only -w fork|fault, -n ops "
             "or -h)\n", argv[i]);
      exit();
    }
    if(seen & bit){
      printf(2, "vmbench: %s given twice (at most once)\n", argv[i]);
      exit();
    }
    seen |= bit;
    if(bit == 1)
      *n = number("-n", argv[++i], 1, MAXN);
    else
      *what = workload(argv[++i]);
  }
}

// Parse the arguments, then measure and print.
int
main(int argc, char *argv[])
{
  struct kmstat st;
  uint n = DEFN, what = 3, over;

  parse(argc, argv, &n, &what);
  if(kmstat(&st) < 0)
    die("kmstat");
  strcpy(heap, st.allocator);
  // The first mmap makes this process's vmspace, which stays until it
  // exits: make it now, so that each figure's free pages after match
  // those before.
  munmap(mmap(NULL, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
         PGSIZE);
  over = rdtscover();
  if(what & 2)
    runfaults(n, over);
  if(what & 1)
    runforks(n, over);
  exit();
}
