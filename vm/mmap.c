// Memory mappings, anonymous and of files: mmap, munmap, mprotect, msync,
// demand paging, and what fork, exec and exit do with them.
//
// Theory. Each process that has mapped anything owns a struct vmspace:
// a spin lock and an rtree (vm/region.c) of its regions in the window
// [MMAPBASE, KERNBASE), ordered by address, each node also carrying the
// largest hole below it so that placement is O(log n). A region records
// its range, protection, MAP_SHARED/MAP_PRIVATE and its backing: priv,
// NULL for private anonymous memory, else a memory object (vm/vmobj.c),
// and pgoff, the object's page at the region's start.
// Memory objects. An object is a reference-counted page set (vm/
// pageset.c: page index -> frame, a dirty bit per page, filled on fault).
// A shared anonymous mapping makes an anonymous object; a file mapping
// (shared or private) uses the one object of its inode, found in a list
// under objlock and holding an inode reference, so closing the fd leaves
// it valid. Each region record holds one reference to its object: a
// split (rtsplit: munmap's cut inside a region, mprotect's carve) takes
// another for the new record at the right pgoff, a front cut moves pgoff
// (rtadvance), fork gives the child's records theirs and maps nothing,
// so fork allocates no page of a shared mapping however large. The
// object holds one reference to each of its frames (kpageget), and each
// PTE mapping a frame another. The last reference frees an anonymous
// object and its pages at once; a file object goes to the write-back
// queue, where objdrain writes its dirty pages, frees the pages and puts
// the inode (these sleep, so the queue defers them out of spin locks).
// Faults. A page is absent until the first touch; then vmfault fills it
// (fillpage): private anonymous memory gets a zeroed page of its own; a
// shared region maps its object's page, made zeroed on first touch for
// anonymous objects, read from the inode for files; a private file
// mapping maps the object's page read-only with PTE_COW for a read and
// a private copy of it for a write, so private writes never reach the
// file. Reading a file page sleeps (the inode's sleep lock, the disk),
// so vmfault releases vmspace.lock around objread, holding an object
// reference, and judges the fault again after it. A fault that must
// read a file while the process holds a spin lock or a sleep lock
// (copyout under the console's lock, readi's copyout under an inode's,
// perhaps the very file's) is refused (VMF_LOCKED): read() and write()
// fault their buffer's file pages in first (vmprefault), before they
// lock anything. A page wholly past the end of file is VMF_PASTEOF; the
// bytes past the end inside the last page read as zeros.
// Write-back. Shared file pages map writable when prot allows, and the
// CPU sets PTE_D on a write (uaccess sets it for copyout). munmap,
// msync(MS_SYNC) and exit (and exec) move PTE_D into the object's dirty
// bits (harvest, under vmspace.lock, flushing the TLB so that a later
// write marks the PTE again) and queue the object; after vmspace.lock
// is released, objdrain writes each queued object's dirty pages through
// the log (iwriteback: transactions no bigger than filewrite's, never
// past the file's size). Each process's writes reach the file at its
// own msync, munmap or exit. A write() to the file copies the bytes
// into the object's resident pages (vmfilewrote), so a mapping sees it.
// Invariants: regions never overlap and lie inside the window; a present
// PTE in the window always lies inside a region and carries the rights
// of the region's prot (rights(): PTE_U unless PROT_NONE, PTE_W exactly
// with PROT_WRITE, never with PTE_COW); an absent one is 0; no PTE
// outside the regions is present; a present PTE of a region with an
// object maps that object's page pgoff + (va - start) / PGSIZE, or (a
// private file mapping) a private copy of it; an object's ref is the
// number of records naming it plus faults and drains in flight; an
// object on the queue is never freed by anyone but the drain that pops
// it. mprotect changes a region's prot, splitting it at the range's
// ends, and rewrites its present PTEs; a PROT_NONE page keeps its frame
// without PTE_U, so its data is back when mprotect allows access again.
// A shared mapping of a file not opened for writing never gets
// PROT_WRITE (RF_RDONLY), from mmap or mprotect.
// Copy-on-write. A private region's pages are shared by fork, copy-on-
// write (vm/fault.c's head comment has the rules and why they are safe):
// both PTEs lose PTE_W and carry PTE_COW, whatever the prot, since
// mprotect may allow writing later; so are a private file mapping's
// pages read from its object. reprotect never sets PTE_W on a PTE_COW
// page, and a write fault on one, once the region allows writing, is
// broken by cowbreak under vmspace.lock (a copy, or the page made
// writable in place when no other page table, nor an object, holds its
// frame).
// Page tables. The window spans NWINTAB page tables, and vmspace.used[i]
// counts the present PTEs of the i-th: every PTE of the window is set by
// setpte (fault fill, MAP_POPULATE, fork's copy) and cleared by clearpte
// (munmap, MAP_FIXED, a failed MAP_POPULATE, exit and exec), which keep
// the count. Invariant: used[i] == the number of present PTEs of table
// i, and table i is in the page directory exactly when used[i] > 0. So
// clearpte takes a table out when its count reaches 0, without looking
// at its 1,024 entries, and never before. The table taken out is kept
// as vmspace.spare (all zero: an absent PTE is 0) if there is none yet,
// else freed; the next table the window needs is the spare. Map/unmap
// churn then neither frees, allocates nor zeroes a table, and a process
// holds one page-table page beyond its mapped pages at most; unmapall
// frees it, so exit and exec give back everything. Keeping every emptied
// table until exit would be no faster for churn yet could hold 256 pages
// per process; freeing at 0 frees, allocates and zeroes a table per churn
// step (vm/README.md has the figures). procmem reports the window's
// page-table pages (mmaptables) so that tests can count them.
// Locking: vmspace.lock protects the tree, the counts, the spare and the
// window's PTEs against procmaps run by other processes; only the owner
// changes them. procmaps reaches p->vms under ptable.lock, so unmapall
// detaches it under that lock before freeing it. objlock (every object's
// ref and queued, the file list, the queue) and each object's own lock
// (its page set) are spin locks taken under vmspace.lock, never the
// other way, and never both at once. Lock order: ptable.lock (procmaps
// only), then vmspace.lock, then objlock or an object's lock, then the
// kernel heap's and the page allocator's locks (kmem's is innermost).
// The inode's sleep lock and the log are taken only with none of these
// held: by objread (vmspace.lock released around it) and by objdrain
// (called by munmap, msync, mmap, exec and exit after their vmspace
// work, outside any transaction: exit drops its files' transactions
// before unmapall, exec commits after end_op). vmfault may be called
// with other locks held (copyout under a pipe or console lock); it then
// fills anonymous pages and maps file pages already in memory, but reads
// no file, and prints nothing.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "vm/place.h"
#include "vm/vmobj.h"
#include "fs/file.h"
#include "stat.h"
#include "mman.h"

#define MAXREGIONS 65536   // regions one process may hold
#define NWINTAB ((KERNBASE - MMAPBASE) / (PGSIZE * NPTENTRIES))  // its tables
#define WINTAB(va) (PDX(va) - PDX(MMAPBASE))  // va's table among them
#define RF_RDONLY 0x40000000   // region flag: its file was not opened to write
#define VMF_NEEDIO 100         // fillpage: the file page must be read first
#define VMF_BREAK  101         // judge: a write to a present copy-on-write page

struct vmspace {
  struct spinlock lock;
  struct rtree tree;
  pte_t *spare;              // an empty page table kept for reuse, or NULL
  ushort used[NWINTAB];      // present PTEs of each page table of the window
};

static struct kmcache *regioncache;
static struct kmcache *spacecache;

// The placement policy, chosen at build time (PLACEMENT in config.mk).
#ifdef PLACEMENT_NEAREST
static const struct placement *const policy = &place_nearest;
#else
static const struct placement *const policy = &place_firstfit;
#endif

// The placement policy's name, for the boot banner.
const char*
placename(void)
{
  return policy->name;
}

// Make the caches region records and vmspaces come from; after kmallocinit.
void
mmapinit(void)
{
  regioncache = kmcache_create("region", sizeof(struct region), 0);
  spacecache = kmcache_create("vmspace", sizeof(struct vmspace), 0);
  if(regioncache == NULL || spacecache == NULL)
    panic("mmapinit");
  vmobjinit();
}

// p's vmspace, created empty on first use; NULL when out of memory.
static struct vmspace*
getspace(struct proc *p)
{
  struct vmspace *vs;

  if(p->vms != NULL)
    return p->vms;
  if((vs = kmcache_alloc(spacecache)) == NULL)
    return NULL;
  initlock(&vs->lock, "vmspace");
  rtinit(&vs->tree, MMAPBASE, KERNBASE);
  vs->spare = NULL;
  memset(vs->used, 0, sizeof(vs->used));
  p->vms = vs;
  return vs;
}

// An all-zero page table: vs's spare, or a fresh page; NULL if out of
// memory.
static pte_t*
newtable(struct vmspace *vs)
{
  pte_t *pt = vs->spare;

  if(pt != NULL){
    vs->spare = NULL;
    return pt;
  }
  if((pt = (pte_t*)kalloc()) != NULL)
    memset(pt, 0, PGSIZE);
  return pt;
}

// Set the absent PTE of va (in the window) to val, making its page table
// if there is none: 0, or -1 when no page table can be had.
static int
setpte(struct vmspace *vs, pde_t *pgdir, uint va, pte_t val)
{
  pde_t *pde = &pgdir[PDX(va)];
  pte_t *pt;

  if(*pde & PTE_P)
    pt = (pte_t*)P2V(PTE_ADDR(*pde));
  else if((pt = newtable(vs)) != NULL)
    *pde = V2P(pt) | PTE_P | PTE_W | PTE_U;
  else
    return -1;
  pt[PTX(va)] = val;
  vs->used[WINTAB(va)]++;
  return 0;
}

// Clear pte, the present PTE of va, releasing its page; a page table
// left empty leaves the directory, kept as vs's spare if it has none,
// else freed. The caller flushes the TLB.
static void
clearpte(struct vmspace *vs, pde_t *pgdir, pte_t *pte, uint va)
{
  pde_t *pde = &pgdir[PDX(va)];
  pte_t *pt = (pte_t*)P2V(PTE_ADDR(*pde));

  kpageput(P2V(PTE_ADDR(*pte)));
  *pte = 0;
  if(--vs->used[WINTAB(va)] > 0)
    return;
  *pde = 0;
  if(vs->spare == NULL)
    vs->spare = pt;
  else
    kfree((char*)pt);
}

// The next present PTE at or above *va and below end, skipping absent
// page tables whole; *va is left at its address. NULL if there is none.
static pte_t*
nextpte(pde_t *pgdir, uint *va, uint end)
{
  pte_t *pte;
  uint a;

  for(a = *va; a < end && a >= *va; a += PGSIZE){
    if((pte = walkpgdir(pgdir, (void*)a, 0)) == NULL){
      a = PGADDR(PDX(a) + 1, 0, 0) - PGSIZE;
      continue;
    }
    if(*pte & PTE_P){
      *va = a;
      return pte;
    }
  }
  return NULL;
}

// The object of r if r is a shared mapping of a file, else NULL: the
// regions whose written pages go back to a file.
static struct vmobj*
fileshared(struct region *r)
{
  struct vmobj *o = r->priv;

  return (r->flags & MAP_SHARED) && o != NULL && o->ip != NULL ? o : NULL;
}

// The index in r's object of the page at va.
static uint
objindex(struct region *r, uint va)
{
  return r->pgoff + (va - r->start) / PGSIZE;
}

// Move the CPU's written mark of pte (va's, in region r) into r's
// object, if r writes a file back. The caller flushes the TLB.
static void
harvest(struct region *r, pte_t *pte, uint va)
{
  struct vmobj *o = fileshared(r);

  if(o != NULL && (*pte & PTE_D)){
    objdirty(o, objindex(r, va));
    *pte &= ~PTE_D;
  }
}

// Unmap and release every present page in [start, end) of region r of
// vs, and the page tables that leaves empty, first moving written marks
// into r's object. The caller flushes the TLB.
static void
unmaprange(struct vmspace *vs, pde_t *pgdir, struct region *r, uint start,
           uint end)
{
  uint a;
  pte_t *pte;

  for(a = start; (pte = nextpte(pgdir, &a, end)) != NULL; a += PGSIZE){
    harvest(r, pte, a);
    clearpte(vs, pgdir, pte, a);
  }
}

// Free the record r, out of any tree, and its reference to its object.
static void
dropregion(struct region *r)
{
  if(r->priv != NULL)
    objput(r->priv);
  kmcache_free(regioncache, r);
}

// Make s, a fresh record, the part of r from va up (rtsplit), holding
// its own reference to r's object.
static void
splitregion(struct region *r, uint va, struct region *s)
{
  rtsplit(r, va, s);
  if(s->priv != NULL)
    objget(s->priv);
}

// Take [lo, hi) out of region r: drop its pages and shrink, split or
// free r. spare is a fresh record for a split (consumed, or left for
// the caller to free: *spare is set to NULL when used). 0, or -1 when
// a split needs a record and there is none.
static int
cut(struct vmspace *vs, pde_t *pgdir, struct region *r, uint lo, uint hi,
    struct region **spare)
{
  struct rtree *t = &vs->tree;
  uint a = r->start > lo ? r->start : lo;
  uint b = r->end < hi ? r->end : hi;

  if(a > r->start && b < r->end && *spare == NULL)
    return -1;
  unmaprange(vs, pgdir, r, a, b);
  rtremove(t, r);
  if(a > r->start && b < r->end){
    splitregion(r, b, *spare);
    rtinsert(t, *spare);
    *spare = NULL;
  }
  if(a > r->start){
    r->end = a;
  } else if(b < r->end){
    rtadvance(r, b);
  } else {
    dropregion(r);
    return 0;
  }
  rtinsert(t, r);
  return 0;
}

// Unmap every mapped page of [lo, hi) in vs: 0 if some region met it,
// 1 if none did, -1 if a split found no memory for its record or would
// leave fewer than reserve regions to spare under MAXREGIONS. A split
// happens only when [lo, hi) lies inside one region, so a refused one
// changes nothing.
static int
unmapin(struct proc *p, struct vmspace *vs, uint lo, uint hi, int reserve)
{
  struct region *r, *next, *spare = NULL;
  int met = 0, err = 0;

  // Only a range strictly inside one region splits it: the record for
  // the split is allocated then alone, not on every munmap.
  r = rtceil(&vs->tree, lo);
  if(r && r->start < lo && r->end > hi &&
     vs->tree.count + 1 + reserve <= MAXREGIONS)
    spare = kmcache_alloc(regioncache);
  for(; r && r->start < hi; r = next){
    next = rtnext(r);
    met = 1;
    if(cut(vs, p->pgdir, r, lo, hi, &spare) < 0){
      err = -1;
      break;
    }
  }
  if(spare)
    kmcache_free(regioncache, spare);
  lcr3(V2P(p->pgdir));
  return err ? -1 : (met ? 0 : 1);
}

// Check mmap's arguments and normalise them; 0, or -1 if they are bad.
// A file mapping's fd is checked by mapfile.
static int
checkargs(uint len, int *prot, int *flags, int fd, int off)
{
  int kind;

  if(len == 0 || len > KERNBASE - MMAPBASE)
    return -1;
  if(*flags == 0 && fd == -1){
    // The classic xv6 assignment's call: private, read-write.
    *flags = MAP_PRIVATE | MAP_ANONYMOUS;
    *prot = PROT_READ | PROT_WRITE;
    return 0;
  }
  if((*flags & MAP_ANONYMOUS) && (fd != -1 || off != 0))
    return -1;
  if(!(*flags & MAP_ANONYMOUS) && (off < 0 || off % PGSIZE ||
     (uint)off / PGSIZE + PGROUNDUP(len) / PGSIZE > PSMAX))
    return -1;
  if(*flags & ~(MAP_SHARED|MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_POPULATE))
    return -1;
  kind = *flags & (MAP_SHARED|MAP_PRIVATE);
  if(kind != MAP_SHARED && kind != MAP_PRIVATE)
    return -1;
  if(*prot & ~(PROT_READ|PROT_WRITE|PROT_EXEC))
    return -1;
  return 0;
}

// The object a new mapping of fd (flags and prot as checked) maps, with
// a reference for it, and *rdonly set if the file was not opened to
// write; NULL when fd is no open regular file or not open for what the
// mapping needs. Sleeps (the inode's lock).
static struct vmobj*
mapfile(int fd, int prot, int flags, int *rdonly)
{
  struct file *f;
  short type;

  if(fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == NULL ||
     f->type != FD_INODE || !f->readable)
    return NULL;
  if((flags & MAP_SHARED) && (prot & PROT_WRITE) && !f->writable)
    return NULL;
  ilock(f->ip);
  type = f->ip->type;
  iunlock(f->ip);
  if(type != T_FILE)
    return NULL;
  *rdonly = !f->writable;
  return objfile(f->ip, f->name);
}

// The PTE rights a region with prot gives its present pages. A page of
// a PROT_NONE region stays present (its data survives an mprotect round
// trip) but without PTE_U, so every user access faults. PROT_EXEC gives
// nothing: i386 paging without PAE has no no-execute bit.
static uint
rights(int prot)
{
  if(prot == PROT_NONE)
    return 0;
  return PTE_U | ((prot & PROT_WRITE) ? PTE_W : 0);
}

// Map frame pg at va (absent) with the PTE bits bits, the PTE taking a
// reference to pg: 0, or VMF_NOMEM without a page table.
static int
mapframe(struct vmspace *vs, pde_t *pgdir, uint va, char *pg, uint bits)
{
  if(setpte(vs, pgdir, va, V2P(pg) | PTE_P | bits) < 0)
    return VMF_NOMEM;
  kpageget(pg);
  return 0;
}

// Map a fresh page at va holding a copy of src, or zeros if src is NULL:
// 0, or VMF_NOMEM.
static int
mapcopy(struct vmspace *vs, pde_t *pgdir, uint va, char *src, uint bits)
{
  char *mem;

  if((mem = kalloc()) == NULL)
    return VMF_NOMEM;
  if(src != NULL)
    memmove(mem, src, PGSIZE);
  else
    memset(mem, 0, PGSIZE);
  if(setpte(vs, pgdir, va, V2P(mem) | PTE_P | bits) < 0){
    kfree(mem);
    return VMF_NOMEM;
  }
  return 0;
}

// Map the page at va (page aligned, absent) for region r of vs, for a
// write if write is set: 0, VMF_NOMEM, or VMF_NEEDIO when r's file page
// is not in its object yet (objread must bring it, which sleeps).
// Private anonymous memory gets a zeroed page of its own; a shared
// region the object's page; a private file mapping the object's page
// read-only and copy-on-write, or a copy of it for a write.
static int
fillpage(struct vmspace *vs, pde_t *pgdir, struct region *r, uint va,
         int write)
{
  struct vmobj *o = r->priv;
  char *pg;

  if(o == NULL)
    return mapcopy(vs, pgdir, va, NULL, rights(r->prot));
  if(o->ip == NULL)
    pg = objzero(o, objindex(r, va));
  else if((pg = objpage(o, objindex(r, va))) == NULL)
    return VMF_NEEDIO;
  if(pg == NULL)
    return VMF_NOMEM;
  if(r->flags & MAP_SHARED)
    return mapframe(vs, pgdir, va, pg, rights(r->prot));
  if(write)
    return mapcopy(vs, pgdir, va, pg, rights(r->prot));
  return mapframe(vs, pgdir, va, pg, (rights(r->prot) & ~PTE_W) | PTE_COW);
}

// Map every absent page of r, an anonymous region: 0, or -1 when memory
// runs out. (A file region is populated by vmprefault, which may sleep.)
static int
populate(struct vmspace *vs, pde_t *pgdir, struct region *r)
{
  uint a;
  pte_t *pte;

  for(a = r->start; a < r->end; a += PGSIZE){
    pte = walkpgdir(pgdir, (void*)a, 0);
    if(pte && (*pte & PTE_P))
      continue;
    if(fillpage(vs, pgdir, r, a, 0) != 0)
      return -1;
  }
  return 0;
}

// Pick the start for a new mapping and clear the way: the address, or 0.
static uint
place(struct proc *p, struct vmspace *vs, uint addr, uint len, int flags)
{
  if(!(flags & MAP_FIXED))
    return policy->place(&vs->tree, addr, len);
  if(addr % PGSIZE || addr < MMAPBASE || addr > KERNBASE - len)
    return 0;
  if(unmapin(p, vs, addr, addr + len, 1) < 0)
    return 0;
  return addr;
}

// The backing of a new mapping in *o: NULL for private anonymous memory,
// a fresh object for shared anonymous memory, the file's object for a
// file (flags |= RF_RDONLY if it cannot be written back). 0, or -1.
static int
backing(int fd, int prot, int *flags, struct vmobj **o)
{
  int rdonly = 0;

  *o = NULL;
  if(!(*flags & MAP_ANONYMOUS)){
    if((*o = mapfile(fd, prot, *flags, &rdonly)) == NULL)
      return -1;
    if(rdonly)
      *flags |= RF_RDONLY;
  } else if(*flags & MAP_SHARED){
    if((*o = objanon()) == NULL)
      return -1;
  }
  return 0;
}

// Make r the region [start, start+len) of vs, backed by o at page pgoff,
// and insert it: 0, or -1 if it overlaps. vs->lock is held.
static int
addregion(struct vmspace *vs, struct region *r, uint start, uint len,
          int prot, int flags, struct vmobj *o, uint pgoff)
{
  r->start = start;
  r->end = start + len;
  r->prot = prot;
  r->flags = flags & (MAP_SHARED|MAP_PRIVATE|RF_RDONLY);
  r->priv = o;
  r->pgoff = pgoff;
  return rtinsert(&vs->tree, r);
}

// Map len bytes of anonymous memory or of the file open as fd from
// offset off on, as mmap(2) describes: the start address, or (uint)-1
// (MAP_FAILED) on any bad argument or lack of room or memory, with
// nothing changed except what MAP_FIXED unmapped.
uint
mmap(uint addr, uint len, int prot, int flags, int fd, int off)
{
  struct proc *p = myproc();
  struct vmspace *vs;
  struct region *r;
  struct vmobj *o;
  uint start = 0;

  if(checkargs(len, &prot, &flags, fd, off) < 0 ||
     backing(fd, prot, &flags, &o) < 0)
    return -1;
  len = PGROUNDUP(len);
  if((vs = getspace(p)) == NULL || (r = kmcache_alloc(regioncache)) == NULL){
    if(o != NULL)
      objput(o);
    return -1;
  }
  acquire(&vs->lock);
  if(vs->tree.count >= MAXREGIONS ||
     (start = place(p, vs, addr, len, flags)) == 0 ||
     addregion(vs, r, start, len, prot, flags, o, off / PGSIZE) < 0){
    if(o != NULL)
      objput(o);
    kmcache_free(regioncache, r);
    start = -1;
  } else if((flags & MAP_POPULATE) && prot != PROT_NONE &&
            (o == NULL || o->ip == NULL) && populate(vs, p->pgdir, r) < 0){
    unmapin(p, vs, start, start + len, 0);
    start = -1;
  }
  release(&vs->lock);
  objdrain();
  if(start != (uint)-1 && (flags & MAP_POPULATE) && o != NULL && o->ip != NULL)
    vmprefault(start, len, 0);
  return start;
}

// Round *len up to whole pages and check that [addr, addr+*len), addr
// page aligned, lies inside the mmap window and that the process has a
// vmspace (vs): 0, or -1 (also when the rounding wraps).
static int
inwindow(uint addr, uint *len, struct vmspace *vs)
{
  *len = PGROUNDUP(*len);
  if(*len == 0 || addr < MMAPBASE || addr >= KERNBASE ||
     *len > KERNBASE - addr || vs == NULL)
    return -1;
  return 0;
}

// Unmap [addr, addr+len) as munmap(2) describes: 0, or -1 if the
// arguments are bad or no mapping meets the range.
int
munmap(uint addr, uint len)
{
  struct proc *p = myproc();
  int r;

  if(addr % PGSIZE || len == 0 || inwindow(addr, &len, p->vms) < 0)
    return -1;
  acquire(&p->vms->lock);
  r = unmapin(p, p->vms, addr, addr + len, 0);
  release(&p->vms->lock);
  objdrain();
  return r == 0 ? 0 : -1;
}

// Whether the regions of t cover [lo, hi) without a hole and each may
// take prot: a shared mapping of a file not opened for writing never
// gets PROT_WRITE.
static int
covered(struct rtree *t, uint lo, uint hi, int prot)
{
  struct region *r;
  uint next = lo;

  for(r = rtceil(t, lo); r && r->start < hi; r = rtnext(r)){
    if(r->start > next)
      return 0;
    if((prot & PROT_WRITE) && (r->flags & MAP_SHARED) &&
       (r->flags & RF_RDONLY))
      return 0;
    next = r->end;
  }
  return next >= hi;
}

// Split r at va (strictly inside it) with the fresh record s: r keeps
// [start, va), s takes [va, end). s.
static struct region*
carve(struct rtree *t, struct region *r, uint va, struct region *s)
{
  rtremove(t, r);
  splitregion(r, va, s);
  rtinsert(t, r);
  rtinsert(t, s);
  return s;
}

// Give region r protection prot, and its present pages in pgdir the
// rights that go with it; a copy-on-write page stays read-only.
static void
reprotect(pde_t *pgdir, struct region *r, int prot)
{
  uint a;
  pte_t *pte;

  r->prot = prot;
  for(a = r->start; (pte = nextpte(pgdir, &a, r->end)) != NULL; a += PGSIZE){
    *pte = (*pte & ~(PTE_U | PTE_W)) | rights(prot);
    // A copy-on-write page stays read-only: a write fault breaks it.
    if(*pte & PTE_COW)
      *pte &= ~PTE_W;
  }
}

// Set the protection of [lo, hi), which the regions of vs cover, to
// prot, splitting the regions at lo and hi: 0, or -1 with nothing
// changed when a split finds no memory for its record or would pass
// MAXREGIONS. The caller holds vs->lock and flushes the TLB.
static int
protectin(struct vmspace *vs, pde_t *pgdir, uint lo, uint hi, int prot)
{
  struct rtree *t = &vs->tree;
  struct region *r = rtlookup(t, lo), *last = rtlookup(t, hi - 1);
  struct region *s[2] = { NULL, NULL };
  int need = (r->start < lo) + (last->end > hi), i;

  // Take every record a split may need first, so a failure changes nothing.
  for(i = 0; i < need; i++)
    if(t->count + need > MAXREGIONS ||
       (s[i] = kmcache_alloc(regioncache)) == NULL){
      while(i-- > 0)
        kmcache_free(regioncache, s[i]);
      return -1;
    }
  i = 0;
  if(r->start < lo)
    r = carve(t, r, lo, s[i++]);
  for(; r && r->start < hi; r = rtnext(r)){
    if(r->end > hi)
      carve(t, r, hi, s[i++]);
    reprotect(pgdir, r, prot);
  }
  return 0;
}

// Set the protection of [addr, addr+len) as mprotect(2) describes: 0, or
// -1 with nothing changed if the arguments are bad or a page of the range
// lies outside the mmap window's regions.
int
mprotect(uint addr, uint len, int prot)
{
  struct proc *p = myproc();
  struct vmspace *vs = p->vms;
  int err = -1;

  if((prot & ~(PROT_READ|PROT_WRITE|PROT_EXEC)) || addr % PGSIZE)
    return -1;
  if(len == 0)
    return 0;
  if(inwindow(addr, &len, vs) < 0)
    return -1;
  acquire(&vs->lock);
  if(covered(&vs->tree, addr, addr + len, prot) &&
     (err = protectin(vs, p->pgdir, addr, addr + len, prot)) == 0)
    lcr3(V2P(p->pgdir));
  release(&vs->lock);
  return err;
}

// Move the written marks of the present pages of [lo, hi) into the
// objects of the shared file mappings there. The caller holds vs->lock
// and flushes the TLB (so that a later write marks a page again).
static void
harvestin(struct vmspace *vs, pde_t *pgdir, uint lo, uint hi)
{
  struct region *r;
  pte_t *pte;
  uint a, end;

  for(r = rtceil(&vs->tree, lo); r && r->start < hi; r = rtnext(r)){
    if(fileshared(r) == NULL)
      continue;
    a = r->start > lo ? r->start : lo;
    end = r->end < hi ? r->end : hi;
    for(; (pte = nextpte(pgdir, &a, end)) != NULL; a += PGSIZE)
      harvest(r, pte, a);
  }
}

// Write the shared file pages of [addr, addr+len) this process wrote
// back to their files as msync(2) describes (see vm/vm.h): 0, or -1 if
// the arguments are bad or a page of the range is not mapped.
int
msync(uint addr, uint len, int flags)
{
  struct proc *p = myproc();
  struct vmspace *vs = p->vms;
  int err = -1;

  if((flags & ~(MS_ASYNC|MS_INVALIDATE|MS_SYNC)) || addr % PGSIZE ||
     ((flags & MS_ASYNC) && (flags & MS_SYNC)))
    return -1;
  if(len == 0)
    return 0;
  if(inwindow(addr, &len, vs) < 0)
    return -1;
  acquire(&vs->lock);
  if(covered(&vs->tree, addr, addr + len, PROT_NONE)){
    err = 0;
    if(flags & MS_SYNC){
      harvestin(vs, p->pgdir, addr, addr + len);
      lcr3(V2P(p->pgdir));
    }
  }
  release(&vs->lock);
  if(err == 0 && (flags & MS_SYNC))
    objdrain();
  return err;
}

// The verdict on a fault at va (page aligned) for a write or not in vs:
// 0 with *rp set to the region to fill, VMF_BREAK for a write to a
// present copy-on-write page (cowbreak's), or why the fault is fatal.
static int
judge(struct vmspace *vs, pde_t *pgdir, uint va, int write,
      struct region **rp)
{
  struct region *r;
  pte_t *pte;

  if((r = *rp = rtlookup(&vs->tree, va)) == NULL)
    return VMF_UNMAPPED;
  if(r->prot == PROT_NONE)
    return VMF_PROTNONE;
  if(write && !(r->prot & PROT_WRITE))
    return VMF_READONLY;
  if((pte = walkpgdir(pgdir, (void*)va, 0)) != NULL && (*pte & PTE_P))
    return write && (*pte & PTE_COW) ? VMF_BREAK : VMF_READONLY;
  return 0;
}

// Whether the current process may sleep for a file read in a fault: it
// holds no spin lock (copyout under the console's) and no sleep lock
// (readi's copyout under an inode's, perhaps the very file's).
static int
mayread(void)
{
  return mycpu()->ncli == 0 && myproc()->nsleep == 0;
}

// Handle a user page fault at va (write says whether it was a write) in
// the current process: 0 if a page was mapped, else why it is fatal
// (VMF_ values in vm.h). Prints nothing. Safe under other spin locks,
// where a file page that must be read from the disk first is refused
// (VMF_LOCKED); otherwise that read sleeps with vmspace.lock released
// and the fault is judged again after it.
int
vmfault(uint va, int write)
{
  struct proc *p = myproc();
  struct vmspace *vs = p->vms;
  struct region *r;
  struct vmobj *o;
  char *pg;
  int err, io = mayread();

  if(va < MMAPBASE || va >= KERNBASE || vs == NULL)
    return VMF_UNMAPPED;
  va = PGROUNDDOWN(va);
  acquire(&vs->lock);
  while((err = judge(vs, p->pgdir, va, write, &r)) == 0 &&
        (err = fillpage(vs, p->pgdir, r, va, write)) == VMF_NEEDIO){
    if(!io){
      err = VMF_LOCKED;
      break;
    }
    o = r->priv;
    objget(o);
    release(&vs->lock);
    err = objread(o, objindex(r, va), &pg);
    objput(o);
    acquire(&vs->lock);
    if(err != 0)
      break;
  }
  if(err == VMF_BREAK)
    err = cowbreak(va, walkpgdir(p->pgdir, (void*)va, 0));
  release(&vs->lock);
  return err;
}

// Fault in the pages of [va, va+n) that lie in file mappings and are not
// present yet, as a user access would (for a write if write is set), so
// that a copy to or from them under a lock finds them. It stops at the
// first fault that fails (a page past the end of file, say), where that
// copy will stop too, so a huge buffer over a small file costs little.
// For read and write before they lock anything, and for MAP_POPULATE of
// a file. Sleeps.
void
vmprefault(uint va, uint n, int write)
{
  struct vmspace *vs = myproc()->vms;
  struct region *r;
  uint a, end;
  int need;

  if(vs == NULL || n == 0 || va >= KERNBASE || va + n < va ||
     va + n <= MMAPBASE)
    return;
  end = va + n < KERNBASE ? va + n : KERNBASE;
  for(a = PGROUNDDOWN(va); a < end; a += PGSIZE){
    acquire(&vs->lock);
    if((r = rtceil(&vs->tree, a)) == NULL || r->start >= end){
      release(&vs->lock);
      return;
    }
    if(r->start > a)
      a = r->start;
    need = 0;
    if(r->priv == NULL || ((struct vmobj*)r->priv)->ip == NULL)
      a = r->end - PGSIZE;
    else
      need = objpage(r->priv, objindex(r, a)) == NULL;
    release(&vs->lock);
    if(need && vmfault(a, write) != 0)
      return;
  }
}

// Give child (vmspace cs, page directory to) the same mapping of r as
// p (vmspace ps, from) has. A shared region shares r's object (its
// record holds a reference) and maps nothing: the child faults pages in
// from the object. A private region's present pages are shared
// copy-on-write in both (from loses PTE_W: the caller flushes its TLB).
// 0, or -1 when memory runs out.
static int
copyregion(struct vmspace *ps, pde_t *from, struct vmspace *cs, pde_t *to,
           struct region *r)
{
  uint a;
  pte_t *pte;

  if(r->flags & MAP_SHARED)
    return 0;
  for(a = r->start; (pte = nextpte(from, &a, r->end)) != NULL; a += PGSIZE){
    *pte = (*pte & ~PTE_W) | PTE_COW;
    if(setpte(cs, to, a, *pte) < 0)
      return -1;
    kpageget(P2V(PTE_ADDR(*pte)));
  }
  return 0;
}

// Copy p's mappings into child (whose page table holds none yet): 0, or
// -1 when memory runs out, with whatever was copied left for unmapall.
int
vmfork(struct proc *p, struct proc *child)
{
  struct vmspace *vs;
  struct region *r, *c;
  int err = 0;

  if(p->vms == NULL || p->vms->tree.count == 0)
    return 0;
  if((vs = getspace(child)) == NULL)
    return -1;
  acquire(&p->vms->lock);
  for(r = rtfirst(&p->vms->tree); r && err == 0; r = rtnext(r)){
    if((c = kmcache_alloc(regioncache)) == NULL){
      err = -1;
      break;
    }
    *c = *r;
    if(c->priv != NULL)
      objget(c->priv);
    rtinsert(&vs->tree, c);
    err = copyregion(p->vms, p->pgdir, vs, child->pgdir, r);
  }
  release(&p->vms->lock);
  return err;
}

// procvisit callback: take p's vmspace away from procmaps readers.
static int
detach(struct proc *p, void *arg)
{
  *(struct vmspace**)arg = p->vms;
  p->vms = NULL;
  return 0;
}

// Drop every mapping of p: its pages, page tables and records, writing
// shared file pages it wrote back (which sleeps: call with no lock held,
// outside any transaction). For exec (the old image), exit, and a failed
// fork; the page directory stays.
void
unmapall(struct proc *p)
{
  struct vmspace *vs = NULL;
  struct region *r;
  uint pd;

  // procmaps finds p->vms under ptable.lock: detach it under that lock
  // too, so no reader can hold the vmspace while it is freed. A process
  // procvisit cannot see (an embryo from a failed fork) has no readers.
  if(procvisit(p->pid, detach, &vs) < 0)
    detach(p, &vs);
  if(vs == NULL)
    return;
  while((r = rtfirst(&vs->tree)) != NULL){
    unmaprange(vs, p->pgdir, r, r->start, r->end);
    rtremove(&vs->tree, r);
    dropregion(r);
  }
  // Every count is 0 now, so every table of the window has left the
  // directory; 256 loads make sure, as a leak here would be silent.
  for(pd = PDX(MMAPBASE); pd < PDX(KERNBASE); pd++)
    if(p->pgdir[pd] & PTE_P)
      panic("unmapall: page table left");
  if(vs->spare != NULL)
    kfree((char*)vs->spare);
  kmcache_free(spacecache, vs);
  objdrain();
}

// Describe r of pgdir in *m: its range, kind, file, pages present and
// those of them mapped copy-on-write.
static void
regioninfo(pde_t *pgdir, struct region *r, struct mapinfo *m)
{
  struct vmobj *o = r->priv;
  pte_t *pte;
  uint a;

  m->start = r->start;
  m->end = r->end;
  m->prot = r->prot;
  m->flags = r->flags & (MAP_SHARED|MAP_PRIVATE);
  m->resident = m->cow = 0;
  for(a = r->start; (pte = nextpte(pgdir, &a, r->end)) != NULL; a += PGSIZE){
    m->resident++;
    if(*pte & PTE_COW)
      m->cow++;
  }
  m->inum = o != NULL && o->ip != NULL ? o->ip->inum : 0;
  safestrcpy(m->file, o != NULL ? o->name : "", sizeof(m->file));
}

// Page tables p's mmap window holds: those in its page directory, and
// the spare. ptable.lock is held.
uint
mmaptables(struct proc *p)
{
  uint pd, n = 0;

  if(p->vms == NULL)
    return 0;
  acquire(&p->vms->lock);
  for(pd = PDX(MMAPBASE); pd < PDX(KERNBASE); pd++)
    if(p->pgdir[pd] & PTE_P)
      n++;
  if(p->vms->spare != NULL)
    n++;
  release(&p->vms->lock);
  return n;
}

// Pages p's mmap window maps copy-on-write now. ptable.lock is held.
uint
mmapcow(struct proc *p)
{
  uint n;

  if(p->vms == NULL)
    return 0;
  acquire(&p->vms->lock);
  n = cowpages(p->pgdir, MMAPBASE, KERNBASE);
  release(&p->vms->lock);
  return n;
}

// Describe up to max of p's mappings starting at the first one ending
// above from into out[]; the number filled. If rest is not NULL, set
// *rest to how many mappings follow the last one described, in the same
// look. ptable.lock is held.
int
vmdescribe(struct proc *p, uint from, struct mapinfo *out, int max, int *rest)
{
  struct region *r;
  int n = 0;

  if(rest)
    *rest = 0;
  if(p->vms == NULL)
    return 0;
  acquire(&p->vms->lock);
  for(r = rtceil(&p->vms->tree, from); r && n < max; r = rtnext(r), n++)
    regioninfo(p->pgdir, r, &out[n]);
  for(; rest && r; r = rtnext(r))
    (*rest)++;
  release(&p->vms->lock);
  return n;
}

// What a vmfault verdict means, for the fault message.
const char*
vmfaultmsg(int err)
{
  static const char *msg[] = {
    [VMF_UNMAPPED] = "page not mapped",
    [VMF_READONLY] = "write to a read-only mapping",
    [VMF_PROTNONE] = "access to a PROT_NONE mapping",
    [VMF_NOMEM] = "out of memory",
    [VMF_PASTEOF] = "access past the end of the mapped file",
    [VMF_LOCKED] = "file page not read in under a lock",
  };

  if(err > 0 && err < (int)NELEM(msg))
    return msg[err];
  return "bad fault";
}
