// Per-CPU page lists in front of the buddy allocator, after Linux's
// per-CPU pagesets: single pages come from and go to the current CPU's
// list; the buddy allocator's lock is taken only once per batch.
//
// Theory. Each CPU's list holds free single pages, PG_CACHED in the
// buddy map (alloc/buddy.c), linked through their pageinfo's next and
// prev, owner NULL; n counts them. A page is on at most one list. The
// free pages are the buddy's free blocks and the pages on the lists.
// A list that runs dry takes PCPBATCH pages from the buddy allocator;
// one that grows past PCPHIGH gives its PCPBATCH coldest back. When the
// buddy allocator cannot satisfy a request of any order, every list is
// drained into it (where cached pages merge with their buddies) and the
// request is tried once more before it fails: no page is stranded on
// another CPU's list.
// Locking: each list has its own spin lock, taken by its CPU around
// every get and put and by a CPU that drains it; the buddy allocator's
// lock is taken after a list's, never before. The owner's acquire is
// uncontended except during a drain, so it costs an atomic exchange
// where an IPI would cost every CPU an interrupt for each drain. Since
// the lock, not the CPU, protects a list, a get or put needs no pushcli
// to stay on its CPU: a process moved right after reading its CPU's id
// uses the list it named, as safely, and contends for it as rarely as
// processes move; that saves a pushcli and popcli on every page. Both
// locks together are needed to move pages between a list and the buddy
// allocator, so b->nfree plus the lists' counts, read under the buddy's
// lock, changes only by real allocations and frees.
// Batch and high mark: a batch of 32 cuts the buddy lock's acquires for
// single pages about 32-fold while holding it for 32 buddy operations
// (a few thousand instructions); a high mark of 4 batches lets a process
// free and allocate again 128 pages (512 KiB: a fork's page tables and
// stacks, an sbrk of a few hundred KiB) without the buddy allocator,
// and strands at most 128 pages per CPU, 4 MiB on 8 CPUs, until a drain.

#include "core/core.h"
#include "alloc/pcp.h"

// Set up the lists over b, whose lock is lock; all empty.
void
pcpinit(struct pcp *p, struct buddy *b, struct spinlock *lock)
{
  int i;

  memset(p, 0, sizeof(*p));
  p->lock = lock;
  p->b = b;
  for (i = 0; i < NCPU; i++)
    initlock(&p->cpu[i].lock, "pcp");
}

// The first address of the frame pi describes.
static void *
pageva(struct buddy *b, struct pageinfo *pi)
{
  return b->base + (pi - b->meta) * PGSIZE;
}

// Put pi at the head of l.
static void
pushhead(struct pcplist *l, struct pageinfo *pi)
{
  pi->prev = NULL;
  pi->next = l->head;
  if (l->head != NULL)
    l->head->prev = pi;
  else
    l->tail = pi;
  l->head = pi;
  l->n++;
}

// Take pi, which is on l, off it.
static void
unlinkpage(struct pcplist *l, struct pageinfo *pi)
{
  if (pi->prev != NULL)
    pi->prev->next = pi->next;
  else
    l->head = pi->next;
  if (pi->next != NULL)
    pi->next->prev = pi->prev;
  else
    l->tail = pi->prev;
  pi->next = pi->prev = NULL;
  l->n--;
}

// Move up to PCPBATCH pages from the buddy allocator to l. Holds l's
// lock and the buddy's.
static void
fill(struct pcp *p, struct pcplist *l)
{
  void *va;
  int i;

  for (i = 0; i < PCPBATCH && (va = buddyalloc(p->b, 0)) != NULL; i++) {
    buddycache(p->b, va);
    pushhead(l, buddyinfo(p->b, va));
  }
}

// Give the n coldest pages of l back to the buddy allocator. Holds l's
// lock and the buddy's.
static void
drain(struct pcp *p, struct pcplist *l, uint n)
{
  struct pageinfo *pi;
  void *va;

  while (n-- > 0 && (pi = l->tail) != NULL) {
    unlinkpage(l, pi);
    va = pageva(p->b, pi);
    buddyuncache(p->b, va);
    buddyfree(p->b, va, 0);
  }
}

// Drain every CPU's list into the buddy allocator. Holds no lock.
static void
drainall(struct pcp *p)
{
  struct pcplist *l;

  for (l = p->cpu; l < p->cpu + NCPU; l++) {
    acquire(&l->lock);
    acquire(p->lock);
    drain(p, l, l->n);
    release(p->lock);
    release(&l->lock);
  }
}

// This CPU's list, or, for a caller moved meanwhile, the list of the
// CPU it ran on: either is safe under the list's lock (see Locking).
static struct pcplist *
mylist(struct pcp *p)
{
  return &p->cpu[mycpu()->id];
}

// A page from this CPU's list, refilled if empty; NULL if the buddy
// allocator had none for it either.
static void *
takepage(struct pcp *p)
{
  struct pcplist *l = mylist(p);
  struct pageinfo *pi;
  void *va = NULL;

  acquire(&l->lock);
  if (l->head == NULL) {
    acquire(p->lock);
    fill(p, l);
    release(p->lock);
  }
  if ((pi = l->head) != NULL) {
    unlinkpage(l, pi);
    va = pageva(p->b, pi);
    buddyuncache(p->b, va);
  }
  release(&l->lock);
  return va;
}

// Put the allocated page at va on this CPU's list, draining a batch past
// the high mark; 0, or the BE_ error of a bad free and nothing changed.
static int
putpage(struct pcp *p, void *va)
{
  struct pcplist *l = mylist(p);
  int err;

  acquire(&l->lock);
  if ((err = buddycache(p->b, va)) == 0) {
    pushhead(l, buddyinfo(p->b, va));
    if (l->n > PCPHIGH) {
      acquire(p->lock);
      drain(p, l, PCPBATCH);
      release(p->lock);
    }
  }
  release(&l->lock);
  return err;
}

// 2^order pages from the buddy allocator under its lock, NULL if none.
static void *
buddytake(struct pcp *p, int order)
{
  void *va;

  acquire(p->lock);
  va = buddyalloc(p->b, order);
  release(p->lock);
  return va;
}

// 2^order contiguous pages, single pages from this CPU's list; NULL only
// when not even every list drained into the buddy allocator has them.
void *
pcpalloc(struct pcp *p, int order)
{
  void *va;

  va = order == 0 ? takepage(p) : buddytake(p, order);
  if (va == NULL) {
    drainall(p);
    va = buddytake(p, order);
  }
  return va;
}

// Free 2^order pages from pcpalloc, a single page to this CPU's list; 0,
// or a BE_ error (a bad free) and nothing changed.
int
pcpfree(struct pcp *p, void *va, int order)
{
  int err;

  if (order == 0)
    return putpage(p, va);
  acquire(p->lock);
  err = buddyfree(p->b, va, order);
  release(p->lock);
  return err;
}

// The pages on all lists. Under the buddy's lock the figure plus
// b->nfree is the free pages; without it, a transfer may be half seen.
uint
pcpheld(struct pcp *p)
{
  uint i, n = 0;

  for (i = 0; i < NCPU; i++)
    n += p->cpu[i].n;
  return n;
}

// Is pi an entry of b's map?
static int
inmap(struct buddy *b, struct pageinfo *pi)
{
  return pi >= b->meta && pi < b->meta + b->npages;
}

// Check l's links and pages, marking each page's owner with l (so a page
// on two lists, or twice on one, is found), and add its length to
// *total; -1 if an invariant is broken.
static int
walklist(struct pcp *p, struct pcplist *l, uint *total)
{
  struct pageinfo *pi, *prev = NULL;
  uint n = 0;

  for (pi = l->head; pi != NULL; prev = pi, pi = pi->next) {
    if (!inmap(p->b, pi))
      return -1;
    if (pi->state != PG_CACHED || pi->order != 0 || pi->owner != NULL ||
        pi->prev != prev)
      return -1;
    pi->owner = l;
    n++;
  }
  if (prev != l->tail || n != l->n)
    return -1;
  *total += n;
  return 0;
}

// Clear the marks walklist left on l's pages.
static void
unmark(struct pcp *p, struct pcplist *l)
{
  struct pageinfo *pi;

  for (pi = l->head; pi != NULL && inmap(p->b, pi) && pi->owner == l;
       pi = pi->next)
    pi->owner = NULL;
}

// Check every invariant in the theory statement and the buddy
// allocator's, under every list's lock and the buddy's; 0 if all hold,
// else -1. Linear in the buddy's pages.
int
pcpcheck(struct pcp *p)
{
  uint total = 0;
  int i, r = 0;

  for (i = 0; i < NCPU; i++)
    acquire(&p->cpu[i].lock);
  acquire(p->lock);
  for (i = 0; i < NCPU && r == 0; i++)
    r = walklist(p, &p->cpu[i], &total);
  if (r == 0)
    r = buddycheck(p->b, total);
  for (i = 0; i < NCPU; i++)
    unmark(p, &p->cpu[i]);
  release(p->lock);
  for (i = NCPU - 1; i >= 0; i--)
    release(&p->cpu[i].lock);
  return r;
}
