// locktest: in-guest tests of the lock statistics (system call 36 and the
// lockstat program): counts grow with use, a reset zeroes them, bad
// arguments get -1 and change nothing, contention is counted on several
// CPUs and never on one. Each test runs in its own child (runner.h); each
// prints "ok NAME" or "FAIL NAME: why".
#include "types.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "mman.h"
#include "user.h"

#include "runner.h"

#define LIMIT   3000      // ticks a test may run before the runner kills it
#define NREC    64        // class records read at once
#define TRIPS   1000      // pipe round trips the reset test makes
#define HAMMER  50000     // procmem calls each contend child makes at most
#define LOOK    256       // of them, calls between looks at the counts
#define HEAP    (1 << 20) // bytes of heap each contend child's procmem walks
#define OUTMAX  2048      // bytes of a program's output kept

static struct lockstat rec[NREC];
static char out[OUTMAX + 1];


// Read every class into rec; how many there are in it.
static int
readall(void)
{
  int n;

  if((n = lockstat(rec, NREC, 0)) <= 0)
    failv("lockstat refused a good buffer", n);
  return n > NREC ? NREC : n;
}

// The record of the class called name among rec[0..n), failing if none.
static struct lockstat *
find(int n, const char *name)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(rec[i].name, name) == 0)
      return &rec[i];
  printf(resfd, "fno lock class '%s'\n", name);
  exit();
}

// Acquires of the class called name since the last reset.
static uint
acquires(const char *name)
{
  return find(readall(), name)->acquires;
}

// Write a byte into a fresh pipe and read it back, trips times.
static void
roundtrips(int trips)
{
  int p[2], i;
  char c;

  xpipe(p);
  for(i = 0; i < trips; i++)
    if(write(p[1], "x", 1) != 1 || read(p[0], &c, 1) != 1)
      fail("a pipe round trip failed");
  close(p[0]);
  close(p[1]);
}

// A pipe round trip counts at least two acquires of the pipe class.
static void
grows(void)
{
  uint before, after;

  roundtrips(1);
  before = acquires("pipe");
  roundtrips(100);
  after = acquires("pipe");
  if(after - before < 200)
    failv("100 pipe round trips counted fewer than 200 pipe acquires",
          after - before);
}

// LS_RESET copies the counts first, then zeroes them; flags alone reset.
static void
reset(void)
{
  struct lockstat *r;
  int n;

  roundtrips(TRIPS);
  if((n = lockstat(rec, NREC, LS_RESET)) <= 0)
    failv("lockstat with LS_RESET", n);
  r = find(n > NREC ? NREC : n, "pipe");
  if(r->acquires < 2 * TRIPS)
    failv("the records copied with a reset lost the pipe's count",
          r->acquires);
  if(acquires("pipe") >= TRIPS)
    failv("a reset left the pipe's count", acquires("pipe"));
  roundtrips(TRIPS);
  check(lockstat(0, 0, LS_RESET) > 0, "a reset with no buffer failed");
  if(acquires("pipe") >= TRIPS)
    failv("a reset with no buffer left the pipe's count", acquires("pipe"));
}

// Bad pointers, counts and flags get -1, and none of those calls resets.
static void
badargs(void)
{
  char *hole = (char*)(KERNBASE - 16 * PGSIZE);  // in the mmap window, unmapped

  roundtrips(100);
  check(lockstat(rec, -1, 0) == -1, "max -1 was taken");
  check(lockstat(rec, 0x7fffffff, 0) == -1, "max 2^31-1 was taken");
  check(lockstat(0, 1, 0) == -1, "a null buffer was taken");
  check(lockstat((struct lockstat*)KERNBASE, 1, LS_RESET) == -1,
        "a kernel buffer was taken");
  check(lockstat((struct lockstat*)(KERNBASE - 8), 1, LS_RESET) == -1,
        "a buffer running into the kernel was taken");
  check(lockstat((struct lockstat*)hole, 1, LS_RESET) == -1,
        "an unmapped buffer was taken");
  check(lockstat(rec, NREC, 2) == -1, "flags 2 were taken");
  check(lockstat(rec, NREC, -1) == -1, "flags -1 were taken");
  check(lockstat(rec, NREC, LS_RESET | 4) == -1, "flags 5 were taken");
  if(acquires("pipe") < 200)
    fail("a refused call reset the counts");
}

// Every record is well formed: a terminated name of its own, waits
// within acquires, turns at least one per wait, the same CPU count.
static void
consistent(void)
{
  struct lockstat *r;
  int i, j, n;

  n = readall();
  for(i = 0; i < n; i++){
    r = &rec[i];
    check(r->name[LOCKNAME - 1] == 0, "a name without its NUL");
    for(j = 0; j < i; j++)
      check(strcmp(rec[j].name, r->name) != 0, "two classes of one name");
    // Counters are read while the other CPUs count: allow each one wait
    // counted before its acquire, and a wait before its turns.
    check(r->contended <= r->acquires + r->cpus, "more waits than acquires");
    check(r->spins + r->cpus >= r->contended, "a wait without a turn");
    check(r->cpus >= 1 && r->cpus <= NCPU && r->cpus == rec[0].cpus,
          "a bad cpu count");
  }
  find(n, "ptable");
  find(n, "kmem");
  find(n, "inode");
  find(n, "other");
}

// The contend child: call procmem on itself, which walks its heap under
// the process table's lock, until the lock was contended or HAMMER calls.
static void
hammer(void)
{
  struct procmem pm;
  int i;

  if(sbrk(HEAP) == (char*)-1)
    fail("sbrk");
  for(i = 1; i <= HAMMER; i++){
    if(procmem(getpid(), &pm) < 0)
      fail("procmem on itself failed");
    if(i % LOOK == 0 && find(readall(), "ptable")->contended > 0)
      break;
  }
  exit();
}

// Two processes hammering one lock on two CPUs or more are counted
// waiting for it; on one CPU no lock is ever waited for.
static void
contend(void)
{
  int i, n;

  lockstat(0, 0, LS_RESET);
  for(i = 0; i < 2; i++)
    if(xfork() == 0)
      hammer();
  for(i = 0; i < 2; i++)
    check(wait() > 0, "a contend child was lost");
  n = readall();
  if(rec[0].cpus >= 2 && find(n, "ptable")->contended == 0)
    fail("two processes on two CPUs hammered ptable and never waited");
  if(rec[0].cpus == 1)
    for(i = 0; i < n; i++)
      if(rec[i].contended != 0){
        printf(resfd, "fclass %s was waited for on one CPU\n", rec[i].name);
        exit();
      }
}

// Run lockstat with the arguments a, b, c up to the first null one, and
// keep its output in out.
static void
runlockstat(char *a, char *b, char *c)
{
  char *argv[] = { "lockstat", a, b, c, 0 };
  int p[2], pid, n, total = 0;

  xpipe(p);
  pid = spawnout("lockstat", argv, p, -1);
  close(p[1]);
  while(total < OUTMAX && (n = read(p[0], out + total, OUTMAX - total)) > 0)
    total += n;
  out[total] = 0;
  close(p[0]);
  check(wait() == pid, "wait for lockstat");
}

// The program refuses bad arguments by name and runs nothing then;
// -h prints its usage; with a command it runs it and prints the counts.
static void
program(void)
{
  runlockstat("-x", 0, 0);
  check(!!strstr(out, "lockstat: unknown option '-x'"), out);
  runlockstat("-n", "0", 0);
  check(!!strstr(out, "lockstat: bad rows '0' (1..64)"), out);
  runlockstat("-n", 0, 0);
  check(!!strstr(out, "lockstat: -n needs"), out);
  runlockstat("-r", "echo", "hi");
  check(!!strstr(out, "unexpected argument 'echo'") && !strstr(out, "hi\n"),
        out);
  runlockstat("nosuchprog", 0, 0);
  check(!!strstr(out, "lockstat: no program 'nosuchprog'") &&
        !strstr(out, "class"), out);
  runlockstat("-h", 0, 0);
  check(!!strstr(out, "usage: lockstat"), out);
  runlockstat("-n", "3", "echo");
  check(!!strstr(out, "class") && strstr(out, "kmem ") &&
        !strstr(out, "lockstat: "), out);
}

static struct test tests[] = {
  { "grows", grows },
  { "reset", reset },
  { "badargs", badargs },
  { "consistent", consistent },
  { "contend", contend },
  { "program", program },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Run the tests named on the command line, or all, and print the summary.
int
main(int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, NTESTS, argc, argv, LIMIT, NULL, &npass, &nfail);
  printf(1, "locktest: %d passed, %d failed\n", npass, nfail);
  exit();
}
