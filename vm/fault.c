// The page-fault handler: what a user fault means, for the trap handler
// and for copyin/copyout alike; the lazy heap's fill and copy-on-write.
//
// Copy-on-write. fork copies no private page (copyuvm in vm/vm.c,
// copyregion in vm/mmap.c): the child's PTE maps the parent's frame,
// which gains a reference (kpageget), and both PTEs lose PTE_W and
// carry PTE_COW, a software bit meaning "writable once unshared". Every
// shared private page is marked, also one not writable now (the stack
// guard, a PROT_READ mapping), as mprotect may allow writing later and
// must then leave PTE_W off. A write fault on a present PTE_COW page
// that its mapping lets the process write goes to cowbreak: while other
// page tables map the frame the writer gets a copy and drops its
// reference; once the count says it is the only one, the page is made
// writable in place, with no copy and no allocation. copyout meets the
// same rule: a PTE without PTE_W fails its lookup, so it faults the
// page through pagefault as a user write would. Nothing else in the
// kernel writes a user frame: exec's loaduvm, inituvm and copyoutvm
// write only the fresh pages of a new image. Every user frame is
// released with kpageput, so the last of the sharers frees it.
// Why cowbreak needs no lock but the page allocator's: only a holder of
// a reference adds one. That is fork, in the process that maps the
// frame and so never during its own fault, or a memory object handing
// out a page it holds itself (whose count then never falls to 1 while
// it can). So a count of 1 means only the faulting page table maps the
// frame, and nobody can map it again while we write it in place. A
// count above 1 may drop meanwhile (another sharer breaks its side or
// exits): the copy is then needless but safe, since it is taken before
// our kpageput, which alone can free the frame under us. Page tables
// below MMAPBASE change only in their own process, so the PTE cannot
// move under a fault; the window's are under the vmspace lock, which
// vmfault holds. A fault may come with other spin locks held (copyout
// under a pipe lock); the page allocator's locks (a CPU's page list,
// then kmem's), the innermost, are the only ones cowbreak takes.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "vm/vm.h"

// Give the current process's heap a zeroed page at va, untouched until
// now; pte is va's PTE, or NULL when va has no page table yet: 0, or why
// the fault is fatal (VMF_ values).
static int
heapfault(struct proc *p, uint va, pte_t *pte)
{
  char *mem;

  if(va < p->heapbase || va >= p->sz || (pte != NULL && (*pte & PTE_P)))
    return VMF_UNMAPPED;
  if((mem = kalloc()) == NULL)
    return VMF_NOMEM;
  if(pte == NULL && (pte = walkpgdir(p->pgdir, (void*)va, 1)) == NULL){
    kfree(mem);
    return VMF_NOMEM;
  }
  memset(mem, 0, PGSIZE);
  *pte = V2P(mem) | PTE_P | PTE_W | PTE_U;
  return 0;
}

// Make the present copy-on-write page at va, which pte maps in the
// current page table, writable by this page table alone: in place when
// no other maps its frame, else as a fresh copy, the shared frame losing
// this reference (see the head comment for why no lock is needed).
// 0, or VMF_NOMEM with nothing changed. Takes only the page allocator's
// locks and prints nothing, so any fault path may call it.
int
cowbreak(uint va, pte_t *pte)
{
  char *old = P2V(PTE_ADDR(*pte)), *mem;

  if(kpagerefs(old) > 1){
    if((mem = kalloc()) == NULL)
      return VMF_NOMEM;
    memmove(mem, old, PGSIZE);
    *pte = V2P(mem) | PTE_FLAGS(*pte);
    kpageput(old);
  }
  *pte = (*pte | PTE_W) & ~PTE_COW;
  invlpg(va);
  return 0;
}

// Handle a user page fault at va (write says whether it was a write) in
// the current process: 0 if a page was mapped, else why it is fatal
// (VMF_ values in vm.h). Safe under other spin locks; prints nothing.
int
pagefault(uint va, int write)
{
  struct proc *p = myproc();
  pte_t *pte;
  uint cow = PTE_P | PTE_U | PTE_COW;

  if(va >= MMAPBASE)
    return vmfault(va, write);
  // Below the window every user page may be written, so a write to a
  // COW page breaks it; the guard page lacks PTE_U and stays fatal. One
  // walk serves both cases.
  va = PGROUNDDOWN(va);
  pte = pteof(p->pgdir, va);
  if(write && pte != NULL && (*pte & cow) == cow)
    return cowbreak(va, pte);
  return heapfault(p, va, pte);
}

