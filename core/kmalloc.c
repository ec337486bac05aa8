// The kernel heap's entry points: argument checks and the counters every
// implementation shares, over kmalloc_ops (alloc/kmalloc_$(ALLOC).c).

#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "slabinfo.h"
#include "ktrace.h"

// A block allocated on one CPU and freed on another leaves one live
// count too high and the other too low; the unsigned sums wrap back to
// the right total.
struct kmcount kmcounts[NCPU];

// Reset the counters and set up the implementation.
void
kmallocinit(void)
{
  memset(kmcounts, 0, sizeof(kmcounts));
  kmrecinit();
  kmalloc_ops.init();
}

// kmalloc's and kmfree's fast paths test one bound each, which checks the
// argument and the recorder at once: n - 1 < fastn holds for n in
// 1..KMALLOC_MAX, (unsigned long)p - 1 < fastp for p not NULL, and while
// the recorder is on both bounds are 0, so that every call takes the
// slow path, which records. A CPU that reads a stale bound records a few
// operations more or less around the switch, as with kmrecon.
static uint fastn = KMALLOC_MAX;
static unsigned long fastp = ~0UL;

// Open the fast paths (on) or send every kmalloc and kmfree to the slow
// paths (the recorder is switching on).
void
kmfastpath(int on)
{
  fastn = on ? KMALLOC_MAX : 0;
  fastp = on ? ~0UL : 0;
}

// kmalloc's slow path: a size out of range, counted as a failed call, or
// any request while the recorder is on, taken and recorded in one pushcli
// section so that the record names the CPU that allocated.
static __attribute__((noinline)) void *
kmallocslow(uint n)
{
  void *p = NULL;

  pushcli();
  if (n > 0 && n <= KMALLOC_MAX)
    p = kmalloc_ops.alloc(n, cpuid());
  else
    kmcountfail(cpuid());
  if (kmrecon)
    kmrecord(KT_ALLOC, NULL, n, p);
  popcli();
  return p;
}

// Allocate n bytes through the implementation, which counts the call, in
// one pushcli section; recorded when the recorder is on.
void *
kmalloc(uint n)
{
  void *p;

  if (__builtin_expect(n - 1 >= fastn, 0))
    return kmallocslow(n);
  pushcli();
  p = kmalloc_ops.alloc(n, cpuid());
  popcli();
  return p;
}

// Count a kmalloc request refused before it reached the heap (the
// user token table was full) as the failed call it is for the caller.
void
kmrefused(void)
{
  pushcli();
  kmcountfail(cpuid());
  popcli();
}

// kmfree's slow path: NULL, which does nothing, or any free while the
// recorder is on. The record goes first, so that a trace never shows p
// allocated again (by another CPU) before this free.
static __attribute__((noinline)) void
kmfreeslow(void *p)
{
  if (p == NULL)
    return;
  pushcli();
  if (kmrecon)
    kmrecord(KT_FREE, NULL, 0, p);
  kmalloc_ops.free(p, cpuid());
  popcli();
}

// Free p through the implementation, which counts it, in one pushcli
// section; recorded when the recorder is on.
void
kmfree(void *p)
{
  if (__builtin_expect((unsigned long)p - 1 >= fastp, 0)) {
    kmfreeslow(p);
    return;
  }
  pushcli();
  kmalloc_ops.free(p, cpuid());
  popcli();
}

// Sum the per-CPU counters and ask the implementation for free_bytes.
void
kmstats(struct kmstats *st)
{
  kmtally(st);
  kmalloc_ops.stats(st);
}

// Sum the per-CPU counters, taking no lock; free_bytes stays 0.
void
kmtally(struct kmstats *st)
{
  struct kmcount *k;

  memset(st, 0, sizeof(*st));
  for (k = kmcounts; k < &kmcounts[NCPU]; k++) {
    st->allocs += k->allocs;
    st->frees += k->frees;
    st->fails += k->fails;
    st->live_bytes += k->live;
    st->held_bytes += k->held;
    st->obj_bytes += k->objlive;
  }
}

// Hand back what the implementation holds without live blocks.
void
kmreap(void)
{
  kmalloc_ops.reap();
}

// Check the implementation's invariants.
int
kmcheck(void)
{
  return kmalloc_ops.check();
}

// Ask the implementation for cache i's record, cleared first so that no
// stale byte (past the name's NUL, say) reaches a caller.
int
kmcacheinfo(int i, struct slabinfo *r)
{
  memset(r, 0, sizeof(*r));
  return kmalloc_ops.info(i, r);
}

// Check the arguments, then make the cache and give it a trace id.
struct kmcache *
kmcache_create(const char *name, uint size, uint align)
{
  struct kmcache *c;

  if (align == 0)
    align = KMALIGN;
  if (size == 0 || size > KMCACHE_MAX || align > PGSIZE ||
      (align & (align - 1)) != 0)
    return NULL;
  if (align < KMALIGN)
    align = KMALIGN;
  c = kmalloc_ops.cachecreate(name, size, align);
  if (c != NULL)
    kmrecname(c, name, size);
  return c;
}

// Allocate an object of c.
void *
kmcache_alloc(struct kmcache *c)
{
  void *p;

  pushcli();
  p = kmalloc_ops.cachealloc(c, cpuid());
  if (__builtin_expect(kmrecon, 0))
    kmrecord(KT_CALLOC, c, 0, p);
  popcli();
  return p;
}

// Free object p of c; NULL is ignored.
void
kmcache_free(struct kmcache *c, void *p)
{
  if (p == NULL)
    return;
  pushcli();
  if (__builtin_expect(kmrecon, 0))
    kmrecord(KT_CFREE, c, 0, p);
  kmalloc_ops.cachefree(c, p, cpuid());
  popcli();
}

// Add n to the calling CPU's count of held bytes.
static void
held(int n)
{
  pushcli();
  kmcounts[cpuid()].held += n;
  popcli();
}

// Allocate 2^order pages for the heap, counting them as held.
void *
kmpages(int order)
{
  void *va = kallocpages(order);

  if (va != NULL)
    held(PGSIZE << order);
  return va;
}

// Record owner in the owner slot of each page of the run at va.
void
kmown(void *va, int order, void *owner)
{
  char *p;

  for (p = va; p < (char *)va + (PGSIZE << order); p += PGSIZE)
    kpageinfo(p)->owner = owner;
}

// Clear the owner slots and give the run back, uncounting it.
void
kmunpages(void *va, int order)
{
  kmown(va, order, NULL);
  held(-(PGSIZE << order));
  kfreepages(va, order);
}

// The least 2^order pages that hold n bytes, for a request above the
// implementation's own blocks, with *order set; NULL when out of pages.
// Under KDEBUG the bytes past n are red.
void *
kmrunget(uint n, int *order)
{
  void *va;
  int k = 0;

  while ((PGSIZE << k) < n)
    k++;
  if ((va = kmpages(k)) == NULL)
    return NULL;
  *order = k;
#ifdef KDEBUG
  memset((char *)va + n, KMRED, (PGSIZE << k) - n);
#endif
  return va;
}

// Give back a run from kmrunget for n bytes; under KDEBUG, panic first
// if the bytes past n are no longer red.
void
kmrunput(void *va, uint n, int order)
{
#ifdef KDEBUG
  if (!kmfilled((char *)va + n, KMRED, (PGSIZE << order) - n))
    kmpanic("red zone smashed around", va, PGSIZE << order);
#endif
  kmunpages(va, order);
}

// Append s to the message at d, stopping at e; return the new end.
static char *
putstr(char *d, char *e, const char *s)
{
  while (*s != '\0' && d < e)
    *d++ = *s++;
  return d;
}

// Append v in the given base, with 0x before hex; return the new end.
static char *
putnum(char *d, char *e, unsigned long v, int base)
{
  char digits[24];
  int i = 0;

  do {
    digits[i++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v != 0);
  if (base == 16)
    d = putstr(d, e, "0x");
  while (i > 0 && d < e)
    *d++ = digits[--i];
  return d;
}

// Name record r for a cache: name, then "-size" unless size is 0.
void
kminfoname(struct slabinfo *r, const char *name, uint size)
{
  char *d, *e = r->name + sizeof(r->name) - 1;

  d = putstr(r->name, e, name);
  if (size != 0)
    d = putnum(putstr(d, e, "-"), e, size, 10);
  *d = '\0';
}

// Panic with one line naming the allocator, the problem, p and size.
void
kmpanic(const char *what, void *p, uint size)
{
  static char msg[128];
  char *d, *e = msg + sizeof(msg) - 1;

  d = putstr(msg, e, "kmalloc ");
  d = putstr(d, e, kmalloc_ops.name);
  d = putstr(d, e, ": ");
  d = putstr(d, e, what);
  d = putstr(d, e, " ");
  // unsigned long has a pointer's width on i386 and on 64-bit hosts.
  d = putnum(d, e, (unsigned long)p, 16);
  d = putstr(d, e, " (class ");
  d = putnum(d, e, size, 10);
  d = putstr(d, e, ")");
  *d = '\0';
  panic(msg);
}

#ifdef KDEBUG
// Return 1 if the n bytes at p all equal c.
int
kmfilled(void *p, uchar c, uint n)
{
  uchar *s;

  for (s = p; s < (uchar *)p + n; s++)
    if (*s != c)
      return 0;
  return 1;
}

// Panic unless block b is still poisoned, then red its zones.
void
kmdbgtake(struct kmblock *b)
{
  if (!kmfilled(b->free, KMPOISON, b->len))
    kmpanic("write after free to", b->body, b->class);
  memset(b->body - b->lead, KMRED, b->lead);
  memset(b->body + b->n, KMRED, b->room - b->n);
}

// 1 if the red zones before and after block b are intact.
int
kmdbgintact(struct kmblock *b)
{
  return kmfilled(b->body - b->lead, KMRED, b->lead) &&
         kmfilled(b->body + b->n, KMRED, b->room - b->n);
}

// Panic if block b's red zones were smashed, then poison it.
void
kmdbggive(struct kmblock *b)
{
  if (!kmdbgintact(b))
    kmpanic("red zone smashed around", b->body, b->class);
  memset(b->free, KMPOISON, b->len);
}
#endif
