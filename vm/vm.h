// What vm/ exports: kernel and user page tables, the user-memory
// access helpers every system call goes through, and exec.
#ifndef MODX6_VM_H
#define MODX6_VM_H

#include "core/core.h"

struct inode;

// The PTE for user address va in pgdir, or NULL when its page table is
// absent: walkpgdir without allocation, inline for the fault paths.
static inline pte_t*
pteof(pde_t *pgdir, uint va)
{
  pde_t pde = pgdir[PDX(va)];

  if(!(pde & PTE_P))
    return NULL;
  return (pte_t*)P2V(PTE_ADDR(pde)) + PTX(va);
}

// vm.c
void            seginit(void);
void            kvmalloc(void);
pde_t*          setupkvm(void);
pte_t*          walkpgdir(pde_t *pgdir, const void *va, int alloc);
int             allocuvm(pde_t *pgdir, uint oldsz, uint newsz);
int             deallocuvm(pde_t *pgdir, uint oldsz, uint newsz);
void            freeuvm(pde_t *pgdir, uint sz);
void            inituvm(pde_t *pgdir, char *init, uint sz);
int             loaduvm(pde_t *pgdir, char *addr, struct inode *ip, uint offset, uint sz);
pde_t*          copyuvm(pde_t *pgdir, uint heapbase, uint sz);
uint            residentpages(pde_t *pgdir, uint lo, uint hi);
uint            cowpages(pde_t *pgdir, uint lo, uint hi);
void            switchuvm(struct proc *p);
void            switchkvm(void);
void            clearpteu(pde_t *pgdir, char *uva);

// fault.c: the page-fault handler. pagefault(va, write) decides what a
// user fault at va means in the current process: 0 if a page is now
// mapped, else why it is fatal (VMF_ values below); cowbreak makes a
// present copy-on-write page writable by this page table alone: 0 or
// VMF_NOMEM. Both are safe under other spin locks and print nothing.
int             pagefault(uint va, int write);
int             cowbreak(uint va, pte_t *pte);

// uaccess.c: the only way the kernel touches user memory. Each checks
// that every byte lies in a present user page (writable for copyout)
// of the current process and returns 0, or -1 without side effects
// on the kernel's state. copyinstr returns the string length or -1.
int             copyin(void *dst, const void __user *src, uint n);
int             copyout(void __user *dst, const void *src, uint n);
int             copyinstr(char *dst, const char __user *src, uint max);
// copyinpage(dst, src, n): copy to dst the bytes from user address src to
// the end of src's page, at most n, if that page of the current process
// is present and user-readable now; returns how many it copied, 0 when
// the page is not. One page-table walk; it never faults a page in (an
// untouched mmap page gives 0) and never reads past the page: a caller
// fetches whatever it did not get with copyin, which does both. Call it
// in a system call (it reads myproc()'s page table); it takes no lock,
// allocates nothing and does not sleep.
uint            copyinpage(void *dst, const void __user *src, uint n);
int             copyoutvm(pde_t *pgdir, uint va, const void *src, uint n);
int             either_copyout(int user, uint dst, const void *src, uint n);
int             either_copyin(int user, void *dst, uint src, uint n);

// exec.c: replace the current image; argv is a NULL-terminated array
// of kernel strings.
int             exec(char *path, char **argv);

// mmap.c: anonymous mappings in [MMAPBASE, KERNBASE), see the theory
// statement there. mmap returns the address or (uint)-1; munmap 0 or -1.
struct mapinfo;
const char*     placename(void);   // the PLACEMENT policy's name
void            mmapinit(void);
uint            mmap(uint addr, uint len, int prot, int flags, int fd, int off);
int             munmap(uint addr, uint len);
// mprotect(addr, len, prot): set the protection of the mappings over
// [addr, addr+len) to prot (PROT_NONE, or PROT_READ, PROT_WRITE and
// PROT_EXEC ORed; WRITE implies READ on x86 and EXEC is not enforced).
// len is rounded up to pages; len 0 returns 0 (after the checks of prot
// and alignment). -1 with nothing changed: an unknown prot bit, addr not
// page aligned, a range that wraps or leaves the mmap window (the text,
// data, stack and heap below MMAPBASE are not regions: -1), a page of the
// range in no mapping, no memory for a split record. A range covering
// part of a mapping splits it; neighbours of equal prot are not merged.
int             mprotect(uint addr, uint len, int prot);
// msync(addr, len, flags): MS_SYNC writes the pages of the range's shared
// file mappings that this process wrote back to their files before it
// returns (through the log, never past the end of file). MS_ASYNC and
// MS_INVALIDATE do nothing more than check: there is no background
// writer to start, and every mapping of a file maps the same pages (one
// object per file), so no mapping holds a stale copy to invalidate. -1:
// an unknown flag, MS_ASYNC with MS_SYNC, addr not page aligned, a range
// that wraps, leaves the window or holds an unmapped page. len 0: 0.
int             msync(uint addr, uint len, int flags);
int             vmfault(uint va, int write);
void            vmprefault(uint va, uint n, int write);
// vmfilewrote(ip, off, n, ksrc): writei wrote bytes [off, off+n) of ip
// (locked) from kernel address ksrc, or from user memory if ksrc is 0:
// copy them into the pages of ip's mappings that are in memory, so that
// every mapping sees a write() as on Linux (vm/vmobj.c).
void            vmfilewrote(struct inode *ip, uint off, uint n, uint ksrc);
int             vmfork(struct proc *p, struct proc *child);
void            unmapall(struct proc *p);
uint            mmaptables(struct proc *p);
uint            mmapcow(struct proc *p);
int             vmdescribe(struct proc *p, uint from, struct mapinfo *out,
                           int max, int *rest);
const char*     vmfaultmsg(int err);

// vmfault's verdicts: 0 means the page is now mapped.
#define VMF_UNMAPPED 1   // no mapping there
#define VMF_READONLY 2   // a write to a mapping without PROT_WRITE
#define VMF_PROTNONE 3   // any access to a PROT_NONE mapping
#define VMF_NOMEM    4   // no memory for the page
#define VMF_PASTEOF  5   // a file mapping's page wholly past the end of file
#define VMF_LOCKED   6   // a file page to read in, under a lock (copyin/out)

#endif
