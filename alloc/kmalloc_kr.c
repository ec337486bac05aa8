// K&R free-list allocator for the kernel heap (ALLOC=kr): the classic
// malloc of Kernighan and Ritchie, grown in page runs.
//
// Theory. The heap is runs of 2^order pages from kmpages. A run starts
// with a header unit of its own (magic KRRUN, its size in units, its order,
// the next run) and is tiled by blocks, each a header unit then a body,
// sizes in units. The free blocks form one circular list in address order,
// closed by the sentinel base of size 0; freep, the roving pointer, is
// where the first-fit search starts. Invariants: a block's magic is KRFREE
// exactly when it is on the free list, else KRUSED; free blocks that touch
// are merged, and since a run header is never free no block crosses a
// run. Every page of a run holds the run in its owner slot, so kmfree finds
// the run of any pointer in O(1). Allocation carves from the tail of the
// first block that fits, so that block keeps its header. A used block
// records the bytes asked for, which kmfree returns and KDEBUG's red zone
// starts after. A run that is a single free block is idle; one idle run is
// kept, others go back to the page allocator. Runs are all of the least
// order, KRMINORDER: a request too big for one gets a page run of its own,
// the smallest power of two that holds it, with no header inside (so 2^k
// pages cost 2^k pages, not 2^(k+1)); its record, a header-shaped KRBIG
// record in a small block, sits in the run's owner slots. One lock,
// kr.lock, guards all of it; it is taken before kmem.lock (kmpages).

#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "slabinfo.h"

#define KRMINORDER 2            // smallest run: 4 pages
#define KRRUN      0x72756e21U
#define KRUSED     0x75736564U
#define KRFREE     0x66726565U
#define KRBIG      0x62696721U

#ifdef KDEBUG
#define LEAD    1          // units of red zone between header and body
#define REDZONE KMREDSZ    // least red zone bytes after the body
#define KRPOISONED (KMPOISON * 0x01010101U)  // a header poisoned by a merge
#else
#define LEAD    0
#define REDZONE 0
#endif

typedef union header Header;

union header {
  struct {
    Header *next;   // free block: next in address order; run: next run
    uint size;      // in units, this header included
    uint n;         // used block: bytes asked for; run: its order
    uint magic;     // last, so an underrun of the body smashes it first
  } s;
  long long align;  // units are a multiple of 8 bytes
};

// A kmcache is a size and an alignment; its objects are plain blocks.
// It counts them for slabinfo per CPU, in the caller's pushcli section,
// so that counting takes no lock.
struct kmcache {
  const char *name;
  uint size;
  uint align;
  struct kmcache *link;  // next on kr.caches, in creation order
  struct {
    uint allocs;
    uint frees;
  } count[NCPU];
};

static struct {
  struct spinlock lock;
  Header base;      // size 0: keeps the free list from ever being empty
  Header *freep;    // where the next search starts
  Header *runs;     // every run
  uint nidle;       // idle runs: 0 or 1
  uint freeunits;   // units in free blocks
  struct kmcache *caches;   // every cache, for slabinfo
  struct kmcache **tail;    // the last link
} kr;

// Return the units of a block for n bytes: header, red zones and body.
static uint
units(uint n)
{
  return (n + REDZONE + sizeof(Header) - 1) / sizeof(Header) + 1 + LEAD;
}

// Return the body of block bp, the caller's memory.
static char *
bodyof(Header *bp)
{
  return (char *)(bp + 1 + LEAD);
}

// Return the bytes of block bp from its body to its end.
static uint
bodysize(Header *bp)
{
  return (char *)(bp + bp->s.size) - bodyof(bp);
}

#ifdef KDEBUG
// Return the bytes of block bp after its header.
static uint
innersize(Header *bp)
{
  return (bp->s.size - 1) * sizeof(Header);
}
#endif

// Return the run holding p, or NULL if p is in none.
static Header *
runof(void *p)
{
  struct pageinfo *pi = kpageinfo(p);

  return pi != NULL ? pi->owner : NULL;
}

// Return 1 if free block bp is all of its run.
static int
idle(Header *bp)
{
  Header *r = runof(bp);

  return r != NULL && bp == r + 1 && bp->s.size == r->s.size - 1;
}

// Return 1 if block b starts where block a ends.
static int
touches(Header *a, Header *b)
{
  return a + a->s.size == b;
}

// KDEBUG: fill a header that a merge made part of a free body with poison.
static void
dbgforget(Header *h)
{
#ifdef KDEBUG
  memset(h, KMPOISON, sizeof(*h));
#endif
}

#ifdef KDEBUG
// Block bp, holding n bytes, as the shared debug checks see it.
static struct kmblock
dbgblock(Header *bp, uint n)
{
  return (struct kmblock){ (char *)(bp + 1), innersize(bp), bodyof(bp),
                           LEAD * sizeof(Header), n, bodysize(bp),
                           bodysize(bp) };
}
#endif

// KDEBUG: check that block bp, just carved from a free block, is still
// poisoned after its header, then make all but the n bytes asked for red.
static void
dbgtake(Header *bp, uint n)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(bp, n);

  kmdbgtake(&b);
#endif
}

// KDEBUG: 1 if the red zones of used block bp are intact.
static int
dbgintact(Header *bp)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(bp, bp->s.n);

  return kmdbgintact(&b);
#else
  return 1;
#endif
}

// KDEBUG: check the red zones of used block bp, then poison it.
static void
dbggive(Header *bp)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(bp, bp->s.n);

  kmdbggive(&b);
#endif
}

// Put block bp on the free list, merged with any free neighbour in its
// run; return the block it ended up in.
static Header *
insert(Header *bp)
{
  Header *p;

  for (p = kr.freep; !(bp > p && bp < p->s.next); p = p->s.next)
    if (p >= p->s.next && (bp > p || bp < p->s.next))
      break;  // bp goes at one end of the list
  bp->s.magic = KRFREE;
  kr.freeunits += bp->s.size;
  if (touches(bp, p->s.next)) {
    bp->s.size += p->s.next->s.size;
    bp->s.next = p->s.next->s.next;
    dbgforget(p->s.next);
  } else {
    bp->s.next = p->s.next;
  }
  if (touches(p, bp)) {
    p->s.size += bp->s.size;
    p->s.next = bp->s.next;
    dbgforget(bp);
    bp = p;
  } else {
    p->s.next = bp;
  }
  kr.freep = p;
  return bp;
}

// Give the run of bp, an idle block, back to the page allocator.
static void
unrun(Header *bp)
{
  Header *p, **rp, *r = runof(bp);

  for (p = bp; p->s.next != bp; p = p->s.next)
    ;
  p->s.next = bp->s.next;
  kr.freep = p;
  kr.freeunits -= bp->s.size;
  kr.nidle--;
  for (rp = &kr.runs; *rp != r; rp = &(*rp)->s.next)
    ;
  *rp = r->s.next;
  kmunpages(r, r->s.n);
}

// Units a run offers its blocks: all but its own header.
#define RUNROOM ((PGSIZE << KRMINORDER) / sizeof(Header) - 1)

// Add a run to the free list; return the rover, or NULL when out of pages.
static Header *
morecore(void)
{
  Header *r, *bp;
  int order = KRMINORDER;

  if ((r = kmpages(order)) == NULL)
    return NULL;
  kmown(r, order, r);
  r->s.next = kr.runs;
  r->s.size = (PGSIZE << order) / sizeof(Header);
  r->s.n = order;
  r->s.magic = KRRUN;
  kr.runs = r;
  bp = r + 1;
  bp->s.size = r->s.size - 1;
#ifdef KDEBUG
  memset(bp + 1, KMPOISON, innersize(bp));
#endif
  insert(bp);
  kr.nidle++;
  return kr.freep;
}

// Carve nunits for a request of n bytes off the tail of free block p,
// which follows prevp on the list; return the body.
static void *
carve(Header *prevp, Header *p, uint nunits, uint n)
{
  if (idle(p))
    kr.nidle--;
  if (p->s.size == nunits) {
    prevp->s.next = p->s.next;
  } else {
    p->s.size -= nunits;
    p += p->s.size;
    p->s.size = nunits;
  }
  kr.freep = prevp;
  kr.freeunits -= nunits;
  p->s.next = NULL;
  p->s.n = n;
  p->s.magic = KRUSED;
  dbgtake(p, n);
  return bodyof(p);
}

// Allocate n bytes, first fit from the rover; NULL when out of pages.
// Caller holds kr.lock.
static void *
get(uint n)
{
  Header *p, *prevp = kr.freep;
  uint nunits = units(n);

  for (p = prevp->s.next; ; prevp = p, p = p->s.next) {
    if (p->s.size >= nunits)
      return carve(prevp, p, nunits, n);
    if (p == kr.freep && (p = morecore()) == NULL)
      return NULL;
  }
}

// Return the block of ap, panicking unless it is a used block.
static Header *
blockof(void *ap)
{
  Header *bp, *r = runof(ap);

  if (r == NULL)
    kmpanic("free of non-heap pointer", ap, 0);
  bp = (Header *)ap - 1 - LEAD;
  if (bp <= r || ((char *)ap - (char *)r) % sizeof(Header) != 0)
    kmpanic("free of pointer inside a block", ap, 0);
#ifdef KDEBUG
  if (bp->s.magic == KRPOISONED)
    kmpanic("double free of", ap, 0);
#endif
  if (bp->s.magic == KRFREE)
    kmpanic("double free of", ap, bodysize(bp));
  if (bp->s.magic != KRUSED || bp->s.size < units(1) ||
      bp + bp->s.size > r + r->s.size)
    kmpanic("bad block header at", ap, 0);
  return bp;
}

// Free the block at ap; return the bytes it was allocated for. Caller
// holds kr.lock.
static uint
put(void *ap)
{
  Header *bp = blockof(ap);
  uint n = bp->s.n;

  dbggive(bp);
  bp = insert(bp);
  if (idle(bp)) {
    kr.nidle++;
    if (kr.nidle > 1)
      unrun(bp);
  }
  return n;
}

// Allocate n bytes, too many for a run, as a page run of their own with
// a KRBIG record; NULL when out of pages. Caller holds kr.lock.
static void *
bigget(uint n)
{
  Header *rec = get(sizeof(Header));
  char *va;
  int order;

  if (rec == NULL)
    return NULL;
  if ((va = kmrunget(n, &order)) == NULL) {
    put(rec);
    return NULL;
  }
  rec->s.next = (Header *)va;
  rec->s.size = order;
  rec->s.n = n;
  rec->s.magic = KRBIG;
  kmown(va, order, rec);
  return va;
}

// Free the page run of record rec, which ap must start; return the bytes
// it was allocated for. Caller holds kr.lock.
static uint
bigput(Header *rec, void *ap)
{
  char *va = (char *)rec->s.next;
  uint n = rec->s.n, size = PGSIZE << rec->s.size;

  if (ap != va)
    kmpanic("free of pointer inside a block", ap, size);
  kmrunput(va, n, rec->s.size);
  rec->s.magic = 0;
  put(rec);
  return n;
}

// Start with an empty free list and no runs.
static void
krinit(void)
{
  initlock(&kr.lock, "kr");
  kr.base.s.next = &kr.base;
  kr.base.s.size = 0;
  kr.base.s.magic = KRFREE;
  kr.freep = &kr.base;
  kr.runs = NULL;
  kr.nidle = 0;
  kr.freeunits = 0;
  kr.caches = NULL;
  kr.tail = &kr.caches;
}

// A block of n bytes, or NULL when out of pages.
static void *
krtake(uint n)
{
  void *p;

  acquire(&kr.lock);
  p = units(n) > RUNROOM ? bigget(n) : get(n);
  release(&kr.lock);
  return p;
}

// Free the block at p; return the bytes it was allocated for.
static uint
krgive(void *p)
{
  Header *r;
  uint n;

  acquire(&kr.lock);
  r = runof(p);
  n = r != NULL && r->s.magic == KRBIG ? bigput(r, p) : put(p);
  release(&kr.lock);
  return n;
}

// kmalloc: n bytes, or NULL when out of pages; counted for CPU cpu.
static void *
kralloc(uint n, int cpu)
{
  void *p = krtake(n);

  if (p != NULL)
    kmcountalloc(cpu, n);
  else
    kmcountfail(cpu);
  return p;
}

// kmfree: free the block at p; counted for CPU cpu.
static void
krfree(void *p, int cpu)
{
  kmcountfree(cpu, krgive(p));
}

// kmcache_create: a cache is a block remembering size and alignment.
static struct kmcache *
krcreate(const char *name, uint size, uint align)
{
  struct kmcache *c = krtake(sizeof(*c));

  if (c == NULL)
    return NULL;
  memset(c, 0, sizeof(*c));
  c->name = name;
  c->size = size;
  c->align = align;
  acquire(&kr.lock);
  *kr.tail = c;
  kr.tail = &c->link;
  release(&kr.lock);
  return c;
}

// An object of c, aligned beyond KMALIGN: it sits past the block start,
// which is kept in the word just below the object. NULL when out of pages.
static void *
aligntake(struct kmcache *c)
{
  char *raw, *p, *r;

  if ((raw = krtake(c->size + c->align)) == NULL)
    return NULL;
  r = (char *)runof(raw);
  p = r + (raw - r + c->align) / c->align * c->align;
  ((char **)p)[-1] = raw;
  return p;
}

// kmcache_alloc: an object of c, counted for CPU cpu; NULL when out of pages.
static void *
krcachealloc(struct kmcache *c, int cpu)
{
  void *p = c->align <= KMALIGN ? krtake(c->size) : aligntake(c);

  if (p != NULL) {
    c->count[cpu].allocs++;
    kmcountobj(cpu, c->size);
  }
  return p;
}

// kmcache_free: free object p of c, finding its block start first.
static void
krcachefree(struct kmcache *c, void *p, int cpu)
{
  char *raw = p;

  if (c->align > KMALIGN) {
    if (runof(p) == NULL || (char *)p - (char *)runof(p) < (int)c->align)
      kmpanic("free of non-heap pointer", p, c->size);
    raw = ((char **)p)[-1];
    if (raw >= (char *)p || (char *)p - raw > (int)c->align)
      kmpanic("free of pointer inside a block", p, c->size);
  }
  krgive(raw);
  c->count[cpu].frees++;
  kmcountobj(cpu, -c->size);
}

// Give every idle run back to the page allocator.
static void
krreap(void)
{
  Header *p;

  acquire(&kr.lock);
  for (p = &kr.base; p->s.next != &kr.base; ) {
    if (idle(p->s.next))
      unrun(p->s.next);
    else
      p = p->s.next;
  }
  release(&kr.lock);
}

// Report the bytes in free blocks as free_bytes.
static void
krstats(struct kmstats *st)
{
  acquire(&kr.lock);
  st->free_bytes = kr.freeunits * sizeof(Header);
  release(&kr.lock);
}

// Fill r with kmalloc's record: kr has no size classes, so it is one
// row, whose blocks share runs with every cache's (no slabs or pages of
// its own) and whose free blocks are anyone's (no total).
static void
mallocinfo(struct slabinfo *r)
{
  struct kmcount *k;

  kminfoname(r, "kmalloc", 0);
  for (k = kmcounts; k < &kmcounts[NCPU]; k++) {
    r->allocs += k->allocs;
    r->active += k->allocs - k->frees;
  }
  r->objsize = r->total = r->slabs = r->pages = SLABINFO_NA;
  r->hits = r->misses = r->swaps = SLABINFO_NA;
  r->depotfull = r->depotempty = SLABINFO_NA;
  r->flags = SLABINFO_KMALLOC;
}

// Fill r with cache c's record: its objects are plain blocks on the one
// free list, so only its own counts apply.
static void
cacheinfo(struct kmcache *c, struct slabinfo *r)
{
  int i;

  kminfoname(r, c->name, 0);
  for (i = 0; i < NCPU; i++) {
    r->allocs += c->count[i].allocs;
    r->active += c->count[i].allocs - c->count[i].frees;
  }
  r->objsize = c->size;
  r->total = r->slabs = r->pages = SLABINFO_NA;
  r->hits = r->misses = r->swaps = SLABINFO_NA;
  r->depotfull = r->depotempty = SLABINFO_NA;
}

// Fill r with record i, if there is one: kmalloc's first, then each
// cache in creation order. Return the number of records.
static int
krinfo(int i, struct slabinfo *r)
{
  struct kmcache *c;
  int n = 1;

  if (i == 0)
    mallocinfo(r);
  acquire(&kr.lock);
  for (c = kr.caches; c != NULL; c = c->link, n++)
    if (n == i)
      cacheinfo(c, r);
  release(&kr.lock);
  return n;
}

// Report a broken invariant; returns -1 for kmcheck.
static int
bad(Header *h, const char *what)
{
  cprintf("kmcheck: kr block %p: %s\n", h, what);
  return -1;
}

// Check block bp of run r, after a free block if prevfree.
static int
checkblock(Header *r, Header *bp, int prevfree)
{
  if (bp->s.magic != KRUSED && bp->s.magic != KRFREE)
    return bad(bp, "bad magic");
  if (bp->s.size < (bp->s.magic == KRUSED ? units(1) : 1) ||
      bp + bp->s.size > r + r->s.size)
    return bad(bp, "bad size");
  if (bp->s.magic == KRFREE && prevfree)
    return bad(bp, "free blocks not merged");
  if (bp->s.magic == KRUSED && !dbgintact(bp))
    return bad(bp, "red zone smashed");
#ifdef KDEBUG
  if (bp->s.magic == KRFREE && !kmfilled(bp + 1, KMPOISON, innersize(bp)))
    return bad(bp, "free block written");
#endif
  return 0;
}

// Check run r and the blocks tiling it; count free blocks, units and idle
// runs.
static int
checkrun(Header *r, uint *nfree, uint *units, uint *nidle)
{
  Header *bp, *end = r + r->s.size;
  char *p;
  int prevfree = 0;

  if (r->s.magic != KRRUN || r->s.n > KMAXORDER ||
      r->s.size != (PGSIZE << r->s.n) / sizeof(Header))
    return bad(r, "bad run");
  for (p = (char *)r; p < (char *)r + (PGSIZE << r->s.n); p += PGSIZE)
    if (runof(p) != r)
      return bad(r, "run page with another owner");
  for (bp = r + 1; bp < end; bp += bp->s.size) {
    if (checkblock(r, bp, prevfree) < 0)
      return -1;
    prevfree = bp->s.magic == KRFREE;
    if (prevfree) {
      (*nfree)++;
      *units += bp->s.size;
      *nidle += idle(bp);
    }
  }
  return bp == end ? 0 : bad(r, "blocks overrun the run");
}

// Check that the free list holds nfree blocks, all free, in address order
// around the ring (the sentinel sits wherever its address puts it).
static int
checklist(uint nfree)
{
  Header *p = &kr.base;
  uint n = 0, descents = 0;

  for (;;) {
    if (p->s.next <= p)
      descents++;
    if ((p = p->s.next) == &kr.base)
      break;
    if (p->s.magic != KRFREE || ++n > nfree)
      return bad(p, "free list holds a block not free");
  }
  if (descents != 1)
    return bad(&kr.base, "free list out of order");
  return n == nfree ? 0 : bad(&kr.base, "free block missing from the list");
}

// Check every run, block and the free list; 0 if all hold.
static int
krcheck(void)
{
  Header *r;
  uint nfree = 0, units = 0, nidle = 0;
  int err = 0;

  acquire(&kr.lock);
  for (r = kr.runs; r != NULL && err == 0; r = r->s.next)
    err = checkrun(r, &nfree, &units, &nidle);
  if (err == 0)
    err = checklist(nfree);
  if (err == 0 && (units != kr.freeunits || nidle != kr.nidle || nidle > 1))
    err = bad(&kr.base, "free counts disagree");
  release(&kr.lock);
  return err;
}

const struct kmallocator kmalloc_ops = {
  .name = "kr",
  .init = krinit,
  .alloc = kralloc,
  .free = krfree,
  .cachecreate = krcreate,
  .cachealloc = krcachealloc,
  .cachefree = krcachefree,
  .reap = krreap,
  .stats = krstats,
  .check = krcheck,
  .info = krinfo,
};
