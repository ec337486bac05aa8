// Anonymous memory mappings: mmap, munmap, demand paging, and what fork,
// exec and exit do with them.
//
// Theory. Each process that has mapped anything owns a struct vmspace:
// a spin lock and an rtree (vm/region.c) of its regions in the window
// [MMAPBASE, KERNBASE), ordered by address, each node also carrying the
// largest hole below it so that placement is O(log n). A region records
// only its range, protection and MAP_SHARED/MAP_PRIVATE; its memory lives
// in the page table alone. A page is absent until the first touch, when
// vmfault allocates a zeroed page and maps it with the region's rights.
// Invariants: regions never overlap and lie inside the window; a present
// PTE in the window always lies inside a region and carries the rights
// of the region's prot (rights(): PTE_U unless PROT_NONE, PTE_W exactly
// with PROT_WRITE, except that a PTE_COW page never has PTE_W); an
// absent one is 0; no PTE outside the regions is present. mprotect
// changes a region's prot, splitting it at the range's ends, and
// rewrites its present PTEs; a PROT_NONE page keeps its frame without
// PTE_U, so its data is back when mprotect allows access again.
// A shared region's pages are shared by reference count (kpageget/
// kpageput): fork populates the parent's untouched shared pages first
// (PROT_NONE ones too), so parent and child always map the same frames.
// A private region's pages are shared by fork too, but copy-on-write
// (vm/vm.c's head comment has the rules and why they are safe): both
// PTEs lose PTE_W and carry PTE_COW, whatever the prot, since mprotect
// may allow writing later; reprotect never sets PTE_W on a PTE_COW page,
// and a write fault on one, once the region allows writing, is broken
// by cowbreak under vmspace.lock (a copy, or the page made writable in
// place when no other page table maps its frame).
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
// detaches it under that lock before freeing it. Lock order: ptable.lock
// (procmaps only), then vmspace.lock, then the kernel heap's and the page
// allocator's locks. vmfault may be called with other locks held (copyout
// under a pipe or console lock) and prints nothing.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "vm/place.h"
#include "mman.h"

#define MAXREGIONS 65536   // regions one process may hold
#define NWINTAB ((KERNBASE - MMAPBASE) / (PGSIZE * NPTENTRIES))  // its tables
#define WINTAB(va) (PDX(va) - PDX(MMAPBASE))  // va's table among them

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

// Unmap and release every present page in [start, end) of vs, and the
// page tables that leaves empty. The caller flushes the TLB.
static void
unmaprange(struct vmspace *vs, pde_t *pgdir, uint start, uint end)
{
  uint a;
  pte_t *pte;

  for(a = start; (pte = nextpte(pgdir, &a, end)) != NULL; a += PGSIZE)
    clearpte(vs, pgdir, pte, a);
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
  unmaprange(vs, pgdir, a, b);
  rtremove(t, r);
  if(a > r->start && b < r->end){
    **spare = *r;
    (*spare)->start = b;
    rtinsert(t, *spare);
    *spare = NULL;
  }
  if(a > r->start){
    r->end = a;
  } else if(b < r->end){
    r->start = b;
  } else {
    kmcache_free(regioncache, r);
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
  if(fd != -1 || off != 0 || !(*flags & MAP_ANONYMOUS))
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

// Map a zeroed page at va (page aligned, absent) for region r of vs: 0,
// or -1 when memory runs out.
static int
fillpage(struct vmspace *vs, pde_t *pgdir, struct region *r, uint va)
{
  char *mem;

  if((mem = kalloc()) == NULL)
    return -1;
  memset(mem, 0, PGSIZE);
  if(setpte(vs, pgdir, va, V2P(mem) | PTE_P | rights(r->prot)) < 0){
    kfree(mem);
    return -1;
  }
  return 0;
}

// Allocate every absent page of r: 0, or -1 when memory runs out. fork
// populates a shared PROT_NONE region too, since mprotect may open it
// later and both processes must then see the same frames.
static int
populate(struct vmspace *vs, pde_t *pgdir, struct region *r)
{
  uint a;
  pte_t *pte;

  for(a = r->start; a < r->end; a += PGSIZE){
    pte = walkpgdir(pgdir, (void*)a, 0);
    if(pte && (*pte & PTE_P))
      continue;
    if(fillpage(vs, pgdir, r, a) < 0)
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

// Map len bytes of anonymous memory, as mmap(2) describes: the start
// address, or (uint)-1 (MAP_FAILED) on any bad argument or lack of room
// or memory, with nothing changed except what MAP_FIXED unmapped.
uint
mmap(uint addr, uint len, int prot, int flags, int fd, int off)
{
  struct proc *p = myproc();
  struct vmspace *vs;
  struct region *r;
  uint start;

  if(checkargs(len, &prot, &flags, fd, off) < 0)
    return -1;
  len = PGROUNDUP(len);
  if((vs = getspace(p)) == NULL || (r = kmcache_alloc(regioncache)) == NULL)
    return -1;
  acquire(&vs->lock);
  if(vs->tree.count >= MAXREGIONS ||
     (start = place(p, vs, addr, len, flags)) == 0)
    goto bad;
  r->start = start;
  r->end = start + len;
  r->prot = prot;
  r->flags = flags & (MAP_SHARED|MAP_PRIVATE);
  r->priv = NULL;
  if(rtinsert(&vs->tree, r) < 0)
    goto bad;
  if((flags & MAP_POPULATE) && prot != PROT_NONE &&
     populate(vs, p->pgdir, r) < 0){
    unmapin(p, vs, r->start, r->end, 0);
    release(&vs->lock);
    return -1;
  }
  release(&vs->lock);
  return start;

bad:
  release(&vs->lock);
  kmcache_free(regioncache, r);
  return -1;
}

// Unmap [addr, addr+len) as munmap(2) describes: 0, or -1 if the
// arguments are bad or no mapping meets the range.
int
munmap(uint addr, uint len)
{
  struct proc *p = myproc();
  int r;

  if(addr % PGSIZE || len == 0 || addr < MMAPBASE || addr >= KERNBASE)
    return -1;
  len = PGROUNDUP(len);
  if(len == 0 || len > KERNBASE - addr || p->vms == NULL)
    return -1;
  acquire(&p->vms->lock);
  r = unmapin(p, p->vms, addr, addr + len, 0);
  release(&p->vms->lock);
  return r == 0 ? 0 : -1;
}

// Whether the regions of t cover [lo, hi) without a hole.
static int
covered(struct rtree *t, uint lo, uint hi)
{
  struct region *r;
  uint next = lo;

  for(r = rtceil(t, lo); r && r->start < hi; r = rtnext(r)){
    if(r->start > next)
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
  *s = *r;
  s->start = va;
  r->end = va;
  rtinsert(t, r);
  rtinsert(t, s);
  return s;
}

// Give region r protection prot, and its present pages in pgdir the
// rights that go with it.
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
  len = PGROUNDUP(len);
  if(len == 0 || addr < MMAPBASE || addr >= KERNBASE ||
     len > KERNBASE - addr || vs == NULL)
    return -1;
  acquire(&vs->lock);
  if(covered(&vs->tree, addr, addr + len) &&
     (err = protectin(vs, p->pgdir, addr, addr + len, prot)) == 0)
    lcr3(V2P(p->pgdir));
  release(&vs->lock);
  return err;
}

// Handle a user page fault at va (write says whether it was a write) in
// the current process: 0 if a page was mapped, else why it is fatal
// (VMF_ values in vm.h). Safe under other spin locks; prints nothing.
int
vmfault(uint va, int write)
{
  struct proc *p = myproc();
  struct region *r;
  pte_t *pte;
  int err;

  if(va < MMAPBASE || va >= KERNBASE || p->vms == NULL)
    return VMF_UNMAPPED;
  acquire(&p->vms->lock);
  va = PGROUNDDOWN(va);
  if((r = rtlookup(&p->vms->tree, va)) == NULL)
    err = VMF_UNMAPPED;
  else if(r->prot == PROT_NONE)
    err = VMF_PROTNONE;
  else if(write && !(r->prot & PROT_WRITE))
    err = VMF_READONLY;
  else if((pte = walkpgdir(p->pgdir, (void*)va, 0)) != NULL && (*pte & PTE_P))
    err = (write && (*pte & PTE_COW)) ? cowbreak(va, pte) : VMF_READONLY;
  else
    err = fillpage(p->vms, p->pgdir, r, va) < 0 ? VMF_NOMEM : 0;
  release(&p->vms->lock);
  return err;
}

// Give child (vmspace cs, page directory to) the same mapping of r as
// p (vmspace ps, from) has: every present page by reference, a private
// one copy-on-write in both (from loses PTE_W: the caller flushes its
// TLB). 0, or -1 when memory runs out.
static int
copyregion(struct vmspace *ps, pde_t *from, struct vmspace *cs, pde_t *to,
           struct region *r)
{
  uint a;
  pte_t *pte;

  if((r->flags & MAP_SHARED) && populate(ps, from, r) < 0)
    return -1;
  for(a = r->start; (pte = nextpte(from, &a, r->end)) != NULL; a += PGSIZE){
    if(!(r->flags & MAP_SHARED))
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

// Drop every mapping of p: its pages, page tables and records. For exec
// (the old image), exit, and a failed fork; the page directory stays.
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
    unmaprange(vs, p->pgdir, r->start, r->end);
    rtremove(&vs->tree, r);
    kmcache_free(regioncache, r);
  }
  // Every count is 0 now, so every table of the window has left the
  // directory; 256 loads make sure, as a leak here would be silent.
  for(pd = PDX(MMAPBASE); pd < PDX(KERNBASE); pd++)
    if(p->pgdir[pd] & PTE_P)
      panic("unmapall: page table left");
  if(vs->spare != NULL)
    kfree((char*)vs->spare);
  kmcache_free(spacecache, vs);
}

// Pages of [start, end) present in pgdir.
static uint
resident(pde_t *pgdir, uint start, uint end)
{
  uint a, n = 0;

  for(a = start; nextpte(pgdir, &a, end) != NULL; a += PGSIZE)
    n++;
  return n;
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
  for(r = rtceil(&p->vms->tree, from); r && n < max; r = rtnext(r), n++){
    out[n].start = r->start;
    out[n].end = r->end;
    out[n].prot = r->prot;
    out[n].flags = r->flags;
    out[n].resident = resident(p->pgdir, r->start, r->end);
  }
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
  };

  if(err > 0 && err < (int)NELEM(msg))
    return msg[err];
  return "bad fault";
}
