// stressargs: in-guest tests of stress's arguments. Every bad argument must
// be refused with a line naming it and its limits, and nothing run; -h
// prints the usage; good arguments run the workload. Run by scripts/bench.sh.

#include "types.h"
#include "user.h"

#define LIMIT   1000    // ticks a test may run before the runner kills it
#define OUTMAX  2048    // bytes of stress's output kept
#define NARGV   16      // words in one stress command, with the NULL
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

#include "runner.h"

static char out[OUTMAX];


// Split the words of cmd (changed in place) into argv after "stress".
static void
words(char *cmd, char **argv)
{
  int n = 0;

  argv[n++] = "stress";
  while(*cmd && n < NARGV - 1){
    argv[n++] = cmd;
    while(*cmd && *cmd != ' ')
      cmd++;
    if(*cmd)
      *cmd++ = 0;
  }
  argv[n] = NULL;
}

// Report failure: what went wrong, for stress args.
static NORETURN void
failargs(const char *why, const char *args)
{
  printf(resfd, "f%s: stress %s\n", why, args);
  exit();
}

// Run stress with args, its standard output and error into out (up to
// OUTMAX - 1 bytes, then a NUL). If stop, a stress that prints a result
// line is killed at once: it was given bad arguments and ran a workload.
static void
run(char *args, int stop)
{
  static char cmd[128];
  char *argv[NARGV];
  int p[2], pid, n, total = 0;

  strcpy(cmd, args);
  words(cmd, argv);
  xpipe(p);
  pid = spawnout("/stress", argv, p, -1);
  close(p[1]);
  while(total < OUTMAX - 1 &&
        (n = read(p[0], out + total, OUTMAX - 1 - total)) > 0){
    total += n;
    out[total] = 0;
    if(stop && strstr(out, "BENCH "))
      kill(pid);
  }
  out[total] = 0;
  close(p[0]);
  wait();
}

// stress args must be refused with one line naming arg and the limit want.
static void
refused(char *args, char *arg, char *want)
{
  char *nl;

  run(args, 1);
  if(strstr(out, "BENCH "))
    failargs("ran a workload", args);
  if(!strstr(out, "stress: ") || !strstr(out, arg) ||
     !strstr(out, want))
    failargs("no line naming the argument and its limit", args);
  if((nl = strchr(out, '\n')) == NULL || nl[1] != 0)
    failargs("not one line", args);
}

// A bad command line and what its refusal must name: the argument, and
// its limit (or what it applies to).
struct refusal {
  char *args;
  char *arg;
  char *want;
};

// Every command line in r (n of them) must be refused.
static void
refuseall(struct refusal *r, int n)
{
  int i;

  for(i = 0; i < n; i++)
    refused(r[i].args, r[i].arg, r[i].want);
}

// -n takes a whole number of live objects or regions, 1..16384.
static struct refusal live[] = {
  { "-n abc", "-n 'abc'", "1..16384" },
  { "-n 0", "-n '0'", "1..16384" },
  { "-n 16385", "-n '16385'", "1..16384" },
  { "-n 12x", "-n '12x'", "1..16384" },
  { "-n -5", "-n '-5'", "1..16384" },
  { "-n 99999999999", "-n '99999999999'", "1..16384" },
  { "-n", "-n", "1..16384" },
};

// -c takes a number of churn steps, and a km trace must fit kmreplay.
static struct refusal churn[] = {
  { "-w km -c abc", "-c 'abc'", "1..1000000" },
  { "-w mmap -c 0", "-c '0'", "1..1000000" },
  { "-w mmap -c 1000001", "-c '1000001'", "1..1000000" },
  { "-w km -n 10000 -c 30000", "-c '30000'", "22768" },
};

// -p is a number of processes, 1..16, and only -w smp has them; -w smp
// takes -c (operations per process) but not -n.
static struct refusal procs[] = {
  { "-w smp -p 0", "-p '0'", "1..16" },
  { "-w smp -p 17", "-p '17'", "1..16" },
  { "-w smp -p 4x", "-p '4x'", "1..16" },
  { "-w smp -p", "-p", "1..16" },
  { "-w smp -c 0", "-c '0'", "1..1000000" },
  { "-w smp -c 1000001", "-c '1000001'", "1..1000000" },
  { "-p 4", "-p", "-w smp" },
  { "-w km -p 2", "-p", "-w smp" },
  { "-w smp -n 5", "-n", "-w km" },
  { "-w smp -k", "-k", "-w mmap" },
  { "-w smp -p 2 -p 3", "-p", "at most once" },
};

// -z is a size of 1..4096 bytes, and only -d fixed has one.
static struct refusal size[] = {
  { "-w km -d fixed -z 0", "-z '0'", "1..4096" },
  { "-w km -d fixed -z 4097", "-z '4097'", "1..4096" },
  { "-w km -d fixed -z 6k", "-z '6k'", "1..4096" },
  { "-w km -z 100", "-z", "-d fixed" },
};

// -d, -w and -s take only the values they list.
static struct refusal names[] = {
  { "-w km -d bogus", "-d 'bogus'", "uniform, kmix or fixed" },
  { "-w bogus", "-w 'bogus'", "km, mmap, frag or smp" },
  { "-s abc", "-s 'abc'", "0..2147483647" },
  { "-s 4294967296", "-s '4294967296'", "0..2147483647" },
};

// Unknown flags, stray words, repeats and flags the workload does not
// use are refused.
static struct refusal flags[] = {
  { "-x", "'-x'", "-q -m -k" },
  { "-nn 5", "'-nn'", "-q -m -k" },
  { "abc", "'abc'", "only options" },
  { "-n 5 -n 6", "-n", "at most once" },
  { "-q -w km", "-q", "standard set" },
  { "-n 100", "-n", "-w" },
  { "-w frag -n 5", "-n", "-w km" },
  { "-w mmap -d kmix", "-d", "-w km" },
  { "-w km -m", "-m", "the standard set and -w frag" },
  { "-k", "-k", "-w mmap" },
  { "-w frag -k", "-k", "-w mmap" },
  { "-m -m", "-m", "at most once" },
};

// Bad -n values are refused.
static void
badlive(void)
{
  refuseall(live, NELEM(live));
}

// Bad -c values are refused.
static void
badchurn(void)
{
  refuseall(churn, NELEM(churn));
}

// Bad -p values, and -p or -n where they do not apply, are refused.
static void
badprocs(void)
{
  refuseall(procs, NELEM(procs));
}

// Bad -z values are refused.
static void
badsize(void)
{
  refuseall(size, NELEM(size));
}

// Bad names and seeds are refused.
static void
badnames(void)
{
  refuseall(names, NELEM(names));
}

// Bad, repeated and unused flags are refused.
static void
badflags(void)
{
  refuseall(flags, NELEM(flags));
}

// -h prints the usage and runs nothing.
static void
help(void)
{
  run("-h", 1);
  if(!strstr(out, "usage: stress") || strstr(out, "BENCH "))
    fail("stress -h did not print just the usage");
}

// Good arguments run the workload: a small trace prints its two results.
static void
good(void)
{
  run("-w km -d fixed -z 32 -n 10 -c 10 -s 7", 0);
  if(!strstr(out, "path=replay") || !strstr(out, "path=syscall") ||
     strstr(out, "stress: "))
    fail("stress -w km -d fixed -z 32 -n 10 -c 10 -s 7 did not run");
}

static struct test tests[] = {
  { "badlive", badlive },   { "badchurn", badchurn },
  { "badsize", badsize },   { "badnames", badnames },
  { "badprocs", badprocs },
  { "badflags", badflags }, { "help", help },
  { "good", good },
};

int
main(int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, NELEM(tests), argc, argv, LIMIT, NULL, &npass, &nfail);
  printf(1, "stressargs: %d passed, %d failed\n", npass, nfail);
  exit();
}
