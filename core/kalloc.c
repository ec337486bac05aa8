// Physical page allocator: 4096-byte pages for user memory, page tables,
// kernel stacks and pipe buffers.
#include "core/core.h"

extern char end[]; // first address after kernel loaded from ELF file

struct run {
  struct run *next;
};

static struct {
  struct spinlock lock;
  int use_lock;
  uint nfree;
  struct run *freelist;
} kmem;

// Give every page in [vstart, vend) to the allocator.
static void
freerange(void *vstart, void *vend)
{
  char *p;

  p = (char*)PGROUNDUP((uint)vstart);
  for(; p + PGSIZE <= (char*)vend; p += PGSIZE)
    kfree(p);
}

// First phase, before the other CPUs run: the pages the boot page table
// maps, without locking.
void
kinit1(void *vstart, void *vend)
{
  initlock(&kmem.lock, "kmem");
  kmem.use_lock = 0;
  freerange(vstart, vend);
}

// Second phase: the rest of physical memory, and locking from now on.
void
kinit2(void *vstart, void *vend)
{
  freerange(vstart, vend);
  kmem.use_lock = 1;
}

// Free the page at v, which kalloc returned; panics on a misaligned or
// out-of-range page. The page is filled with junk to catch dangling uses.
void
kfree(char *v)
{
  struct run *r;

  if((uint)v % PGSIZE || v < end || V2P(v) >= PHYSTOP)
    panic("kfree");

  memset(v, 1, PGSIZE);

  if(kmem.use_lock)
    acquire(&kmem.lock);
  r = (struct run*)v;
  r->next = kmem.freelist;
  kmem.freelist = r;
  kmem.nfree++;
  if(kmem.use_lock)
    release(&kmem.lock);
}

// Allocate one page: its kernel address, or NULL if memory is exhausted.
char*
kalloc(void)
{
  struct run *r;

  if(kmem.use_lock)
    acquire(&kmem.lock);
  r = kmem.freelist;
  if(r){
    kmem.freelist = r->next;
    kmem.nfree--;
  }
  if(kmem.use_lock)
    release(&kmem.lock);
  return (char*)r;
}

// The number of free pages.
uint
kfreecount(void)
{
  return kmem.nfree;
}
