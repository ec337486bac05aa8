// Small C library for user programs: strings, memory, line input, stat,
// numbers, the time-stamp counter.
// Every function is weak so a program may define its own with the same name.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

#define WEAK __attribute__((weak))

// Copy the string t to s; return s.
WEAK char *
strcpy(char *s, const char *t)
{
  char *d = s;

  while((*d++ = *t++) != 0)
    ;
  return s;
}

// Compare strings p and q as unsigned bytes: <0, 0 or >0.
WEAK int
strcmp(const char *p, const char *q)
{
  while(*p && *p == *q)
    p++, q++;
  return (uchar)*p - (uchar)*q;
}

// Return the number of bytes in s before its NUL.
WEAK uint
strlen(const char *s)
{
  uint n = 0;

  while(s[n])
    n++;
  return n;
}

// Fill n bytes at dst with the byte c; return dst.
WEAK void *
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  while(n-- > 0)
    *d++ = c;
  return dst;
}

// Return the first occurrence of c in s, or NULL if there is none.
WEAK char *
strchr(const char *s, char c)
{
  for(; *s; s++)
    if(*s == c)
      return (char *)s;
  return NULL;
}

// Return the first occurrence of sub in s (s itself when sub is empty),
// or NULL if there is none.
WEAK char *
strstr(const char *s, const char *sub)
{
  uint i, n = strlen(sub);

  for(;; s++){
    for(i = 0; i < n && s[i] == sub[i]; i++)
      ;
    if(i == n)
      return (char *)s;
    if(*s == 0)
      return NULL;
  }
}

// Read a line (up to max-1 bytes, newline kept) from fd 0 into buf and
// NUL-terminate it; at end of input buf is the empty string.
WEAK char *
gets(char *buf, int max)
{
  int i = 0;
  char c;

  while(i + 1 < max && read(0, &c, 1) == 1){
    buf[i++] = c;
    if(c == '\n' || c == '\r')
      break;
  }
  buf[i] = '\0';
  return buf;
}

// Fill *st with the status of the file at path n; return 0, or -1 if
// it cannot be opened.
WEAK int
stat(const char *n, struct stat *st)
{
  int fd, r;

  fd = open(n, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}

// Return the decimal number at the start of s (an optional '-' first).
WEAK int
atoi(const char *s)
{
  int n = 0, neg = 0;

  if(*s == '-'){
    neg = 1;
    s++;
  }
  while(*s >= '0' && *s <= '9')
    n = n*10 + (*s++ - '0');
  return neg ? -n : n;
}

// Parse s, a whole decimal number with an optional leading '-', into *n:
// 0, or -1 (leaving *n alone) if s is empty, holds any other character,
// or lies outside [lo, hi]. Unlike atoi it never guesses, so a program
// can refuse "abc", "12x" or an overflowing number by name.
WEAK int
parseint(const char *s, int lo, int hi, int *n)
{
  uint v = 0, lim;
  int neg = 0, d;

  if(*s == '-'){
    neg = 1;
    s++;
  }
  // The largest magnitude an int can hold with this sign.
  lim = neg ? 0x80000000U : 0x7fffffffU;
  if(*s == 0)
    return -1;
  for(; *s; s++){
    if(*s < '0' || *s > '9')
      return -1;
    d = *s - '0';
    if(v > (lim - d) / 10)
      return -1;
    v = v*10 + d;
  }
  d = neg ? (int)-v : (int)v;
  if(d < lo || d > hi)
    return -1;
  *n = d;
  return 0;
}

// The first of argv[1..argc) that is an option, a '-' and more (a lone
// "-" is a name), or NULL. Programs print their usage when it is "-h"
// and refuse any other, since none of them takes options.
WEAK char *
findopt(int argc, char *argv[])
{
  int i;

  for(i = 1; i < argc; i++)
    if(argv[i][0] == '-' && argv[i][1] != 0)
      return argv[i];
  return NULL;
}

// For a program whose only option is -h: with -h, print "usage: "
// followed by usage on standard output and exit; with any other option,
// refuse it by name on standard error and exit; else return.
void
helponly(int argc, char *argv[], const char *name, const char *usage)
{
  char *opt;

  if((opt = findopt(argc, argv)) == NULL)
    return;
  if(strcmp(opt, "-h") == 0)
    printf(1, "usage: %s\n", usage);
  else
    printf(2, "%s: unknown option '%s' (only -h)\n", name, opt);
  exit();
}

// For a program that takes no arguments: with -h, print "usage: "
// followed by usage on standard output and exit; with any other
// argument, refuse it by name on standard error (note, if not empty,
// saying why after "takes none") and exit; else return.
void
noargs(int argc, char *argv[], const char *name, const char *usage,
       const char *note)
{
  if(argc < 2)
    return;
  if(strcmp(argv[1], "-h") == 0)
    printf(1, "usage: %s\n", usage);
  else
    printf(2, "%s: unexpected argument '%s' (%s takes none%s)\n", name,
           argv[1], name, note);
  exit();
}

// Copy n bytes from src to dst, correctly even when they overlap; return dst.
WEAK void *
memmove(void *dst, const void *src, int n)
{
  char *d = dst;
  const char *s = src;

  if(s < d && s + n > d){
    // Copy from the end so bytes are read before being overwritten.
    while(n-- > 0)
      d[n] = s[n];
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// The low 32 bits of the time-stamp counter. Under ICOUNT=1 it counts
// guest instructions, so rdtsc() - t0 is the instructions run since t0,
// right even across a wrap for spans under 2^32.
WEAK uint
rdtsc(void)
{
  uint lo, hi;

  asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
  return lo;
}

// v in decimal at the end of buf; see user.h.
WEAK char*
fmtuint(char *buf, uint v, int frac)
{
  char *s = buf + NUMBUF - 1;

  *s = 0;
  if(frac){
    *--s = '0' + v % 10;
    *--s = '.';
    v /= 10;
  }
  do {
    *--s = '0' + v % 10;
    v /= 10;
  } while(v);
  return s;
}

// What one fork + child exit + wait costs in rdtsc ticks; see user.h.
WEAK uint
timefork(void)
{
  uint t0, t;
  int pid, w;

  t0 = rdtsc();
  pid = fork();
  if(pid == 0)
    exit();
  w = wait();
  t = rdtsc() - t0;
  if(pid < 0 || w != pid)
    return 0;
  return t > 0 ? t : 1;
}

// The cheapest of 16 empty measurements; see user.h.
WEAK uint
rdtscover(void)
{
  uint i, t0, t, best = ~0U;

  for(i = 0; i < 16; i++){
    t0 = rdtsc();
    t = rdtsc() - t0;
    if(t < best)
      best = t;
  }
  return best;
}

// Free pages for a leak check; see user.h. An empty kmreplay reaps the
// heap and counts; munmap may keep one emptied page table for the next
// mapping (vm/mmap.c), which is held, not lost.
WEAK uint
reapedpages(void)
{
  struct kmrres res;
  struct procmem pm;
  uint nocost[1];

  if(kmreplay(NULL, 0, nocost, &res) < 0 || procmem(0, &pm) < 0)
    return 0;
  return res.pages_after + pm.mmaptables;
}

// Print x tenths on fd as a decimal with one digit after the point.
WEAK void
printtenths(int fd, uint x)
{
  printf(fd, "%u.%u", x / 10, x % 10);
}

// sum / n in tenths, rounded down; 0 when n is 0.
WEAK uint
per10(unsigned long long sum, uint n)
{
  return n ? (uint)(sum * 10 / n) : 0;
}

// The smallest mean of batches of n op() costs less over; see user.h.
WEAK uint
bestmean(uint (*op)(void), uint n, uint batches, uint over)
{
  unsigned long long sum, best = ~0ULL;
  uint b, i, t;

  for(b = 0; b <= batches; b++){
    sum = 0;
    for(i = 0; i < n; i++){
      t = op();
      sum += t > over ? t - over : 0;
    }
    if(b > 0 && sum < best)
      best = sum;
  }
  return per10(best, n);
}

// Sum the kmreplay costs of ops[from, to) into *c; see user.h.
WEAK void
kmrcosts(const struct kmrop *ops, const uint *costs, uint from, uint to,
         struct kmrcost *c)
{
  uint i;

  memset(c, 0, sizeof(*c));
  for(i = from; i < to; i++){
    if(ops[i].size){
      c->asum += costs[i];
      c->nalloc++;
    } else {
      c->fsum += costs[i];
      c->nfree++;
    }
    if(costs[i] > c->max)
      c->max = costs[i];
  }
}
