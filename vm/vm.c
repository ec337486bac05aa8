// Page tables: the kernel's mapping shared by every address space, and
// the user half of each process (text, data, stack and heap below MMAPBASE).
//
// What is mapped where in the user half: [0, heapbase) holds the image,
// the stack guard and the stack, every page present from exec on; the
// heap [heapbase, sz) is lazy: sbrk only moves sz, and each page is
// either present or not yet touched, and filled with zeros at its first
// fault; [MMAPBASE, KERNBASE) is the mmap window (vm/mmap.c). pagefault
// (vm/fault.c) is the one place that decides what a fault at an address
// means, for the trap handler and for copyin/copyout alike, and says how
// copy-on-write works.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "vm/vm.h"
#include "fs/file.h"

extern char data[];  // defined by kernel.ld
static pde_t *kpgdir;  // the scheduler's page table: kernel mappings only

// Load this CPU's GDT (flat kernel and user code and data segments, and
// a %gs segment over its struct cpu) and point %gs at it for mycpu().
void
seginit(void)
{
  struct cpu *c;

  c = cpubyapic();
  c->gdt[SEG_KCODE] = SEG(STA_X|STA_R, 0, 0xffffffff, 0);
  c->gdt[SEG_KDATA] = SEG(STA_W, 0, 0xffffffff, 0);
  c->gdt[SEG_UCODE] = SEG(STA_X|STA_R, 0, 0xffffffff, DPL_USER);
  c->gdt[SEG_UDATA] = SEG(STA_W, 0, 0xffffffff, DPL_USER);
  c->gdt[SEG_KCPU] = SEG(STA_W, c, sizeof(*c) - 1, 0);
  c->self = c;
  lgdt(c->gdt, sizeof(c->gdt));
  loadgs(SEG_KCPU << 3);
}

// The PTE for va in pgdir, creating its page table if alloc is set.
// NULL if the table is missing (or cannot be allocated).
pte_t *
walkpgdir(pde_t *pgdir, const void *va, int alloc)
{
  pde_t *pde;
  pte_t *pgtab;

  if(!alloc || (pgdir[PDX(va)] & PTE_P))
    return pteof(pgdir, (uint)va);
  if((pgtab = (pte_t*)kalloc()) == NULL)
    return NULL;
  memset(pgtab, 0, PGSIZE);
  // Generous directory permissions: the PTEs restrict further.
  pde = &pgdir[PDX(va)];
  *pde = V2P(pgtab) | PTE_P | PTE_W | PTE_U;
  return &pgtab[PTX(va)];
}

// Map [va, va+size) to physical pa onwards with permissions perm.
// 0, or -1 if a page table could not be allocated.
static int
mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm)
{
  char *a, *last;
  pte_t *pte;

  a = (char*)PGROUNDDOWN((uint)va);
  last = (char*)PGROUNDDOWN(((uint)va) + size - 1);
  for(;;){
    if((pte = walkpgdir(pgdir, a, 1)) == NULL)
      return -1;
    if(*pte & PTE_P)
      panic("remap");
    *pte = pa | perm | PTE_P;
    if(a == last)
      break;
    a += PGSIZE;
    pa += PGSIZE;
  }
  return 0;
}

// The kernel half of every address space: I/O space, kernel text
// read-only, kernel data and free memory, and the devices at the top.
static struct kmap {
  void *virt;
  uint phys_start;
  uint phys_end;
  int perm;
} kmap[] = {
 { (void*)KERNBASE, 0,             EXTMEM,    PTE_W},
 { (void*)KERNLINK, V2P(KERNLINK), V2P(data), 0},
 { (void*)data,     V2P(data),     PHYSTOP,   PTE_W},
 { (void*)DEVSPACE, DEVSPACE,      0,         PTE_W},
};

// A new page directory holding the kernel mappings; NULL if out of memory.
// The kernel half never changes after boot, so every directory shares
// kpgdir's page tables for it instead of building its own.
pde_t*
setupkvm(void)
{
  pde_t *pgdir;
  struct kmap *k;

  if((pgdir = (pde_t*)kalloc()) == NULL)
    return NULL;
  memset(pgdir, 0, PGSIZE);
  if(kpgdir != NULL){
    memmove(&pgdir[PDX(KERNBASE)], &kpgdir[PDX(KERNBASE)],
            (NPDENTRIES - PDX(KERNBASE)) * sizeof(pde_t));
    return pgdir;
  }
  for(k = kmap; k < &kmap[NELEM(kmap)]; k++)
    if(mappages(pgdir, k->virt, k->phys_end - k->phys_start,
                (uint)k->phys_start, k->perm) < 0) {
      freeuvm(pgdir, 0);
      return NULL;
    }
  return pgdir;
}

// Build the page table the scheduler runs on and switch to it.
void
kvmalloc(void)
{
  kpgdir = setupkvm();
  if(kpgdir == NULL)
    panic("kvmalloc");
  switchkvm();
}

// Run on the kernel-only page table (when no process is running).
void
switchkvm(void)
{
  lcr3(V2P(kpgdir));
}

// Switch the TSS and page table to process p.
void
switchuvm(struct proc *p)
{
  if(p == NULL || p->kstack == NULL || p->pgdir == NULL)
    panic("switchuvm");

  pushcli();
  mycpu()->gdt[SEG_TSS] = SEG16(STS_T32A, &mycpu()->ts,
                                sizeof(mycpu()->ts)-1, 0);
  mycpu()->gdt[SEG_TSS].s = 0;
  mycpu()->ts.ss0 = SEG_KDATA << 3;
  mycpu()->ts.esp0 = (uint)p->kstack + KSTACKSIZE;
  // An I/O map base past the TSS limit forbids user in/out instructions.
  mycpu()->ts.iomb = (ushort) 0xFFFF;
  ltr(SEG_TSS << 3);
  lcr3(V2P(p->pgdir));
  popcli();
}

// Load the first process's code (sz < PGSIZE) at address 0.
void
inituvm(pde_t *pgdir, char *init, uint sz)
{
  char *mem;

  if(sz >= PGSIZE)
    panic("inituvm: more than a page");
  if((mem = kalloc()) == NULL)
    panic("inituvm: out of memory");
  memset(mem, 0, PGSIZE);
  if(mappages(pgdir, NULL, PGSIZE, V2P(mem), PTE_W|PTE_U) < 0)
    panic("inituvm: mappages");
  memmove(mem, init, sz);
}

// Read sz bytes at offset of ip into the already-mapped pages at addr
// (page aligned). 0, or -1 on a read error.
int
loaduvm(pde_t *pgdir, char *addr, struct inode *ip, uint offset, uint sz)
{
  uint i, pa, n;
  pte_t *pte;

  if((uint) addr % PGSIZE != 0)
    panic("loaduvm: addr must be page aligned");
  for(i = 0; i < sz; i += PGSIZE){
    if((pte = walkpgdir(pgdir, addr+i, 0)) == NULL)
      panic("loaduvm: address should exist");
    pa = PTE_ADDR(*pte);
    n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if(readi(ip, 0, (uint)P2V(pa), offset+i, n) != (int)n)
      return -1;
  }
  return 0;
}

// Grow the user memory from oldsz to newsz with zeroed pages. Returns
// newsz, or 0 (having undone everything) if memory runs out.
int
allocuvm(pde_t *pgdir, uint oldsz, uint newsz)
{
  char *mem;
  uint a;

  if(newsz > MMAPBASE)
    return 0;
  if(newsz < oldsz)
    return oldsz;

  for(a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    mem = kalloc();
    if(mem == NULL || mappages(pgdir, (char*)a, PGSIZE, V2P(mem), PTE_W|PTE_U) < 0){
      if(mem != NULL)
        kfree(mem);
      deallocuvm(pgdir, a, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
  }
  return newsz;
}

#define TABLESPAN (PGSIZE * NPTENTRIES)   // bytes one page table maps

// How many PTEs of [lo, hi) in pgdir have every bit of need set; absent
// page tables are skipped whole.
static uint
countptes(pde_t *pgdir, uint lo, uint hi, uint need)
{
  uint a, n;
  pte_t *pte;

  n = 0;
  for(a = PGROUNDDOWN(lo); a < hi; a += PGSIZE){
    if(!(pgdir[PDX(a)] & PTE_P)){
      a = PGADDR(PDX(a) + 1, 0, 0) - PGSIZE;
      continue;
    }
    pte = (pte_t*)P2V(PTE_ADDR(pgdir[PDX(a)])) + PTX(a);
    if((*pte & need) == need)
      n++;
  }
  return n;
}

// How many pages of [lo, hi) pgdir maps, for procmem's resident count.
uint
residentpages(pde_t *pgdir, uint lo, uint hi)
{
  return countptes(pgdir, lo, hi, PTE_P);
}

// How many pages of [lo, hi) pgdir maps copy-on-write, for procmem.
uint
cowpages(pde_t *pgdir, uint lo, uint hi)
{
  return countptes(pgdir, lo, hi, PTE_P | PTE_COW);
}

// Free the page tables of pgdir whose whole span lies in [lo, hi), a
// range that must map no page now.
static void
freetables(pde_t *pgdir, uint lo, uint hi)
{
  uint pd;

  for(pd = PDX(lo + TABLESPAN - 1); pd < PDX(hi); pd++){
    if(pgdir[pd] & PTE_P){
      kfree(P2V(PTE_ADDR(pgdir[pd])));
      pgdir[pd] = 0;
    }
  }
}

// Drop the n pages that the PTEs from pte on map, where present.
static void
droppages(pte_t *pte, uint n)
{
  for(; n > 0; n--, pte++){
    if(*pte & PTE_P){
      kpageput(P2V(PTE_ADDR(*pte)));
      *pte = 0;
    }
  }
}

// Shrink the user memory from oldsz (at most KERNBASE) to newsz, freeing
// the pages and the page tables left empty. Each table is visited once,
// its PTEs in a tight loop, and an absent table is skipped whole. Tables
// are freed without scanning them: below MMAPBASE nothing but the image
// and the heap is mapped, so a table that maps nothing under newsz maps
// nothing at all. Returns the new size.
int
deallocuvm(pde_t *pgdir, uint oldsz, uint newsz)
{
  uint a, next, hi;

  if(newsz >= oldsz)
    return oldsz;

  hi = PGROUNDUP(oldsz);
  for(a = PGROUNDUP(newsz); a < hi; a = next){
    next = PGADDR(PDX(a) + 1, 0, 0);
    if(next > hi)
      next = hi;
    if(pgdir[PDX(a)] & PTE_P)
      droppages((pte_t*)P2V(PTE_ADDR(pgdir[PDX(a)])) + PTX(a),
                (next - a) / PGSIZE);
  }
  freetables(pgdir, PGROUNDUP(newsz),
             (oldsz + TABLESPAN - 1) & ~(TABLESPAN - 1));
  return newsz;
}

// Free a page directory with its user pages and user page tables (the
// kernel's are shared, see setupkvm). Every user page must lie in
// [0, sz): the mmap window's are gone (unmapall), and below MMAPBASE
// nothing lies above the break. Walking [0, sz) alone, not the whole
// user half, spares exit all 1,024 PTEs of each table and the 768
// directory entries.
void
freeuvm(pde_t *pgdir, uint sz)
{
  if(pgdir == NULL)
    panic("freeuvm: no pgdir");
  deallocuvm(pgdir, sz, 0);
  kfree((char*)pgdir);
}

// Make the page at uva inaccessible to user code (the stack guard).
void
clearpteu(pde_t *pgdir, char *uva)
{
  pte_t *pte;

  pte = walkpgdir(pgdir, uva, 0);
  if(pte == NULL)
    panic("clearpteu");
  *pte &= ~PTE_U;
}

// Give to's page table pd the present pages that from's maps below sz,
// copy-on-write in both: 0, or -1 if no page can be had for the table.
// Every page below heapbase must be present.
static int
sharetable(pde_t *from, pde_t *to, uint pd, uint heapbase, uint sz)
{
  pte_t *src = (pte_t*)P2V(PTE_ADDR(from[pd])), *dst;
  uint i, n, base = PGADDR(pd, 0, 0);

  if((dst = (pte_t*)kalloc()) == NULL)
    return -1;
  memset(dst, 0, PGSIZE);
  to[pd] = V2P(dst) | PTE_P | PTE_W | PTE_U;
  n = (PGROUNDUP(sz) - base) / PGSIZE;
  if(n > NPTENTRIES)
    n = NPTENTRIES;
  for(i = 0; i < n; i++){
    if(!(src[i] & PTE_P)){
      if(base + i * PGSIZE < heapbase)
        panic("copyuvm: page not present");
      continue;
    }
    src[i] = (src[i] & ~PTE_W) | PTE_COW;
    dst[i] = src[i];
    kpageget(P2V(PTE_ADDR(src[i])));
  }
  return 0;
}

// A page directory for a child sharing the user memory [0, sz) of pgdir
// copy-on-write (see the head comment), one page table at a time: every
// page below heapbase is present, and the heap's untouched pages stay
// untouched in both. NULL (with nothing leaked) if memory for a page
// table runs out. pgdir's PTEs lose PTE_W: the caller flushes its TLB,
// also after a failure.
pde_t*
copyuvm(pde_t *pgdir, uint heapbase, uint sz)
{
  pde_t *d;
  uint pd;

  if((d = setupkvm()) == NULL)
    return NULL;
  for(pd = 0; pd < PDX(PGROUNDUP(sz) + TABLESPAN - 1); pd++){
    if(!(pgdir[pd] & PTE_P)){
      if(PGADDR(pd, 0, 0) < heapbase)
        panic("copyuvm: page table not present");
      continue;
    }
    if(sharetable(pgdir, d, pd, heapbase, sz) < 0){
      freeuvm(d, sz);
      return NULL;
    }
  }
  return d;
}
