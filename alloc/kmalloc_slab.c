// Slab allocator for the kernel heap (ALLOC=slab), after Bonwick, "The Slab
// Allocator" (USENIX Summer 1994), with per-CPU magazines in front.
//
// Theory. A cache hands out objects of one size from slabs: runs of
// 2^order pages, each a struct slab, a tag per object, then nobj slots,
// with the smallest order that wastes at most 1/8 of the run (else the
// least wasteful). Every page of a slab holds the slab in its owner slot,
// so an object's slab and index take O(1); a slab's first word says
// whose it is (SLABMAGIC a kmalloc class's, OBJMAGIC another cache's),
// as a page run's record's does (BIGMAGIC). A slab's free objects are
// linked through their first word; inuse counts the rest and puts the
// slab on exactly one list: empty, partial or full. At most one empty
// slab is kept; the others go back to the page allocator.
// A tag, a ushort, is 0 while its object is free, else the request size
// n (the object size in a kmcache cache): it is what kmfree returns and
// counts, and it shows a double free in O(1). Only the object's holder
// writes the tag, so tags take no lock; it is written in the same
// pushcli section that moves the object to or from a magazine and counts
// the operation (core/kmalloc.c runs every alloc and free in one and
// passes the CPU's id), so a CPU outside pushcli has no object in flight
// (kmcheck parks the other CPUs there).
// No division on the fast path: with recip = 2^32 / stride rounded up,
// recip * stride = 2^32 + e with e < stride. An offset off = q * stride
// + r from the first object, below the slab's size S, gives off * recip
// = q * 2^32 + q * e + r * recip, and if (S + stride) * stride <= 2^32
// (cacheinit checks; strides are below 2^15, S at most 2^17) then
// (q + 1) * e < recip, so the high word is q and the low word is below
// recip exactly when r = 0.
// Each CPU has, per cache, a loaded and a previous magazine (Bonwick and
// Adams, "Magazines and Vmem", USENIX 2001): stacks of up to magcap free
// objects (59, or 64 KiB of them) that only it touches, under pushcli.
// The common kmalloc and kmfree pop or push the loaded one: no lock and
// no call but kmfree's one to find the page's owner (kpageinfo). When
// the loaded one is empty (alloc) or full (free) the CPU swaps in the
// previous one if that is full (empty), still without a lock; the
// previous one is always full or empty. When both are empty (full) the
// CPU goes to the cache's depot, under the cache lock: it trades its
// previous magazine for a full (empty) one there in O(1), a list pop and
// push, and only when the depot has none goes to the slabs: it half
// refills the empty loaded magazine, growing the cache by at most one
// slab, or half drains the full one. So a CPU that only frees and one
// that only allocates pass each magazine's worth through the depot, not
// the slabs. The depot holds at most DEPOTMAX (4) magazines, full and
// empty together (depotput says why that holds), so a cache keeps at
// most 2 per CPU and DEPOTMAX more, each at most 64 KiB of objects; a
// fixed bound, not Bonwick's working-set estimate, because nothing here
// runs periodically to trim one, and kmreap empties the depot anyway.
// Magazines are objects of magcache, taken and given back under its lock
// alone (never through magazines of their own); a CPU that cannot get
// one (out of pages) takes or puts the object straight on the slabs.
// zeromag stands for no magazine: empty and full at once, so both fast
// paths miss on it, and never written.
// Magazine objects count in their slab's inuse but have free tags. Each
// CPU also counts, for slabinfo, the objects it takes back (one
// increment per free, on memory it already owns, so no lock and no
// shared cache line), its misses the depot served (swaps) and those
// that reached the slabs (misses), and the objects they moved; the
// objects it handed out follow (cacheinfo), so an allocation counts
// nothing.
// kmreap drains every CPU's magazines. The fast paths take no lock, so
// another CPU's magazines can be touched only while that CPU is outside
// pushcli. kmreap parks the other CPUs there (core/park.c: an IPI each
// CPU takes with interrupts on, so holding no spin lock and no object in
// flight, then spins until let go) and empties every magazine and depot
// itself. The alternatives cost the fast path: Bonwick's per-CPU lock an
// uncontended acquire and release per operation, a generation count a
// load and a compare per operation, where parking costs nothing until a
// reap, which is rare (low memory, tests, kmreplay's page counts). So
// kmreap runs in process context with no spin lock held, like
// parkothers.
// Requests above the largest class get page runs from kmpages, a struct
// big (from bigcache) in their owner slot.
// Three layers, each named for what it acts on: tagget/tagput set the
// object's tag and move it through this CPU's magazines (every
// allocation and free enters here, and on a hit does nothing else);
// magreload/magroom and what they call move magazines between a CPU, the
// depot and magcache, and objects between a magazine and the slabs,
// under the cache lock; slabget/slabone/slabput move objects between
// slab free lists and the rest.
// Invariants, which kmcheck checks: every slab is on the list its inuse
// selects, its free list holds nobj - inuse free-tagged objects, the
// counts nslabs and nfree are the lists', at most one slab is empty;
// the objects out of slabs are those with a tag plus those in
// magazines; every magazine a CPU or a depot holds is an object of
// magcache in use, holding at most magcap free-tagged objects of its
// cache, and every magazine magcache has handed out is held exactly once
// (by count); a CPU's loaded magazine's stack pointers lie within it and
// its previous one is full or empty; every magazine on a depot's full
// list holds magcap objects and on its empty list none, the lists are
// as long as nfull and nempty, and nfull + nempty <= DEPOTMAX; zeromag
// holds nothing.
// Lock order: caches.lock, a cache's lock, magcache's lock, then
// kmem.lock (in kmpages).

#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "slabinfo.h"

#define SLABMAXORDER 5      // largest slab: 32 pages, 128 KiB
#define MAGMAX       59     // most objects in a magazine
#define DEPOTMAX     4      // magazines a depot holds, full and empty
#define MAGBYTES     65536  // magazines hold about this many bytes
#define SMALLMAX     1024   // kmalloc sizes found in smallcache
#define LARGESTEP    512    // granule of the classes above SMALLMAX
#define SLABMAGIC    0x51ab51abU  // a slab of a kmalloc class
#define OBJMAGIC     0x0b1ec75aU  // a slab of any other cache
#define NOSLOT       (~0U)        // indexof: p starts no object
#define BIGMAGIC     0xb16b16b1U

#ifdef KDEBUG
#define REDZONE KMREDSZ
#else
#define REDZONE 0
#endif

// KMNOTAGS builds the slab without tags, for the host benchmark only, to
// measure what they cost (bench/README.md): kmfree then checks no slot,
// sees no double free and counts whole objects as live bytes; kmcheck
// and the tests assume tags.
#if defined(KMNOTAGS) && defined(KDEBUG)
#error "KMNOTAGS is for measuring, without KDEBUG"
#endif

struct slab {
  uint magic;              // SLABMAGIC or OBJMAGIC; first, as in struct big
  struct kmcache *cache;
  struct slab *next;       // on the cache list inuse selects
  struct slab *prev;
  char *slots;             // first object slot
  void *free;              // free objects, linked through their first word
  uint inuse;              // objects not on the free list
};                         // then nobj tags, a ushort each

// A page run given straight to kmalloc.
struct big {
  uint magic;              // BIGMAGIC
  uint n;                  // bytes requested
  int order;
  char *va;
};

// A magazine: a stack of free objects of one cache, from magcache. The
// stack pointer of the one a CPU has loaded is in its struct cpumag;
// rounds counts the objects of the others, and obj first makes a
// magazine's address its empty stack's.
struct mag {
  void *obj[MAGMAX];
  uint rounds;             // objects held, while not loaded
  struct mag *next;        // on a depot list
};

// A CPU's magazines for one cache, touched by that CPU alone under
// pushcli (or by kmreap while it is parked). A power of two in size on
// i386 and on 64-bit hosts alike, so that finding it is a shift. A stack
// pointer rather than a count makes a push or a pop one load and one
// store.
struct cpumag {
  void **top;              // past the last object in loaded
  void **end;              // top when loaded is full
  struct mag *loaded;      // pops and pushes go here
  struct mag *prev;        // the one loaded before: full or empty
  unsigned long moved;     // objects brought in less those sent out
  unsigned long frees;     // objects pushed, since boot
  unsigned long misses;    // misses that reached the slabs
  unsigned long swaps;     // misses the depot served
};

// Count an operation of a CPU's magazines cm in its field f, for
// slabinfo; KMNOCOUNT (the host benchmark's bare slab) leaves these out
// with the kmstats counters.
#ifndef KMNOCOUNT
#define MAGCOUNT(cm, f) ((cm)->f++)
#else
#define MAGCOUNT(cm, f) ((void)(cm))
#endif

// A cache's depot: full and empty magazines, under the cache's lock.
struct depot {
  struct mag *full;
  struct mag *empty;
  uint nfull;
  uint nempty;
};

struct kmcache {
  struct cpumag mag[NCPU]; // first, so that a CPU's is a shift away
  struct spinlock lock;
  const char *name;
  uint size;               // object bytes
  int sized;               // a kmalloc class: tags record request sizes
  uint align;
  uint lead;               // bytes of a slot before its object (red zone)
  uint stride;             // bytes per slot
  uint recip;              // 2^32 / stride, rounded up
  uint slotoff;            // offset of the first slot in a slab
  uint first;              // offset of the first object in a slab
  uint nobj;               // slots per slab
  int order;               // slabs are 2^order pages
  uint offmask;            // slab bytes - 1: an object's offset in its slab
  uint magcap;             // objects a magazine may hold
  struct depot depot;
  struct slab *empty;
  struct slab *partial;
  struct slab *full;
  uint nempty;             // slabs on empty
  uint nslabs;
  uint nfree;              // objects on slab free lists
  struct kmcache *link;    // next on caches.list
};

// The kmalloc size classes; larger requests get page runs.
static const uint classes[] = {
  8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024,
  1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576,
};
#define NCLASS ((int)NELEM(classes))

static struct {
  struct spinlock lock;
  struct kmcache *list;    // every cache, for reap, stats, check and info
  struct kmcache **tail;   // the last link: the list is in creation order
} caches;

static struct kmcache classcache[NCLASS];
static struct kmcache cachecache;    // the caches kmcache_create makes
static struct kmcache bigcache;      // struct big
static struct kmcache magcache;      // struct mag, under its lock alone
// No magazine: loaded, it is empty and full at once, so that both fast
// paths miss; never written.
static struct mag zeromag;
// The class of n: smallcache[(n + 7) / 8] up to SMALLMAX, then
// largecache[(n - 1) / 512] up to the largest class.
#define LARGEMAX 24576
static struct kmcache *smallcache[SMALLMAX / KMALIGN + 1];
static struct kmcache *largecache[LARGEMAX / LARGESTEP];

// Round n up to a multiple of align, a power of two.
static uint
roundup(uint n, uint align)
{
  return (n + align - 1) & ~(align - 1);
}

// Return how many slots fit in a slab of 2^order pages.
static uint
fit(struct kmcache *c, int order)
{
  uint run = PGSIZE << order;
  uint n = (run - sizeof(struct slab)) / (c->stride + sizeof(ushort));

  while (n > 0 && roundup(sizeof(struct slab) + n * sizeof(ushort), c->align) +
                  n * c->stride > run)
    n--;
  return n;
}

// Choose the slab order: the smallest wasting at most 1/8 of the slab,
// else the one wasting the smallest fraction.
static void
layout(struct kmcache *c)
{
  uint n, waste, best = ~0U;
  int order;

  for (order = 0; order <= SLABMAXORDER; order++) {
    if ((n = fit(c, order)) == 0)
      continue;
    // Scale to the largest slab, so fractions compare as integers.
    waste = ((PGSIZE << order) - n * c->stride) << (SLABMAXORDER - order);
    if (waste < best) {
      best = waste;
      c->order = order;
      c->nobj = n;
    }
    if (waste <= (PGSIZE << SLABMAXORDER) / 8)
      break;
  }
  c->slotoff = roundup(sizeof(struct slab) + c->nobj * sizeof(ushort),
                       c->align);
  c->first = c->slotoff + c->lead;
  c->offmask = (PGSIZE << c->order) - 1;
}

// Set up c for objects of size bytes aligned to align, and list it; a
// sized cache is a kmalloc class.
static void
cacheinit(struct kmcache *c, const char *name, uint size, uint align,
          int sized)
{
  int i;

  memset(c, 0, sizeof(*c));
  initlock(&c->lock, "kmcache");
  c->name = name;
  c->size = roundup(size, align);
  c->sized = sized;
  c->align = align;
  c->lead = REDZONE ? roundup(REDZONE, align) : 0;
  c->stride = roundup(c->lead + c->size + REDZONE, align);
  // The rounding up makes the product exact for offsets below 2^32/stride.
  c->recip = 0xffffffffU / c->stride + 1;
  c->magcap = MAGBYTES / c->size;
  if (c->magcap > MAGMAX)
    c->magcap = MAGMAX;
  if (c->magcap < 2)
    c->magcap = 2;
  for (i = 0; i < NCPU; i++) {
    c->mag[i].top = c->mag[i].end = zeromag.obj;
    c->mag[i].loaded = c->mag[i].prev = &zeromag;
  }
  layout(c);
  if ((unsigned long long)(c->offmask + 1 + c->stride) * c->stride >
      1ULL << 32)
    panic("slab: stride too large for the slot arithmetic");
  if (c->size > 0xffff)
    panic("slab: object too large for its tag");
  acquire(&caches.lock);
  *caches.tail = c;
  caches.tail = &c->link;
  release(&caches.lock);
}

// Return the tags of s, one per slot.
static inline ushort *
tagsof(struct slab *s)
{
  return (ushort *)(s + 1);
}

// Return the magic word of c's slabs: kmfree tells a kmalloc class's
// slab from a kmcache's by it alone.
static uint
slabmagic(struct kmcache *c)
{
  return c->sized ? SLABMAGIC : OBJMAGIC;
}

// Return the object in slot i of s.
static char *
objat(struct kmcache *c, struct slab *s, uint i)
{
  return s->slots + i * c->stride + c->lead;
}

// Return off * recip: its high word is off / c->stride (theory above).
static inline unsigned long long
slotmul(struct kmcache *c, uint off)
{
  return (unsigned long long)off * c->recip;
}

// Return the slot index of object p in s, or NOSLOT if p starts no object.
static inline uint
indexof(struct kmcache *c, struct slab *s, void *p)
{
  // A p below the first object wraps off to at least 2^31, whose high
  // word the bound on the slot index rejects, as it does one past the
  // last. Under the bound the low word is below recip exactly when
  // stride divides off (see the theory statement).
  uint off = (uint)((char *)p - (char *)s) - c->first;
  unsigned long long q = slotmul(c, off);
  uint i = q >> 32, rest = q;

  if (i >= c->nobj || rest >= c->recip)
    return NOSLOT;
  return i;
}

// Return how many objects a CPU's loaded magazine holds (cm its
// magazines); past magcap if its stack pointer is broken.
static uint
magheld(struct cpumag *cm)
{
  return cm->top - cm->loaded->obj;
}

// Return the owner slot of p's page: a struct slab, a struct big, or NULL.
static void *
ownerof(void *p)
{
  struct pageinfo *pi = kpageinfo(p);

  return pi != NULL ? pi->owner : NULL;
}

// Return the slab of p, an object handed out or free in a magazine.
static struct slab *
slabof(void *p)
{
  return ownerof(p);
}

// Return the slab of p, an object of c known good: slabs are page runs
// aligned to their size (grow checks), so p rounded down to it.
static inline struct slab *
slabat(struct kmcache *c, void *p)
{
  return (struct slab *)((unsigned long)p & ~(unsigned long)c->offmask);
}

// KDEBUG: fill slot o with red zones around a poisoned object.
static void
dbgslot(struct kmcache *c, char *o)
{
#ifdef KDEBUG
  memset(o - c->lead, KMRED, c->stride);
  memset(o, KMPOISON, c->size);
#endif
}

#ifdef KDEBUG
// Object p of c, holding n bytes, as the shared debug checks see it.
static struct kmblock
dbgblock(struct kmcache *c, char *p, uint n)
{
  return (struct kmblock){ p, c->size, p, c->lead, n, c->stride - c->lead,
                           c->size };
}
#endif

// KDEBUG: check that object p is still poisoned from its free, then make
// the bytes past the n requested red.
static void
dbgtake(struct kmcache *c, char *p, uint n)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(c, p, n);

  kmdbgtake(&b);
#endif
}

// KDEBUG: check the red zones around object p of n bytes, then poison it.
static inline void
dbggive(struct kmcache *c, char *p, uint n)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(c, p, n);

  kmdbggive(&b);
#endif
}

// Return the link in free object p of s; KDEBUG checks it and poisons it
// over, as the object leaves the free list.
static void *
unlinkobj(struct kmcache *c, struct slab *s, void *p)
{
  void *next = *(void **)p;

#ifdef KDEBUG
  uint i = next != NULL ? indexof(c, s, next) : 0;

  if (i == NOSLOT || (next != NULL && tagsof(s)[i] != 0))
    kmpanic("free list smashed at", p, c->size);
  memset(p, KMPOISON, sizeof(next));
#endif
  return next;
}

// Put s at the head of list l.
static void
listpush(struct slab **l, struct slab *s)
{
  s->prev = NULL;
  s->next = *l;
  if (*l != NULL)
    (*l)->prev = s;
  *l = s;
}

// Take s off list l.
static void
listdel(struct slab **l, struct slab *s)
{
  if (s->prev != NULL)
    s->prev->next = s->next;
  else
    *l = s->next;
  if (s->next != NULL)
    s->next->prev = s->prev;
}

// Return the list s belongs on by its count of objects out.
static struct slab **
listof(struct kmcache *c, struct slab *s)
{
  if (s->inuse == 0)
    return &c->empty;
  if (s->inuse == c->nobj)
    return &c->full;
  return &c->partial;
}

// Move s from list from to the one its inuse now selects.
static void
relist(struct kmcache *c, struct slab *s, struct slab **from)
{
  struct slab **to = listof(c, s);

  if (to == from)
    return;
  listdel(from, s);
  listpush(to, s);
  if (from == &c->empty)
    c->nempty--;
  if (to == &c->empty)
    c->nempty++;
}

// Add an empty slab to c; NULL when out of pages. Caller holds c->lock.
static struct slab *
grow(struct kmcache *c)
{
  struct slab *s = kmpages(c->order);
  char *o;
  uint i;

  if (s == NULL)
    return NULL;
  // Page runs are aligned to their size, which tagget relies on.
  if ((unsigned long)s & c->offmask)
    panic("slab: unaligned page run");
  kmown(s, c->order, s);
  s->magic = slabmagic(c);
  s->cache = c;
  s->slots = (char *)s + c->slotoff;
  s->free = NULL;
  s->inuse = 0;
  memset(tagsof(s), 0, c->nobj * sizeof(ushort));
  // Link from the last slot back, so objects leave in address order.
  for (i = c->nobj; i-- > 0; ) {
    o = objat(c, s, i);
    dbgslot(c, o);
    *(void **)o = s->free;
    s->free = o;
  }
  c->nslabs++;
  c->nfree += c->nobj;
  listpush(&c->empty, s);
  c->nempty++;
  return s;
}

// Give the empty slab s of c back to the page allocator. Caller holds c->lock.
static void
unslab(struct kmcache *c, struct slab *s)
{
  listdel(&c->empty, s);
  c->nempty--;
  c->nslabs--;
  c->nfree -= c->nobj;
  s->magic = 0;
  kmunpages(s, c->order);
}

// Move free objects off a partial or empty slab of c, one of which must
// exist, into the loaded magazine of cm (a CPU's magazines) until it
// holds want or the slab runs out. Caller holds c->lock.
static void
slabget(struct kmcache *c, struct cpumag *cm, uint want)
{
  struct slab *s = c->partial != NULL ? c->partial : c->empty;
  struct slab **from = listof(c, s);
  void *p;

  while (magheld(cm) < want && (p = s->free) != NULL) {
    s->free = unlinkobj(c, s, p);
    s->inuse++;
    c->nfree--;
    *cm->top++ = p;
  }
  relist(c, s, from);
}

// Take one free object off the slabs of c, growing c if none has one;
// NULL when out of pages. Caller holds c->lock.
static void *
slabone(struct kmcache *c)
{
  struct slab *s = c->partial != NULL ? c->partial : c->empty;
  struct slab **from;
  void *p;

  if (s == NULL && (s = grow(c)) == NULL)
    return NULL;
  from = listof(c, s);
  p = s->free;
  s->free = unlinkobj(c, s, p);
  s->inuse++;
  c->nfree--;
  relist(c, s, from);
  return p;
}

// Put free object p back on its slab s. Caller holds c->lock.
static void
slabput(struct kmcache *c, struct slab *s, void *p)
{
  *(void **)p = s->free;
  s->free = p;
  c->nfree++;
  // Only a slab leaving full or becoming empty changes lists.
  if (s->inuse-- == c->nobj)
    relist(c, s, &c->full);
  else if (s->inuse == 0)
    relist(c, s, &c->partial);
  if (s->inuse == 0 && c->nempty > 1)
    unslab(c, s);
}

// Set the tag of object p of c, known good, to t. Page runs are aligned
// to their size (grow checks), so the slab starts at p less its offset
// in the run.
static inline __attribute__((always_inline)) void
tagset(struct kmcache *c, char *p, uint t)
{
#ifndef KMNOTAGS
  uint off = (unsigned long)p & c->offmask;
  struct slab *s = (struct slab *)(p - off);

  tagsof(s)[slotmul(c, off - c->first) >> 32] = t;
#endif
}

// Count a magazine taken from magcache (n = 1) or given back (n = -1)
// by this CPU, for slabinfo: each is an allocation or a free that went
// to the slabs. Caller has pushcli'd.
static void
magcount(int n)
{
  struct cpumag *cm = &magcache.mag[cpuid()];

  cm->moved += n;
  if (n < 0)
    MAGCOUNT(cm, frees);
  MAGCOUNT(cm, misses);
}

// Return a new empty magazine from magcache, or &zeromag when out of
// pages. Its tag says it is in use, as any object's. Caller has
// pushcli'd.
static struct mag *
magnew(void)
{
  struct mag *m;

  acquire(&magcache.lock);
  m = slabone(&magcache);
  release(&magcache.lock);
  if (m == NULL)
    return &zeromag;
  tagset(&magcache, (char *)m, magcache.size);
  dbgtake(&magcache, (char *)m, magcache.size);
  magcount(1);
  m->rounds = 0;
  return m;
}

// Give magazine m, which holds nothing, back to magcache; &zeromag is
// not one. Caller has pushcli'd.
static void
magfree(struct mag *m)
{
  if (m == &zeromag)
    return;
  magcount(-1);
  dbggive(&magcache, (char *)m, magcache.size);
  tagset(&magcache, (char *)m, 0);
  acquire(&magcache.lock);
  slabput(&magcache, slabat(&magcache, m), m);
  release(&magcache.lock);
}

// Make m the loaded magazine of cm, a CPU's magazines of c.
static void
magload(struct kmcache *c, struct cpumag *cm, struct mag *m)
{
  cm->loaded = m;
  cm->top = m->obj + m->rounds;
  cm->end = m->obj + (m != &zeromag ? c->magcap : 0);
}

// Return the loaded magazine of cm, its count saved in its rounds.
static struct mag *
magunload(struct cpumag *cm)
{
  if (cm->loaded != &zeromag)
    cm->loaded->rounds = magheld(cm);
  return cm->loaded;
}

// Exchange the loaded and the previous magazine of cm, magazines of c.
static void
magswap(struct kmcache *c, struct cpumag *cm)
{
  struct mag *m = magunload(cm);

  magload(c, cm, cm->prev);
  cm->prev = m;
}

// Return an empty magazine: one from c's depot, else a new one
// (&zeromag when out of pages). Caller holds c->lock.
static struct mag *
magempty(struct kmcache *c)
{
  struct mag *m = c->depot.empty;

  if (m == NULL)
    return magnew();
  c->depot.empty = m->next;
  c->depot.nempty--;
  return m;
}

// Put empty magazine m in c's depot, for a full one taken out of it;
// &zeromag is not one. Caller holds c->lock.
static void
magkeep(struct kmcache *c, struct mag *m)
{
  if (m == &zeromag)
    return;
  m->next = c->depot.empty;
  c->depot.empty = m;
  c->depot.nempty++;
}

// Give cm, a CPU's magazines of c, a loaded magazine if it has none: its
// previous one, else an empty one (none when out of pages). Caller holds
// c->lock.
static void
magready(struct kmcache *c, struct cpumag *cm)
{
  if (cm->loaded != &zeromag)
    return;
  if (cm->prev != &zeromag)
    magswap(c, cm);
  else
    magload(c, cm, magempty(c));
}

// Fill the empty loaded magazine of cm halfway from the slabs of c,
// growing c by at most one slab, so a magazine never holds more pages
// than it needs. Return the objects it now holds, 0 when out of pages.
// Caller holds c->lock.
static uint
magfill(struct kmcache *c, struct cpumag *cm)
{
  uint want = (c->magcap + 1) / 2;
  int grown = 0;

  while (magheld(cm) < want) {
    if (c->partial == NULL && c->empty == NULL &&
        (grown++ || grow(c) == NULL))
      break;
    slabget(c, cm, want);
  }
  cm->moved += magheld(cm);
  return magheld(cm);
}

// Return the k oldest objects of the loaded magazine of cm to the slabs
// of c. Caller holds c->lock, so kmcheck never sees an object both in a
// slab and in a magazine.
static void
magdrain(struct kmcache *c, struct cpumag *cm, uint k)
{
  void **obj = cm->loaded->obj;
  uint i;

  for (i = 0; i < k; i++)
    slabput(c, slabat(c, obj[i]), obj[i]);
  cm->top -= k;
  cm->moved -= k;
  memmove(obj, obj + k, magheld(cm) * sizeof(obj[0]));
}

// Give cm, a CPU's magazines of c whose loaded and previous magazines
// are empty or none, a loaded magazine with objects: a full one from the
// depot, for which the previous one goes there, else the loaded one
// refilled from the slabs. Return 0 if it could not.
static __attribute__((noinline)) int
magreload(struct kmcache *c, struct cpumag *cm)
{
  struct mag *m;
  int got;

  acquire(&c->lock);
  if ((m = c->depot.full) != NULL) {
    c->depot.full = m->next;
    c->depot.nfull--;
    magkeep(c, cm->prev);
    cm->prev = magunload(cm);
    magload(c, cm, m);
    cm->moved += m->rounds;
    MAGCOUNT(cm, swaps);
  } else {
    magready(c, cm);
    if (cm->loaded != &zeromag && magfill(c, cm) > 0)
      MAGCOUNT(cm, misses);
  }
  got = magheld(cm) > 0;
  release(&c->lock);
  return got;
}

// Exchange the full loaded magazine of cm, a CPU's magazines of c, for
// an empty one from the depot (or a new one), the previous one, full,
// going to the depot; 0 if the depot is at its bound or no empty one can
// be had. The depot holds at most DEPOTMAX magazines in all: a full one
// comes in for an empty one, or for a new one only when none is empty
// and fewer than DEPOTMAX are full; magreload trades one for one.
// Caller holds c->lock.
static int
depotput(struct kmcache *c, struct cpumag *cm)
{
  struct mag *e;

  if (cm->prev != &zeromag && c->depot.nfull == DEPOTMAX)
    return 0;
  if ((e = magempty(c)) == &zeromag)
    return 0;
  if (cm->prev != &zeromag) {
    cm->prev->next = c->depot.full;
    c->depot.full = cm->prev;
    c->depot.nfull++;
    cm->moved -= cm->prev->rounds;
  }
  cm->prev = magunload(cm);
  magload(c, cm, e);
  return 1;
}

// Make room in the loaded magazine of cm, a CPU's magazines of c whose
// loaded and previous magazines are full or none: exchange with the
// depot, else drain half of the loaded one to the slabs. Return 0 if it
// could not (no magazine to be had).
static __attribute__((noinline)) int
magroom(struct kmcache *c, struct cpumag *cm)
{
  int room;

  acquire(&c->lock);
  magready(c, cm);
  if (cm->top != cm->end || depotput(c, cm)) {
    MAGCOUNT(cm, swaps);
  } else if (cm->loaded != &zeromag) {
    magdrain(c, cm, c->magcap / 2);
    MAGCOUNT(cm, misses);
  }
  room = cm->top != cm->end;
  release(&c->lock);
  return room;
}

// Tag object p of c, known good, for a request of n bytes; counted, a
// kmalloc by CPU cpu. Return p.
static inline __attribute__((always_inline)) void *
tagobj(struct kmcache *c, char *p, uint n, int cpu, int counted)
{
  if (counted)
    kmcountalloc(cpu, n);
  tagset(c, p, n);
  dbgtake(c, p, n);
  return p;
}

// Pop an object of c off the loaded magazine of cm, which holds one, and
// tag it for a request of n bytes; counted, a kmalloc by CPU cpu.
static inline __attribute__((always_inline)) void *
tagpop(struct kmcache *c, struct cpumag *cm, uint n, int cpu, int counted)
{
  return tagobj(c, *--cm->top, n, cpu, counted);
}

// Take an object of c straight from the slabs, for cm, a CPU's
// magazines that could get none, and tag it for n bytes; NULL when out
// of pages.
static __attribute__((noinline)) void *
tagslab(struct kmcache *c, struct cpumag *cm, uint n, int cpu, int counted)
{
  void *p;

  acquire(&c->lock);
  p = slabone(c);
  release(&c->lock);
  if (p == NULL) {
    if (counted)
      kmcountfail(cpu);
    return NULL;
  }
  cm->moved++;
  MAGCOUNT(cm, misses);
  return tagobj(c, p, n, cpu, counted);
}

// Load cm, a CPU's magazines of c whose loaded one is empty, with
// objects (its previous one if full, else through the depot or the
// slabs), then pop and tag one for n bytes; NULL when out of pages. Out
// of line, so that the common path saves no registers.
static __attribute__((noinline)) void *
tagfill(struct kmcache *c, struct cpumag *cm, uint n, int cpu, int counted)
{
  if (cm->prev->rounds > 0)
    magswap(c, cm);
  else if (!magreload(c, cm))
    return tagslab(c, cm, n, cpu, counted);
  return tagpop(c, cm, n, cpu, counted);
}

// Take an object of c for a request of n bytes from the magazines of CPU
// cpu and tag it; NULL when out of pages. Counted, it is a kmalloc and
// counts as one. The caller has pushcli'd.
static inline __attribute__((always_inline)) void *
tagget(struct kmcache *c, uint n, int cpu, int counted)
{
  struct cpumag *cm = &c->mag[cpu];

  if (cm->top == cm->loaded->obj)
    return tagfill(c, cm, n, cpu, counted);
  return tagpop(c, cm, n, cpu, counted);
}

// Push free object p of c, in slab s, on cm, a CPU's magazines whose
// loaded one is full: on its previous one if empty, else after making
// room (through the depot or the slabs), else straight onto its slab.
// Out of line, so that the common path saves no registers.
static __attribute__((noinline)) void
tagdrain(struct kmcache *c, struct cpumag *cm, struct slab *s, void *p)
{
  if (cm->prev != &zeromag && cm->prev->rounds == 0) {
    magswap(c, cm);
  } else if (!magroom(c, cm)) {
    acquire(&c->lock);
    slabput(c, s, p);
    release(&c->lock);
    cm->moved--;
    MAGCOUNT(cm, misses);
    return;
  }
  *cm->top++ = p;
}

// Panic about the free of p in a class of size bytes. Not known to be
// noreturn (GCC's noipa keeps it from finding out; clang has no noipa),
// so that the fast path jumps here and needs no stack frame.
#if __has_attribute(noipa)
static __attribute__((noipa)) void
#else
static __attribute__((noinline)) void
#endif
freebad(const char *what, void *p, uint size)
{
  kmpanic(what, p, size);
}

// Free object p of c in slab s into the magazines of CPU cpu; counted, it
// is a kmfree and counts the n it was taken for. Panics if p is not an
// allocated object of s. The caller has pushcli'd.
static inline __attribute__((always_inline)) void
tagput(struct kmcache *c, struct slab *s, void *p, int cpu, int counted)
{
  struct cpumag *cm = &c->mag[cpu];
#ifdef KMNOTAGS
  uint t = c->size;
#else
  uint i = indexof(c, s, p);
  uint t;

  if (i == NOSLOT) {
    freebad("free of pointer inside an object", p, c->size);
    return;
  }
  if ((t = tagsof(s)[i]) == 0) {
    freebad("double free of", p, c->size);
    return;
  }
  // Poisoning writes over the red zone past n: it too must happen while
  // no kmcheck can look (the tag still says allocated).
  dbggive(c, p, t);
  tagsof(s)[i] = 0;
#endif
  if (counted)
    kmcountfree(cpu, t);
  MAGCOUNT(cm, frees);
  if (cm->top == cm->end) {
    tagdrain(c, cm, s, p);
    return;
  }
  *cm->top++ = p;
}

// Allocate a run of pages for a request of n bytes above the classes,
// counting the kmalloc.
static __attribute__((noinline)) void *
bigalloc(uint n, int cpu)
{
  struct big *b = tagget(&bigcache, bigcache.size, cpu, 0);

  if (b != NULL && (b->va = kmrunget(n, &b->order)) == NULL) {
    tagput(&bigcache, slabof(b), b, cpu, 0);
    b = NULL;
  }
  if (b == NULL) {
    kmcountfail(cpu);
    return NULL;
  }
  b->magic = BIGMAGIC;
  b->n = n;
  kmown(b->va, b->order, b);
  kmcountalloc(cpu, n);
  return b->va;
}

// Free the run of b, which p must start, counting the kmfree.
static __attribute__((noinline)) void
bigfree(struct big *b, void *p, int cpu)
{
  if (p != b->va)
    kmpanic("free of pointer inside a block", p, PGSIZE << b->order);
  kmrunput(b->va, b->n, b->order);
  kmcountfree(cpu, b->n);
  b->magic = 0;
  tagput(&bigcache, slabof(b), b, cpu, 0);
}

// Set up the internal caches and the kmalloc classes; no pages yet.
static void
slabinit(void)
{
  uint n;
  int i;

  initlock(&caches.lock, "caches");
  caches.list = NULL;
  caches.tail = &caches.list;
  cacheinit(&cachecache, "kmcache", sizeof(struct kmcache), KMALIGN, 0);
  cacheinit(&bigcache, "big", sizeof(struct big), KMALIGN, 0);
  cacheinit(&magcache, "magazine", sizeof(struct mag), KMALIGN, 0);
  for (i = 0; i < NCLASS; i++)
    cacheinit(&classcache[i], "kmalloc", classes[i], KMALIGN, 1);
  if (classes[NCLASS - 1] != LARGEMAX)
    panic("slab: LARGEMAX is not the largest class");
  // Each table entry is the least class holding the largest n it serves.
  for (i = 0, n = 0; n <= SMALLMAX; n += KMALIGN) {
    while (classes[i] < n)
      i++;
    smallcache[n / KMALIGN] = &classcache[i];
  }
  for (n = SMALLMAX + LARGESTEP; n <= LARGEMAX; n += LARGESTEP) {
    while (classes[i] < n)
      i++;
    largecache[n / LARGESTEP - 1] = &classcache[i];
  }
}

// kmalloc: an object of the smallest class that holds n, or a page run.
static void *
slaballoc(uint n, int cpu)
{
  if (n <= SMALLMAX)
    return tagget(smallcache[(n + KMALIGN - 1) / KMALIGN], n, cpu, 1);
  if (n <= LARGEMAX)
    return tagget(largecache[(n - 1) / LARGESTEP], n, cpu, 1);
  return bigalloc(n, cpu);
}

// kmfree of p, whose owner o is no kmalloc class's slab: free the page
// run o records, or panic on a kmcache object.
static __attribute__((noinline)) void
otherfree(void *o, void *p, int cpu)
{
  struct slab *s = o;

  if (*(uint *)o == BIGMAGIC)
    bigfree(o, p, cpu);
  else
    kmpanic("kmfree of kmcache object", p, s->cache->size);
}

// kmfree: free a class object or a page run.
static void
slabfree(void *p, int cpu)
{
  void *o = ownerof(p);
  struct slab *s = o;

  // Every owner starts with its magic word.
  if (o == NULL)
    freebad("free of non-heap pointer", p, 0);
  else if (s->magic != SLABMAGIC)
    otherfree(o, p, cpu);
  else
    tagput(s->cache, s, p, cpu, 1);
}

// kmcache_create: a new cache, its struct from cachecache.
static struct kmcache *
slabcreate(const char *name, uint size, uint align)
{
  struct kmcache *c;

  pushcli();
  c = tagget(&cachecache, cachecache.size, cpuid(), 0);
  popcli();
  if (c != NULL)
    cacheinit(c, name, size, align, 0);
  return c;
}

// kmcache_alloc: an object of c, or NULL when out of pages.
static void *
slabcachealloc(struct kmcache *c, int cpu)
{
  void *p = tagget(c, c->size, cpu, 0);

  if (p != NULL)
    kmcountobj(cpu, c->size);
  return p;
}

// kmcache_free: free p, which must be an object of c.
static void
slabcachefree(struct kmcache *c, void *p, int cpu)
{
  struct slab *s = ownerof(p);

  if (s == NULL || (s->magic != SLABMAGIC && s->magic != OBJMAGIC))
    kmpanic("free of non-heap pointer", p, c->size);
  if (s->cache != c)
    kmpanic("free to the wrong cache of", p, c->size);
  tagput(c, s, p, cpu, 0);
  kmcountobj(cpu, -c->size);
}

// Return the objects in cm, a CPU's magazines: the loaded one's and the
// previous one's.
static uint
cpuheld(struct cpumag *cm)
{
  return magheld(cm) + cm->prev->rounds;
}

// Return every object in cm, a CPU's magazines of c, to the slabs and
// the magazines to magcache. Caller holds c->lock, and cm is its own
// CPU's or that CPU is parked.
static void
cpudrain(struct kmcache *c, struct cpumag *cm)
{
  magdrain(c, cm, magheld(cm));
  magswap(c, cm);
  magdrain(c, cm, magheld(cm));
  magfree(cm->loaded);
  magfree(cm->prev);
  magload(c, cm, &zeromag);
  cm->prev = &zeromag;
}

// Return the objects in c's depot to the slabs and its magazines to
// magcache. Caller holds c->lock.
static void
depotdrain(struct kmcache *c)
{
  struct mag *m;
  uint i;

  while ((m = c->depot.full) != NULL) {
    c->depot.full = m->next;
    for (i = 0; i < m->rounds; i++)
      slabput(c, slabat(c, m->obj[i]), m->obj[i]);
    magfree(m);
  }
  while ((m = c->depot.empty) != NULL) {
    c->depot.empty = m->next;
    magfree(m);
  }
  c->depot.nfull = c->depot.nempty = 0;
}

// Give every empty slab of c back to the page allocator.
static void
unslaball(struct kmcache *c)
{
  acquire(&c->lock);
  while (c->empty != NULL)
    unslab(c, c->empty);
  release(&c->lock);
}

// Empty every CPU's magazines and every depot, and free every empty
// slab, magcache's last. The other CPUs are parked meanwhile: a CPU
// parks only outside pushcli, where its magazines hold still and it has
// no object between a magazine and its tag, so this CPU may empty them.
static void
slabreap(void)
{
  struct kmcache *c;
  int i;

  parkothers();
  acquire(&caches.lock);
  for (c = caches.list; c != NULL; c = c->link) {
    acquire(&c->lock);
    for (i = 0; i < NCPU; i++)
      cpudrain(c, &c->mag[i]);
    depotdrain(c);
    release(&c->lock);
    unslaball(c);
  }
  unslaball(&magcache);
  release(&caches.lock);
  unparkothers();
}

// Add the bytes of free objects in slabs, magazines and depots to
// free_bytes.
static void
slabstats(struct kmstats *st)
{
  struct kmcache *c;
  uint n;
  int i;

  acquire(&caches.lock);
  for (c = caches.list; c != NULL; c = c->link) {
    acquire(&c->lock);
    n = c->nfree + c->depot.nfull * c->magcap;
    for (i = 0; i < NCPU; i++)
      n += cpuheld(&c->mag[i]);
    release(&c->lock);
    st->free_bytes += n * c->size;
  }
  release(&caches.lock);
}

// Fill r with cache c's record; its magazines' counts are summed without
// their CPUs' help, so they are exact on a quiet heap. Caller holds
// c->lock.
static void
cacheinfo(struct kmcache *c, struct slabinfo *r)
{
  struct cpumag *cm;
  unsigned long pops;
  uint spare = c->nfree + c->depot.nfull * c->magcap;

  for (cm = c->mag; cm < &c->mag[NCPU]; cm++) {
    // Pops are not counted, to keep the allocation path short: what came
    // in (refills and full magazines, less what went out, and pushes)
    // less what is held went out.
    pops = cm->moved + cm->frees - cpuheld(cm);
    spare += cpuheld(cm);
    r->allocs += pops;
    r->hits += pops + cm->frees - cm->misses - cm->swaps;
    r->misses += cm->misses;
    r->swaps += cm->swaps;
  }
  r->depotfull = c->depot.nfull;
  r->depotempty = c->depot.nempty;
  kminfoname(r, c->name, c->sized ? c->size : 0);
  r->objsize = c->size;
  r->total = c->nslabs * c->nobj;
  r->active = r->total - spare;
  r->slabs = c->nslabs;
  r->pages = c->nslabs << c->order;
  r->flags = c->sized ? SLABINFO_KMALLOC : 0;
  if (c == &cachecache || c == &bigcache || c == &magcache)
    r->flags |= SLABINFO_INTERNAL;
}

// Fill r with the record of the i-th cache in creation order, if there
// is one; return the number of caches.
static int
slabinfo(int i, struct slabinfo *r)
{
  struct kmcache *c;
  int n = 0;

  acquire(&caches.lock);
  for (c = caches.list; c != NULL; c = c->link, n++) {
    if (n != i)
      continue;
    acquire(&c->lock);
    cacheinfo(c, r);
    release(&c->lock);
  }
  release(&caches.lock);
  return n;
}

// Report a broken invariant of c; returns -1 for kmcheck.
static int
bad(struct kmcache *c, const char *what)
{
  cprintf("kmcheck: cache %s size %d: %s\n", c->name, c->size, what);
  return -1;
}

// KDEBUG: 1 if the red zones around object p of n bytes are intact.
static int
dbgintact(struct kmcache *c, char *p, uint n)
{
#ifdef KDEBUG
  struct kmblock b = dbgblock(c, p, n);

  return kmdbgintact(&b);
#else
  return 1;
#endif
}

// KDEBUG: 1 if free object p is poisoned, skipping its first skip bytes.
static int
dbgpoisoned(struct kmcache *c, char *p, uint skip)
{
#ifdef KDEBUG
  return kmfilled(p + skip, KMPOISON, c->size - skip);
#else
  return 1;
#endif
}

// Check slab s, found on list l of c; add its allocated objects to *nalloc.
static int
checkslab(struct kmcache *c, struct slab *s, struct slab **l, uint *nalloc)
{
  uint i, nfree = 0;
  char *p;

  if (s->magic != slabmagic(c) || s->cache != c || listof(c, s) != l)
    return bad(c, "slab on the wrong list");
  for (p = (char *)s; p < (char *)s + (PGSIZE << c->order); p += PGSIZE)
    if (ownerof(p) != s)
      return bad(c, "slab page with another owner");
  for (p = s->free; p != NULL && nfree <= c->nobj; p = *(void **)p, nfree++)
    if (indexof(c, s, p) == NOSLOT || tagsof(s)[indexof(c, s, p)] != 0 ||
        !dbgpoisoned(c, p, sizeof(void *)))
      return bad(c, "bad object on a slab free list");
  if (nfree != c->nobj - s->inuse)
    return bad(c, "free list length disagrees with inuse");
  for (i = 0; i < c->nobj; i++) {
    if (tagsof(s)[i] == 0)
      continue;
    (*nalloc)++;
    if (!dbgintact(c, objat(c, s, i), tagsof(s)[i]))
      return bad(c, "red zone smashed");
  }
  return 0;
}

// Check the slabs on list l of c, adding up slabs, free and out objects.
static int
checklist(struct kmcache *c, struct slab **l, uint *nslabs, uint *nfree,
          uint *nout, uint *nalloc)
{
  struct slab *s, *prev = NULL;

  for (s = *l; s != NULL; prev = s, s = s->next) {
    if (s->prev != prev || ++*nslabs > c->nslabs)
      return bad(c, "slab list broken");
    if (checkslab(c, s, l, nalloc) < 0)
      return -1;
    *nfree += c->nobj - s->inuse;
    *nout += s->inuse;
  }
  return 0;
}

// Check magazine m of c, holding n objects: zeromag holding none, or an
// object of magcache in use holding at most magcap free objects of c.
// Add the objects to *nobj and m, unless zeromag, to *nmags.
static int
checkmag(struct kmcache *c, struct mag *m, uint n, uint *nobj, uint *nmags)
{
  struct slab *s = m != &zeromag ? slabof(m) : NULL;
  void *p;
  uint i;

  if (m == &zeromag)
    return n == 0 && zeromag.rounds == 0 ? 0 : bad(c, "objects in no magazine");
  if (s == NULL || s->magic != OBJMAGIC || s->cache != &magcache ||
      indexof(&magcache, s, m) == NOSLOT ||
      tagsof(s)[indexof(&magcache, s, m)] == 0)
    return bad(c, "magazine not from the magazine cache");
  if (n > c->magcap)
    return bad(c, "magazine overfull");
  for (i = 0; i < n; i++) {
    p = m->obj[i];
    s = slabof(p);
    if (s == NULL || s->magic != slabmagic(c) || s->cache != c ||
        indexof(c, s, p) == NOSLOT || tagsof(s)[indexof(c, s, p)] != 0 ||
        !dbgpoisoned(c, p, 0))
      return bad(c, "bad object in a magazine");
  }
  *nobj += n;
  (*nmags)++;
  return 0;
}

// Check every CPU's magazines of c: the loaded one's stack pointers
// within it, the previous one full or empty and another magazine. Add
// their objects to *nobj and the magazines to *nmags.
static int
checkcpus(struct kmcache *c, uint *nobj, uint *nmags)
{
  struct cpumag *cm;
  struct mag *l;

  for (cm = c->mag; cm < &c->mag[NCPU]; cm++) {
    l = cm->loaded;
    if (cm->end != l->obj + (l != &zeromag ? c->magcap : 0) ||
        cm->top < l->obj || cm->top > cm->end)
      return bad(c, "magazine stack pointer broken");
    if (cm->prev->rounds != 0 && cm->prev->rounds != c->magcap)
      return bad(c, "previous magazine neither full nor empty");
    if (l == cm->prev && l != &zeromag)
      return bad(c, "magazine both loaded and previous");
    if (checkmag(c, l, magheld(cm), nobj, nmags) < 0 ||
        checkmag(c, cm->prev, cm->prev->rounds, nobj, nmags) < 0)
      return -1;
  }
  return 0;
}

// Check the depot list l of c, which must hold n magazines of rounds
// objects each. Add their objects to *nobj and the magazines to *nmags.
static int
checkdepot(struct kmcache *c, struct mag *l, uint n, uint rounds,
           uint *nobj, uint *nmags)
{
  uint k = 0;

  for (; l != NULL && k <= DEPOTMAX; l = l->next, k++) {
    if (l == &zeromag || l->rounds != rounds)
      return bad(c, "depot magazine neither full nor empty as its list");
    if (checkmag(c, l, rounds, nobj, nmags) < 0)
      return -1;
  }
  if (k != n)
    return bad(c, "depot count disagrees with its list");
  return 0;
}

// Check cache c against its lists, magazines and depot; add its
// magazines to *nmags. Caller holds c->lock.
static int
checkcache(struct kmcache *c, uint *nmags)
{
  uint nslabs = 0, nfree = 0, nout = 0, nalloc = 0, nmag = 0;
  struct depot *d = &c->depot;

  if (d->nfull + d->nempty > DEPOTMAX)
    return bad(c, "depot over its bound");
  if (checklist(c, &c->empty, &nslabs, &nfree, &nout, &nalloc) < 0 ||
      checklist(c, &c->partial, &nslabs, &nfree, &nout, &nalloc) < 0 ||
      checklist(c, &c->full, &nslabs, &nfree, &nout, &nalloc) < 0 ||
      checkcpus(c, &nmag, nmags) < 0 ||
      checkdepot(c, d->full, d->nfull, c->magcap, &nmag, nmags) < 0 ||
      checkdepot(c, d->empty, d->nempty, 0, &nmag, nmags) < 0)
    return -1;
  if (nslabs != c->nslabs || nfree != c->nfree || c->nempty > 1)
    return bad(c, "slab counts disagree");
  if (nout != nalloc + nmag)
    return bad(c, "objects out of slabs are neither allocated nor in magazines");
  return 0;
}

// Check every cache, then that every magazine magcache has handed out
// was found once: loaded, previous or in a depot. 0 if all hold.
static int
slabcheck(void)
{
  struct kmcache *c;
  uint nmags = 0, out;
  int r = 0;

  acquire(&caches.lock);
  for (c = caches.list; c != NULL && r == 0; c = c->link) {
    acquire(&c->lock);
    r = checkcache(c, &nmags);
    release(&c->lock);
  }
  acquire(&magcache.lock);
  out = magcache.nslabs * magcache.nobj - magcache.nfree;
  release(&magcache.lock);
  if (r == 0 && nmags != out)
    r = bad(&magcache, "magazines in use are not those the caches hold");
  release(&caches.lock);
  return r;
}

const struct kmallocator kmalloc_ops = {
  .name = "slab",
  .init = slabinit,
  .alloc = slaballoc,
  .free = slabfree,
  .cachecreate = slabcreate,
  .cachealloc = slabcachealloc,
  .cachefree = slabcachefree,
  .reap = slabreap,
  .stats = slabstats,
  .check = slabcheck,
  .info = slabinfo,
};
