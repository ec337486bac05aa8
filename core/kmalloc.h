// The kernel heap: kmalloc/kmfree, object caches, and the table each
// implementation in alloc/ fills in (exactly one is linked, see ALLOC).
#ifndef MODX6_KMALLOC_H
#define MODX6_KMALLOC_H

#include "types.h"

#define KMALLOC_MAX (128 * 1024)  // largest kmalloc request
#define KMCACHE_MAX (16 * 1024)   // largest kmcache object
#define KMALIGN     8             // every block is aligned to this

// Heap counters. The first five are kept by core/kmalloc.c for every
// implementation; free_bytes comes from the implementation. They are
// summed from per-CPU counts without stopping other CPUs, so they are
// exact only when the heap is quiet. Objects of kmcache caches are not
// counted as allocations: their bytes are obj_bytes, their pages are in
// held_bytes.
struct kmstats {
  uint allocs;      // kmalloc calls that returned a block
  uint frees;       // kmfree calls with a non-NULL pointer
  uint fails;       // kmalloc calls that returned NULL
  uint live_bytes;  // bytes requested by blocks not yet freed
  uint held_bytes;  // bytes of pages the heap holds from kallocpages
  uint free_bytes;  // bytes of held blocks or objects ready for reuse
  uint obj_bytes;   // bytes of kmcache objects in use
};

struct kmcache;
struct slabinfo;

// One heap implementation. alloc gets 1 <= n <= KMALLOC_MAX and returns
// NULL when out of pages; free panics on a pointer alloc did not hand
// out; both count what they do (kmcountalloc, kmcountfail, kmcountfree
// below). stats fills free_bytes only. cachecreate gets a checked size
// and align. alloc, free, cachealloc and cachefree run inside the
// caller's pushcli, cpu being the calling CPU's id, so that one pushcli
// and one cpuid serve the whole operation, counting included. info fills
// *r with cache i's record (userland/include/slabinfo.h, SLABINFO_NA in
// the columns it cannot tell) when 0 <= i < the number of caches, which
// it returns.
struct kmallocator {
  const char *name;
  void (*init)(void);
  void *(*alloc)(uint n, int cpu);
  void (*free)(void *p, int cpu);
  struct kmcache *(*cachecreate)(const char *name, uint size, uint align);
  void *(*cachealloc)(struct kmcache *c, int cpu);
  void (*cachefree)(struct kmcache *c, void *p, int cpu);
  void (*reap)(void);
  void (*stats)(struct kmstats *st);
  int (*check)(void);
  int (*info)(int i, struct slabinfo *r);
};

extern const struct kmallocator kmalloc_ops;

// Calling context, for everything below: any CPU, with or without other
// spinlocks held, interrupt handlers included; nothing here sleeps. The
// heap's locks are taken after any lock the caller holds and before
// kmem.lock, the page allocator's, which is the last lock in the kernel.
// The trace recorder's lock (core/kmrec.c) is also taken last, never
// together with the heap's or kmem.lock.

// kmallocinit: set up the heap. Call once, after kinit2, before any other
// function here.
void            kmallocinit(void);

// kmalloc: return a block of at least n bytes, aligned to KMALIGN, or NULL
// when n is 0, n > KMALLOC_MAX, or no page is left; never panics. The
// contents are undefined.
void*           kmalloc(uint n);

// kmfree: free a block from kmalloc; kmfree(NULL) does nothing. Panics
// naming the allocator, address and size class on a pointer kmalloc did
// not return or already freed, wherever that is detectable in O(1); with
// KDEBUG also on red-zone overflow and on writes after free.
void            kmfree(void *p);

// kmrefused: count a failed kmalloc refused before it reached the heap.
void            kmrefused(void);

// kmstats: fill *st with the counters above.
void            kmstats(struct kmstats *st);

// kmtally: kmstats without free_bytes (left 0), which is the one figure
// that takes the heap's locks; the rest are per-CPU sums taken without
// any, so a caller per operation (kmreplay's peaks) adds no lock traffic.
void            kmtally(struct kmstats *st);

// kmreap: give the page allocator every page the heap holds without a
// live block in it, emptying every CPU's per-CPU caches (the slab parks
// the other CPUs meanwhile, core/park.c). For low memory and for tests.
// Unlike the rest here: process context only, with no spin lock held.
void            kmreap(void);

// kmcheck: walk the whole heap checking its invariants, printing the first
// broken one; returns 0 if all hold, -1 if not. Linear in the heap size;
// exact only when no other CPU is in the heap.
int             kmcheck(void);

// kmcacheinfo: fill *r with the record of cache i when 0 <= i < the
// number of caches, and return that number: every kmcache_create cache,
// every kmalloc size class and the allocator's own caches, in an order
// that stays put while no cache is created. Exact on a quiet heap.
int             kmcacheinfo(int i, struct slabinfo *r);

// kmcache_create: make a cache of objects of size bytes (1..KMCACHE_MAX)
// aligned to align (0 meaning KMALIGN, else a power of two up to PGSIZE).
// Returns NULL on a bad size or align or when out of memory. name must
// outlive the cache; caches are never destroyed.
struct kmcache* kmcache_create(const char *name, uint size, uint align);

// kmcache_alloc: return an object from c, or NULL when out of memory.
void*           kmcache_alloc(struct kmcache *c);

// kmcache_free: return p to c; NULL does nothing. Panics like kmfree on a
// bad pointer, and on an object of another cache where that is detectable.
void            kmcache_free(struct kmcache *c, void *p);

// The allocation trace recorder (core/kmrec.c). kmrecon is set while it
// records; the hooks here test it and call kmrecord, inside their pushcli
// section, only then: allocations after they succeed (p NULL when they
// failed, which is not recorded), frees before they happen. kmrecinit: set it up, before any kmcache_create.
// kmrecname: give a new cache its trace id. kmtrace: the kmtrace system
// call's commands (ktrace.h); -1 for a bad one. kmfastpath: the recorder
// turns kmalloc's and kmfree's fast paths off while it records (0) and on
// again (1); see core/kmalloc.c.
extern int      kmrecon;
void            kmfastpath(int on);
void            kmrecinit(void);
void            kmrecname(struct kmcache *c, const char *name, uint size);
void            kmrecord(int op, struct kmcache *c, uint size, void *p);
int             kmtrace(int cmd, void __user *buf, int n);

// For the implementations in alloc/ only.

// kmpages: allocate 2^order pages, counted in held_bytes; NULL when out
// of pages. kmown: put owner in the owner slot of each of those pages.
// kmunpages: clear the owner slots and free 2^order pages from kmpages.
void*           kmpages(int order);
void            kmown(void *va, int order, void *owner);
void            kmunpages(void *va, int order);

// kmrunget: the least 2^order pages holding n bytes, from kmpages, *order
// set; NULL when out of pages. kmrunput: give such a run back with
// kmunpages. For requests above an implementation's own blocks; under
// KDEBUG the bytes past n are a red zone kmrunput checks (it panics).
void*           kmrunget(uint n, int *order);
void            kmrunput(void *va, uint n, int order);

// kminfoname: set r's name to name, followed by "-size" when size is
// not 0 ("kmalloc-64"), cut to fit with its NUL.
void            kminfoname(struct slabinfo *r, const char *name, uint size);

// The per-CPU counters behind kmstats, each changed only by its CPU
// under pushcli, so counting takes no lock. The implementations count
// each kmalloc and kmfree in the pushcli section that does it.
struct kmcount {
  uint allocs;
  uint frees;
  uint fails;
  uint live;
  uint held;
  uint objlive;     // bytes of kmcache objects in use
} __attribute__((aligned(32)));   // a power of two: finding one is a shift

extern struct kmcount kmcounts[];

// KMNOCOUNT, for the host benchmark only (bench/README.md), compiles the
// three below to nothing, to measure what counting costs.
#ifndef KMNOCOUNT
// kmcountalloc: CPU cpu's kmalloc returned a block for n bytes.
static inline void
kmcountalloc(int cpu, uint n)
{
  kmcounts[cpu].allocs++;
  kmcounts[cpu].live += n;
}

// kmcountfail: CPU cpu's kmalloc returned NULL.
static inline void
kmcountfail(int cpu)
{
  kmcounts[cpu].fails++;
}

// kmcountfree: CPU cpu's kmfree freed a block kmalloc gave for n bytes.
static inline void
kmcountfree(int cpu, uint n)
{
  kmcounts[cpu].frees++;
  kmcounts[cpu].live -= n;
}

// kmcountobj: CPU cpu's kmcache_alloc (n > 0) or kmcache_free (n < 0)
// moved n bytes of objects.
static inline void
kmcountobj(int cpu, int n)
{
  kmcounts[cpu].objlive += n;
}
#else
static inline void kmcountobj(int cpu, int n) {}
static inline void kmcountalloc(int cpu, uint n) {}
static inline void kmcountfail(int cpu) {}
static inline void kmcountfree(int cpu, uint n) {}
#endif

// kmpanic: panic with "kmalloc <allocator>: <what> <p> (class <size>)".
void            kmpanic(const char *what, void *p, uint size)
                  __attribute__((noreturn));

#ifdef KDEBUG
#define KMPOISON 0x6b   // fills free memory
#define KMRED    0xbb   // fills red zones
#define KMREDSZ  8      // minimum red zone bytes after each block

// kmfilled: 1 if the n bytes at p all equal c.
int             kmfilled(void *p, uchar c, uint n);

// A block as the debug checks see it, whatever the implementation: the
// caller's n bytes at body, with lead red bytes before it and room bytes
// of its own from body (red past n) while in use; the len bytes at free
// poisoned while free. class is the size its panics name.
struct kmblock {
  char *free;
  uint len;
  char *body;
  uint lead;
  uint n;
  uint room;
  uint class;
};

// kmdbgtake: b leaves the free state: panic ("write after free") unless
// it is still all poison, then make its red zones red. kmdbgintact: 1 if
// b's red zones are intact. kmdbggive: b returns: panic ("red zone
// smashed") unless they are, then poison it.
void            kmdbgtake(struct kmblock *b);
int             kmdbgintact(struct kmblock *b);
void            kmdbggive(struct kmblock *b);
#endif

#endif
