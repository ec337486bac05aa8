// ulibtest: in-guest tests of the user library (userland/lib): printf,
// malloc and free, the string helpers, parseint and findopt, gets,
// stat and rdtsc. Each test runs in its own child (runner.h); each
// prints "ok NAME" or "FAIL NAME: why".
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

#include "runner.h"

#define LIMIT 1000         // ticks a test may run before the runner kills it

static char out[1024];     // what a printf produced

// Return whether strings a and b are equal.
static int
same(const char *a, const char *b)
{
  return strcmp(a, b) == 0;
}

// Read everything from fd into out (NUL-terminated).
static void
slurp(int fd)
{
  int n, len = 0;

  while((n = read(fd, out + len, sizeof(out) - 1 - len)) > 0)
    len += n;
  out[len] = 0;
}

// Each printf directive formats its argument as documented.
static void
printfformats(void)
{
  int p[2];

  xpipe(p);
  printf(p[1], "%d|%d|%d|%u|%x|%p|%s|%c|%%|%s",
         42, -7, (int)0x80000000, 4000000000U, 0xbeef, (void *)0x1000,
         "str", 'z', (char *)NULL);
  close(p[1]);
  slurp(p[0]);
  check(same(out, "42|-7|-2147483648|4000000000|beef|0x1000|str|z|%|(null)"),
        out);
}

// Output longer than printf's internal buffer arrives whole and in order.
static void
printflong(void)
{
  char s[301];
  int p[2], i;

  for(i = 0; i < 300; i++)
    s[i] = 'a' + i % 26;
  s[300] = 0;
  xpipe(p);
  printf(p[1], "<%s>%d", s, 5);
  close(p[1]);
  slurp(p[0]);
  check(strlen(out) == 303, "wrong length");
  check(out[0] == '<' && out[301] == '>' && out[302] == '5', "framing lost");
  out[301] = 0;
  check(same(out + 1, s), "text garbled");
}

// Live blocks do not overlap, are 8-byte aligned and keep their contents.
static void
mallocdistinct(void)
{
  enum { N = 60 };
  char *p[N];
  int i, j;

  for(i = 0; i < N; i++){
    p[i] = malloc(1 + i * 37);
    check(p[i] != NULL, "malloc returned NULL");
    check(((uint)p[i] & 7) == 0, "block not 8-byte aligned");
    memset(p[i], i, 1 + i * 37);
  }
  for(i = 0; i < N; i++)
    for(j = 0; j < 1 + i * 37; j++)
      check(p[i][j] == (char)i, "block contents overwritten");
  for(i = 0; i < N; i++)
    free(p[i]);
}

// Freed memory is reused: repeated malloc/free does not keep growing the heap.
static void
mallocreuse(void)
{
  char *start, *p, *q;
  int i;

  free(malloc(5000));
  start = sbrk(0);
  for(i = 0; i < 500; i++){
    p = malloc(3000);
    q = malloc(1000);
    check(p != NULL && q != NULL, "malloc returned NULL");
    free(p);
    free(q);
  }
  check(sbrk(0) == start, "heap grew although every block was freed");
  free(NULL);
}

// Neighbouring free blocks merge, whatever order they are freed in, so
// their combined space serves one large request without growing the heap.
static void
mallocmerge(void)
{
  char *start, *a, *b, *c;

  free(malloc(12000));
  start = sbrk(0);
  a = malloc(3000);
  b = malloc(3000);
  c = malloc(3000);
  check(a && b && c, "malloc returned NULL");
  free(a);
  free(c);
  free(b);
  check(malloc(9000) != NULL, "malloc returned NULL");
  check(sbrk(0) == start, "freed neighbours were not merged");
}

// A block far larger than one sbrk step works; an impossible one is NULL.
static void
mallocbig(void)
{
  char *p;
  uint n = 1 << 20;

  p = malloc(n);
  check(p != NULL, "1 MiB malloc failed");
  p[0] = 1;
  p[n - 1] = 2;
  free(p);
  check(malloc(0xfffffff0) == NULL, "absurd malloc did not fail");
}

// The string helpers: copies, comparisons, lengths, searches.
static void
strings(void)
{
  char b[16];

  check(strcpy(b, "hello") == b && same(b, "hello"), "strcpy");
  check(strlen("") == 0 && strlen(b) == 5, "strlen");
  check(strcmp("abc", "abd") < 0 && strcmp("abd", "abc") > 0, "strcmp order");
  check(strcmp("ab", "abc") < 0 && strcmp("\xff", "a") > 0, "strcmp sign");
  check(strchr(b, 'l') == b + 2 && strchr(b, 'z') == NULL, "strchr");
  check(memset(b, 'x', 3) == b && same(b, "xxxlo"), "memset");
  check(atoi("123") == 123 && atoi("-45") == -45 && atoi("12ab") == 12,
        "atoi");
  check(atoi("") == 0, "atoi of empty string");
}

// parseint takes whole decimal numbers inside the range, and refuses
// anything else without touching the result.
static void
parseints(void)
{
  int n;

  check(parseint("0", 0, 10, &n) == 0 && n == 0, "0");
  check(parseint("123", 1, INTMAX, &n) == 0 && n == 123, "123");
  check(parseint("-45", INTMIN, 0, &n) == 0 && n == -45, "-45");
  check(parseint("2147483647", INTMIN, INTMAX, &n) == 0 && n == INTMAX,
        "largest int");
  check(parseint("-2147483648", INTMIN, INTMAX, &n) == 0 && n == INTMIN,
        "smallest int");
  n = 7;
  check(parseint("", INTMIN, INTMAX, &n) < 0, "empty string taken");
  check(parseint("-", INTMIN, INTMAX, &n) < 0, "lone minus taken");
  check(parseint("abc", INTMIN, INTMAX, &n) < 0, "abc taken");
  check(parseint("12x", INTMIN, INTMAX, &n) < 0, "12x taken");
  check(parseint("0x10", INTMIN, INTMAX, &n) < 0, "0x10 taken");
  check(parseint(" 1", INTMIN, INTMAX, &n) < 0, "leading space taken");
  check(parseint("+1", INTMIN, INTMAX, &n) < 0, "plus sign taken");
  check(parseint("2147483648", INTMIN, INTMAX, &n) < 0, "overflow taken");
  check(parseint("-2147483649", INTMIN, INTMAX, &n) < 0, "underflow taken");
  check(parseint("99999999999", INTMIN, INTMAX, &n) < 0, "long overflow");
  check(parseint("0", 1, INTMAX, &n) < 0, "below range taken");
  check(parseint("11", 0, 10, &n) < 0, "above range taken");
  check(n == 7, "a refused number changed the result");
}

// findopt returns the first argument after argv[0] that starts with '-'
// and has more, and nothing when there is none.
static void
findopts(void)
{
  char *none[] = { "-x", "a", "-", "b", NULL };
  char *two[] = { "prog", "a", "-h", "-x", NULL };
  char *one[] = { "prog", "--", NULL };

  check(findopt(4, none) == NULL, "an option found among names");
  check(findopt(1, none) == NULL, "argv[0] taken as an option");
  check(findopt(4, two) == two[2], "not the first option");
  check(findopt(2, one) == one[1], "-- not taken as an option");
  check(findopt(2, two) == NULL, "looked past argc");
}

// memmove copies correctly whichever way the ranges overlap.
static void
moves(void)
{
  char b[16];

  strcpy(b, "abcdefgh");
  check(memmove(b + 2, b, 5) == b + 2 && same(b, "ababcdeh"), "move up");
  strcpy(b, "abcdefgh");
  check(memmove(b, b + 2, 5) == b && same(b, "cdefgfgh"), "move down");
  memmove(b, "zz", 0);
  check(same(b, "cdefgfgh"), "zero-length move wrote");
}

// gets returns one line at a time with its newline, a last line
// without one, then the empty string at end of input.
static void
getslines(void)
{
  char b[8];
  int p[2];

  xpipe(p);
  write(p[1], "ab\ncdefghijk", 12);
  close(p[1]);
  close(0);
  dup(p[0]);
  close(p[0]);
  check(same(gets(b, sizeof(b)), "ab\n"), "first line");
  check(same(gets(b, sizeof(b)), "cdefghi"), "long line not cut to size");
  check(same(gets(b, sizeof(b)), "jk"), "unterminated last line");
  check(same(gets(b, sizeof(b)), ""), "end of input");
}

// stat reports type and size, and fails for a missing file.
static void
stats(void)
{
  struct stat st;
  int fd;

  check(stat("/", &st) == 0 && st.type == T_DIR, "stat /");
  fd = open("ulibtest.tmp", O_CREATE | O_RDWR);
  check(fd >= 0, "cannot create ulibtest.tmp");
  write(fd, "12345", 5);
  close(fd);
  check(stat("ulibtest.tmp", &st) == 0, "stat of new file failed");
  check(st.type == T_FILE && st.size == 5 && st.nlink == 1, "wrong stat");
  unlink("ulibtest.tmp");
  check(stat("ulibtest.tmp", &st) < 0, "stat of removed file succeeded");
}

// rdtsc's low half advances across a loop by at least its turns: the
// counter ticks at least once per guest instruction or host cycle.
static void
tsc(void)
{
  volatile uint spin;
  uint t0, t;

  t0 = rdtsc();
  for(spin = 0; spin < 1000; spin++)
    ;
  t = rdtsc() - t0;
  if(t < 1000 || t > 0x7fffffff)
    failv("rdtsc moved too little across 1,000 turns", t);
}

static struct test tests[] = {
  { "printfformats", printfformats },
  { "printflong", printflong },
  { "mallocdistinct", mallocdistinct },
  { "mallocreuse", mallocreuse },
  { "mallocmerge", mallocmerge },
  { "mallocbig", mallocbig },
  { "strings", strings },
  { "parseints", parseints },
  { "findopts", findopts },
  { "moves", moves },
  { "getslines", getslines },
  { "stats", stats },
  { "tsc", tsc },
};
#define NELEM ((int)(sizeof(tests) / sizeof(tests[0])))


// Run the tests named on the command line, or all, and print the summary.
int
main(int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, NELEM, argc, argv, LIMIT, NULL, &npass, &nfail);
  printf(1, "ulibtest: %d passed, %d failed\n", npass, nfail);
  exit();
}
