// Physical page allocator: runs of 2^order contiguous pages from the buddy
// allocator (alloc/buddy.c) behind one lock, single pages for user memory,
// page tables and kernel stacks through per-CPU lists (alloc/pcp.c), and
// reference counts for shared pages.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "alloc/pcp.h"

extern char end[]; // first address after kernel loaded from ELF file

#define NFRAMES (PHYSTOP / PGSIZE)

// PCP=0 in config.mk builds without the per-CPU lists (every page under
// kmem.lock), the figure per-CPU lists are compared against.
#ifdef KNOPCP
#define PCPON 0
#else
#define PCPON 1
#endif

// kmem.lock is the last lock in the kernel: nothing is acquired under it.
static struct {
  struct spinlock lock;
  int use_lock;
  struct buddy b;
  struct pcp pcp;   // empty until kinit2, and always with PCP=0
  // Extra references to a frame beyond its first owner (shared mappings),
  // changed atomically without the lock.
  ushort refs[NFRAMES];
} kmem;

// Lock the allocator once the other CPUs may run.
static void
lock(void)
{
  if(kmem.use_lock)
    acquire(&kmem.lock);
}

// Undo lock().
static void
unlock(void)
{
  if(kmem.use_lock)
    release(&kmem.lock);
}

// Give the pages in [vstart, vend) to the allocator.
void
kaddrange(void *vstart, void *vend)
{
  if(buddyadd(&kmem.b, (char*)PGROUNDUP((uint)vstart), vend) < 0)
    panic("kalloc: bad range");
}

// First phase, before the other CPUs run: place the per-frame metadata
// after the kernel and give the rest of [vstart, vend) to the allocator.
void
kinit1(void *vstart, void *vend)
{
  struct pageinfo *meta;

  initlock(&kmem.lock, "kmem");
  kmem.use_lock = 0;
  meta = (struct pageinfo*)PGROUNDUP((uint)vstart);
  buddyinit(&kmem.b, P2V(0), NFRAMES, meta);
  pcpinit(&kmem.pcp, &kmem.b, &kmem.lock);
  kaddrange(meta + NFRAMES, vend);
}

// Second phase: locking from now on.
void
kinit2(void)
{
  kmem.use_lock = 1;
}

// 2^order contiguous pages, their first address, or NULL if no run that
// large is free.
void*
kallocpages(int order)
{
  void *v;

  if(order < 0 || order > KMAXORDER)
    return NULL;
  if(PCPON && kmem.use_lock)
    return pcpalloc(&kmem.pcp, order);
  lock();
  v = buddyalloc(&kmem.b, order);
  unlock();
  return v;
}

// Free a run from kallocpages(order); panics on a double free or a wrong
// address or order, naming the problem.
void
kfreepages(void *va, int order)
{
  int err;

  if(PCPON && kmem.use_lock)
    err = pcpfree(&kmem.pcp, va, order);
  else {
    lock();
    err = buddyfree(&kmem.b, va, order);
    unlock();
  }
  if(err < 0){
    cprintf("kfreepages %p order %d: %s\n", va, order, buddyerr(err));
    panic("kfreepages");
  }
}

// The metadata of the frame at va, NULL outside physical memory.
struct pageinfo*
kpageinfo(void *va)
{
  return buddyinfo(&kmem.b, va);
}

// One page, or NULL if memory is exhausted.
char*
kalloc(void)
{
  return kallocpages(0);
}

// Free the page at v, which kalloc returned. DEBUG=1 builds fill it
// with junk first to catch dangling uses; the others skip that cost.
void
kfree(char *v)
{
  if((uint)v % PGSIZE || v < end || V2P(v) >= PHYSTOP)
    panic("kfree");
#ifdef KDEBUG
  memset(v, 1, PGSIZE);
#endif
  kfreepages(v, 0);
}

// Add a reference to the page at v, which is mapped in one more place.
// An atomic add: the caller holds a reference, so the page stays.
void
kpageget(char *v)
{
  __sync_fetch_and_add(&kmem.refs[V2P(v) / PGSIZE], 1);
}

// Drop a reference to the page at v; the last one frees it. Lock-free,
// so that freeing a user page takes no global lock with per-CPU lists:
// a count found above 0 is decremented only if no other holder changed
// it meanwhile, so of two last holders exactly one sees 0 and frees.
void
kpageput(char *v)
{
  ushort *r = &kmem.refs[V2P(v) / PGSIZE];
  ushort n;

  do {
    n = *(volatile ushort*)r;
    if(n == 0){
      kfree(v);
      return;
    }
  } while(!__sync_bool_compare_and_swap(r, n, n - 1));
}

// How many references the page at v has: 1 for its only owner, more
// when shared (copy-on-write writes a page in place when it is 1). The
// counts change atomically, so one aligned load reads it without a lock.
int
kpagerefs(char *v)
{
  return *(volatile ushort*)&kmem.refs[V2P(v) / PGSIZE] + 1;
}

// Check the invariants of the buddy allocator and the per-CPU lists: 0
// if all hold, else -1.
int
kpagecheck(void)
{
  int r;

  r = pcpcheck(&kmem.pcp);
  if(r < 0)
    cprintf("kmcheck: page allocator: a buddy or per-CPU list invariant is broken\n");
  return r;
}

// The number of free pages, those on the per-CPU lists included.
uint
kfreecount(void)
{
  uint n;

  lock();
  n = kmem.b.nfree + pcpheld(&kmem.pcp);
  unlock();
  return n;
}
