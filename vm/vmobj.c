// Memory objects: the reference-counted page sets behind shared anonymous
// mappings and file mappings (theory in vm/mmap.c), the file objects'
// table, and their write-back.
//
// objlock guards every object's ref and queued, the list of file objects
// and the write-back queue; an object's own lock guards its page set.
// Both are spin locks taken under vmspace.lock and before the page
// allocator's: faults fill objects with the vmspace locked. What sleeps
// (objread, objdrain) runs with no spin lock held; objdrain also outside
// any transaction, since it opens its own.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "vm/vmobj.h"
#include "fs/file.h"

static struct spinlock objlock;
static struct vmobj *files;     // every file object, one per inode
static struct vmobj *queue;     // objects with pages to write, or to free
static struct kmcache *objcache;

// A page-set leaf is exactly one page on i386.
_Static_assert(PSNODESIZE == PGSIZE, "a page-set node is not a page");

// A zeroed page-set node: a page from the page allocator, or NULL.
void*
psnodealloc(void)
{
  char *p = kalloc();

  if(p != NULL)
    memset(p, 0, PGSIZE);
  return p;
}

// Give back a node psnodealloc made.
void
psnodefree(void *node)
{
  kfree(node);
}

// Make the cache objects come from; from mmapinit.
void
vmobjinit(void)
{
  initlock(&objlock, "vmobj");
  if((objcache = kmcache_create("vmobj", sizeof(struct vmobj), 0)) == NULL)
    panic("vmobjinit");
}

// A new object holding no page, with one reference; NULL without memory.
static struct vmobj*
newobj(struct inode *ip)
{
  struct vmobj *o;

  if((o = kmcache_alloc(objcache)) == NULL)
    return NULL;
  o->ref = 1;
  o->queued = 0;
  o->next = o->qnext = NULL;
  o->ip = ip;
  o->name[0] = 0;
  initlock(&o->lock, "vmobjpages");
  psinit(&o->pages);
  return o;
}

// A new anonymous object with one reference, or NULL.
struct vmobj*
objanon(void)
{
  return newobj(NULL);
}

// The object of file ip (whose caller holds a reference), made at the
// first mapping and shared by all, with one more reference; name, if
// not NULL, names it when it has no name yet. NULL without memory.
struct vmobj*
objfile(struct inode *ip, const char *name)
{
  struct vmobj *o, *fresh;

  if((fresh = newobj(ip)) == NULL)
    return NULL;
  acquire(&objlock);
  for(o = files; o != NULL && o->ip != ip; o = o->next)
    ;
  if(o != NULL){
    o->ref++;
  } else {
    o = fresh;
    o->next = files;
    files = o;
    fresh = NULL;
  }
  if(name != NULL && o->name[0] == 0)
    safestrcpy(o->name, name, sizeof(o->name));
  release(&objlock);
  if(fresh != NULL)
    kmcache_free(objcache, fresh);
  else
    idup(ip);
  return o;
}

// Add a reference to o.
void
objget(struct vmobj *o)
{
  acquire(&objlock);
  o->ref++;
  release(&objlock);
}

// Put o on the write-back queue unless it is there. objlock is held.
static void
enqueue(struct vmobj *o)
{
  if(o->queued)
    return;
  o->queued = 1;
  o->qnext = queue;
  queue = o;
}

// psclear's callback: drop the object's reference to a frame.
static void
dropframe(void *frame)
{
  kpageput(frame);
}

// Drop a reference to o; any context. The last one frees an anonymous
// object and its pages now, and queues a file object for objdrain,
// which writes its dirty pages and releases the inode (both sleep).
void
objput(struct vmobj *o)
{
  acquire(&objlock);
  if(--o->ref > 0){
    release(&objlock);
    return;
  }
  if(o->ip != NULL){
    enqueue(o);
    release(&objlock);
    return;
  }
  release(&objlock);
  psclear(&o->pages, dropframe);
  kmcache_free(objcache, o);
}

// The frame of o's page i, or NULL if o does not hold it yet.
char*
objpage(struct vmobj *o, uint i)
{
  char *pg;

  acquire(&o->lock);
  pg = psget(&o->pages, i);
  release(&o->lock);
  return pg;
}

// Make mem (a fresh page) o's page i, unless o got one meanwhile, which
// wins: the page now i, or NULL without memory for the set (mem freed).
static char*
adopt(struct vmobj *o, uint i, char *mem)
{
  char *pg;

  acquire(&o->lock);
  if((pg = psget(&o->pages, i)) == NULL && psput(&o->pages, i, mem) == 0)
    pg = mem;
  release(&o->lock);
  if(pg != mem)
    kfree(mem);
  return pg;
}

// Page i of anonymous object o, a zeroed one made at the first touch;
// NULL without memory. Any context.
char*
objzero(struct vmobj *o, uint i)
{
  char *pg;

  if((pg = objpage(o, i)) != NULL)
    return pg;
  if((pg = kalloc()) == NULL)
    return NULL;
  memset(pg, 0, PGSIZE);
  return adopt(o, i, pg);
}

// Set *page to page i of file object o, read from the inode the first
// time: 0, VMF_PASTEOF if the page starts at or past the end of the
// file, VMF_NOMEM. Sleeps: no spin lock held. The bytes past the end
// inside the last page read as zeros.
int
objread(struct vmobj *o, uint i, char **page)
{
  char *mem;
  int n;

  if((*page = objpage(o, i)) != NULL)
    return 0;
  if((mem = kalloc()) == NULL)
    return VMF_NOMEM;
  memset(mem, 0, PGSIZE);
  ilock(o->ip);
  n = -1;
  if(i < o->ip->size / PGSIZE + (o->ip->size % PGSIZE != 0))
    n = readi(o->ip, 0, (uint)mem, i * PGSIZE, PGSIZE);
  iunlock(o->ip);
  if(n < 0){
    kfree(mem);
    return VMF_PASTEOF;
  }
  if((*page = adopt(o, i, mem)) == NULL)
    return VMF_NOMEM;
  return 0;
}

// Mark file object o's page i dirty and queue o for objdrain. Any context.
void
objdirty(struct vmobj *o, uint i)
{
  acquire(&o->lock);
  psdirty(&o->pages, i);
  release(&o->lock);
  acquire(&objlock);
  enqueue(o);
  release(&objlock);
}

// Write o's dirty pages to its file, up to the file's size.
static void
writeback(struct vmobj *o)
{
  uint i;
  char *pg;

  for(i = 0; ; i++){
    acquire(&o->lock);
    i = psnext(&o->pages, i, 1);
    pg = i != PSNONE && psclean(&o->pages, i) ? psget(&o->pages, i) : NULL;
    release(&o->lock);
    if(i == PSNONE)
      return;
    iwriteback(o->ip, pg, i * PGSIZE, PGSIZE);
  }
}

// Free file object o, which nobody holds: its pages, its inode reference.
static void
freefile(struct vmobj *o)
{
  psclear(&o->pages, dropframe);
  begin_op();
  iput(o->ip);
  end_op();
  kmcache_free(objcache, o);
}

// Take o out of the list of file objects. objlock is held.
static void
unlist(struct vmobj *o)
{
  struct vmobj **pp;

  for(pp = &files; *pp != o; pp = &(*pp)->next)
    ;
  *pp = o->next;
}

// Write back every queued object's dirty pages and free those nobody
// holds. Sleeps: call with no lock held and outside any transaction
// (munmap, msync, exit and exec do, after their vmspace work).
void
objdrain(void)
{
  struct vmobj *o;
  int dead;

  // An unlocked look first: the queue is nearly always empty, and what
  // this process queued it sees (objlock's release ordered the store).
  if(queue == NULL)
    return;
  for(;;){
    acquire(&objlock);
    if((o = queue) == NULL){
      release(&objlock);
      return;
    }
    queue = o->qnext;
    o->queued = 0;
    o->ref++;
    release(&objlock);
    writeback(o);
    acquire(&objlock);
    // Dirtied again meanwhile: queued again, for the drain that pops it.
    dead = --o->ref == 0 && !o->queued;
    if(dead)
      unlist(o);
    release(&objlock);
    if(dead)
      freefile(o);
  }
}

// The object of file ip with a reference, or NULL if ip has none or it
// holds no page.
static struct vmobj*
findfile(struct inode *ip)
{
  struct vmobj *o;

  // Every write() to a file asks, and mostly no file is mapped at all.
  // The unlocked look is safe: an object's pages are read under its
  // inode's lock, which the caller holds, so one with pages was listed
  // before the caller took that lock.
  if(files == NULL)
    return NULL;
  acquire(&objlock);
  for(o = files; o != NULL && o->ip != ip; o = o->next)
    ;
  if(o != NULL && o->pages.count > 0)
    o->ref++;
  else
    o = NULL;
  release(&objlock);
  return o;
}

// writei wrote [off, off+n) of ip (locked) from kernel address ksrc, or
// from user memory (ksrc 0): read those bytes again into the object's
// pages in memory, from the buffer cache, unless a page is the very
// source (write-back). Sleeps.
void
vmfilewrote(struct inode *ip, uint off, uint n, uint ksrc)
{
  struct vmobj *o;
  uint i, a, b;
  char *pg;

  if((o = findfile(ip)) == NULL)
    return;
  for(i = off / PGSIZE; i <= (off + n - 1) / PGSIZE; i++){
    if((pg = objpage(o, i)) == NULL)
      continue;
    a = off > i * PGSIZE ? off : i * PGSIZE;
    b = off + n < (i + 1) * PGSIZE ? off + n : (i + 1) * PGSIZE;
    if(ksrc + (a - off) != (uint)pg + a % PGSIZE)
      readi(ip, 0, (uint)pg + a % PGSIZE, a, b - a);
  }
  objput(o);
}
