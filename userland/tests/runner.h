// The in-guest suites' runner: each test in its own child under a
// watchdog, its verdict sent back through a pipe as one record, and one
// line printed per test: "ok NAME" or "FAIL NAME: why".
//
// Records are lines: "k..." for a pass, "f<why>" for a failure, "t" for
// the watchdog's timeout; a test child that dies without a record is
// reported as "died". A suite includes this after the user headers and
// builds its own failure helpers on fail(), failx(), check() and resfd.
// Its arguments are test names; a name that is no test, or -h, ends it
// before any test runs.

#include "mmu.h"

#define NORETURN __attribute__((noreturn))

struct test {
  char *name;
  void (*fn)(void);
};

static int resfd;   // in a test child: the pipe to the runner

// Report failure to the runner and end the test child.
static NORETURN void
fail(const char *why)
{
  printf(resfd, "f%s\n", why);
  exit();
}

// Report failure with a number that explains it.
static __attribute__((unused)) NORETURN void
failv(const char *why, int v)
{
  printf(resfd, "f%s (got %d)\n", why, v);
  exit();
}

// Report failure with an address or length that explains it.
static __attribute__((unused)) NORETURN void
failx(const char *why, uint v)
{
  printf(resfd, "f%s (0x%x)\n", why, v);
  exit();
}

// Fail with why unless cond holds.
static __attribute__((unused)) void
check(int cond, const char *why)
{
  if(!cond)
    fail(why);
}

// Whether the n bytes at a and b are equal.
static __attribute__((unused)) int
equal(const char *a, const char *b, int n)
{
  while(n-- > 0)
    if(*a++ != *b++)
      return 0;
  return 1;
}

// fork, failing the test if it cannot. (Not every suite forks itself.)
static __attribute__((unused)) int
xfork(void)
{
  int pid;

  if((pid = fork()) < 0)
    fail("fork failed");
  return pid;
}

// pipe, failing the test if it cannot.
static __attribute__((unused)) void
xpipe(int *p)
{
  if(pipe(p) < 0)
    fail("pipe failed");
}

// Fork a child that runs path with argv, its standard output and error
// going to pipe p's write end; if exec fails the child writes exec's
// result to errfd (when errfd >= 0) and exits. The child's pid.
static __attribute__((unused)) int
spawnout(char *path, char **argv, int *p, int errfd)
{
  int pid, r;

  if((pid = xfork()) == 0){
    close(1);
    dup(p[1]);
    close(2);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    r = exec(path, argv);
    if(errfd >= 0)
      write(errfd, &r, sizeof(r));
    exit();
  }
  return pid;
}

// Start a process that, if test pid runs past ticks, records a timeout on
// fd and kills it; the watchdog's pid.
static int
watchdog(int pid, int fd, int ticks)
{
  int wd;

  if((wd = fork()) == 0){
    sleep(ticks);
    write(fd, "t\n", 2);
    kill(pid);
    exit();
  }
  return wd;
}

// Wait for test pid and watchdog wd, stopping the watchdog as soon as the
// test is over.
static void
reap(int pid, int wd)
{
  int w, testdone = pid < 0, wddone = wd < 0;

  while(!testdone || !wddone){
    if((w = wait()) < 0)
      break;
    if(w == pid){
      testdone = 1;
      if(!wddone)
        kill(wd);
    } else if(w == wd)
      wddone = 1;
  }
}

// Read the first record of result pipe fd: 1 if it is a pass, else 0 with
// the reason in why (max bytes).
static int
record(int fd, char *why, int max)
{
  char c;
  int n = 0;

  if(read(fd, &c, 1) != 1)
    c = 'd';
  if(c == 'k')
    return 1;
  if(c == 'f'){
    while(n < max - 1 && read(fd, why + n, 1) == 1 && why[n] != '\n')
      n++;
    why[n] = 0;
  } else
    strcpy(why, c == 't' ? "timeout" : "died");
  return 0;
}

// Write once to every page of the caller's image and stack (not the
// guard page between them), so that none is still shared copy-on-write
// with the runner: the copies those first writes take then fall outside
// the tests' page counts. The lazy heap above is left as it is.
static void
ownpages(void)
{
  struct procmem pm;
  volatile char *a;
  uint va;

  if(procmem(0, &pm) < 0)
    return;
  for(va = 0; va < pm.heap; va += PGSIZE){
    if(va >= pm.guard && va < pm.stack)
      continue;
    a = (volatile char*)(va + PGSIZE - 1);
    *a = *a;
  }
}

// In the test child: wait for the runner's word on go, then run t and
// report to res. Waiting lets the watchdog's fork take its memory first,
// so tests that count free pages do not see it.
static NORETURN void
testchild(struct test *t, int res, int go)
{
  char c;

  read(go, &c, 1);
  close(go);
  ownpages();
  resfd = res;
  t->fn();
  write(resfd, "k\n", 2);
  exit();
}

// Run test t in a child under a watchdog of ticks; 1 if it passed, else 0
// with the reason in why. If pages is not NULL, the test also fails when
// pages() differs before and after (memory not given back once reaped).
static int
runone(struct test *t, int ticks, int (*pages)(void), char *why, int max)
{
  int p[2], go[2], pid, wd, ok, before = 0, after = 0;

  // The go pipe comes and goes within the count; the result pipe does not.
  if(pipe(p) < 0 || ((before = pages ? pages() : 0), pipe(go) < 0)){
    strcpy(why, "the runner cannot make a pipe");
    return 0;
  }
  if((pid = fork()) == 0){
    close(p[0]);
    close(go[1]);
    testchild(t, p[1], go[0]);
  }
  close(go[0]);
  wd = pid > 0 ? watchdog(pid, p[1], ticks) : -1;
  write(go[1], "g", 1);
  close(go[1]);
  reap(pid, wd);
  after = pages ? pages() : 0;
  // Every record ends in a newline, so record() never reads past this one.
  write(p[1], "d\n", 2);
  ok = record(p[0], why, max);
  close(p[0]);
  close(p[1]);
  if(ok && after != before){
    strcpy(why, "pages not returned after exit");
    return 0;
  }
  return ok;
}

// The test of tests[0..n) called name, or NULL.
static struct test *
findtest(struct test *tests, int n, const char *name)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return NULL;
}

// The last element of path: the program's name without its directory.
static const char *
basename(const char *path)
{
  const char *s = path;

  for(; *path; path++)
    if(*path == '/')
      s = path + 1;
  return s;
}

// Print the names of tests[0..n) on fd, after "tests:", as one line.
static void
listtests(int fd, struct test *tests, int n)
{
  int i;

  printf(fd, "tests:");
  for(i = 0; i < n; i++)
    printf(fd, " %s", tests[i].name);
  printf(fd, "\n");
}

// Check the suite's arguments before anything runs: with -h first print the
// usage and the test names on fd 1 and exit; for a name that is not a
// test, say so on fd 2 with the list and exit. Neither prints a summary,
// since no test ran.
static void
checkargs(struct test *tests, int n, int argc, char *argv[])
{
  const char *prog = basename(argv[0]);
  int i;

  if(argc > 1 && strcmp(argv[1], "-h") == 0){
    printf(1, "usage: %s [test...]: run the named tests, or all\n", prog);
    listtests(1, tests, n);
    exit();
  }
  for(i = 1; i < argc; i++){
    if(findtest(tests, n, argv[i]) == NULL){
      printf(2, "%s: no test '%s'; ", prog, argv[i]);
      listtests(2, tests, n);
      exit();
    }
  }
}

// Run the tests named in argv[1..] (all n of tests with no argument),
// printing a line for each; add to *npass and *nfail. Bad arguments end
// the program first (checkargs).
static void
runtests(struct test *tests, int n, int argc, char *argv[], int ticks,
         int (*pages)(void), int *npass, int *nfail)
{
  static char why[160];
  struct test *t;
  int i;

  checkargs(tests, n, argc, argv);
  for(i = 0; i < (argc > 1 ? argc - 1 : n); i++){
    t = argc > 1 ? findtest(tests, n, argv[i + 1]) : &tests[i];
    if(runone(t, ticks, pages, why, sizeof(why))){
      printf(1, "ok %s\n", t->name);
      (*npass)++;
    } else {
      printf(1, "FAIL %s: %s\n", t->name, why);
      (*nfail)++;
    }
  }
}
