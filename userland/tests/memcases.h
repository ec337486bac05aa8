// Helpers the memory suites (mmaptest, cowtest, filemaptest) share: page
// counts for leak checks, a child that must die at a bad access, and the
// leak-checked run of a suite. Include after runner.h. Marked unused,
// as runner.h's are, so that a suite may use some and not others.

static int kidfd;          // in a fault child: the pipe to the test

// Pages free, plus what the kernel heap and its token table hold: what
// a test must give back exactly; -1 if kmstat fails.
static __attribute__((unused)) int
pagesfree(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0)
    return -1;
  return st.free_pages + st.held_bytes / PGSIZE + st.token_pages;
}

// pagesfree, failing the test if kmstat does.
static __attribute__((unused)) int
xpagesfree(void)
{
  int n;

  if((n = pagesfree()) < 0)
    fail("kmstat failed");
  return n;
}

// In a fault child: tell the test the bad access comes next.
static __attribute__((unused)) void
ready(void)
{
  write(kidfd, "r", 1);
}

// Run fn in a child that must die at the access after its ready(); fail
// with why if it survives.
static __attribute__((unused)) void
mustdie(void (*fn)(void), const char *why)
{
  int p[2], pid, n;
  char c[4];

  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    kidfd = p[1];
    fn();
    write(kidfd, "s", 1);
    exit();
  }
  close(p[1]);
  if(wait() != pid)
    fail("wait for the faulting child");
  n = read(p[0], c, sizeof(c));
  close(p[0]);
  if(n < 1 || c[0] != 'r')
    fail("the faulting child failed before its access");
  if(n > 1)
    fail(why);
}

// Run the n tests named on the command line (or all, each checked for
// pages not given back) with the given watchdog, check that the whole
// run gave back every page since base (pagesfree before anything ran),
// print the summary line for suite name, and exit.
static void __attribute__((noreturn))
leakrun(const char *name, struct test *tests, int n, int watchdog, int base,
        int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, n, argc, argv, watchdog, pagesfree, &npass, &nfail);
  if(base < 0 || pagesfree() != base){
    printf(1, "FAIL leakcheck: the run lost %d pages\n", base - pagesfree());
    nfail++;
  } else {
    printf(1, "ok leakcheck\n");
    npass++;
  }
  printf(1, "%s: %d passed, %d failed\n", name, npass, nfail);
  exit();
}
