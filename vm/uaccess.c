// The copy-in/copy-out helpers: the only way the kernel reads or writes
// user memory. Each checks every page against the process's page table.
#include "core/core.h"
#include "vm/vm.h"

// The kernel address of user address va in pgdir, if its page is
// present and user-accessible (and writable when write is set, which
// marks the page written); else NULL.
static char*
lookup(pde_t *pgdir, uint va, int write)
{
  pte_t *pte;
  uint need;

  if(va >= KERNBASE)
    return NULL;
  if((pte = pteof(pgdir, va)) == NULL)
    return NULL;
  need = PTE_P | PTE_U | (write ? PTE_W : 0);
  if((*pte & need) != need)
    return NULL;
  // The kernel writes through its own mapping of the frame, which the
  // CPU marks instead: mark the user's PTE written as a store would, so
  // that a shared file page filled by read() is written back.
  if(write)
    *pte |= PTE_D;
  return (char*)P2V(PTE_ADDR(*pte)) + (va % PGSIZE);
}

// Like lookup, but an untouched page of the current process's heap or
// mappings is faulted in first, as a user access would.
static char*
uaddr(pde_t *pgdir, uint va, int write)
{
  char *k;

  if((k = lookup(pgdir, va, write)) != NULL)
    return k;
  if(pgdir != myproc()->pgdir || pagefault(va, write) != 0)
    return NULL;
  return lookup(pgdir, va, write);
}

// Copy n bytes between kernel buffer buf and user address va of pgdir,
// in the direction out says. 0, or -1 if any byte is not accessible.
static int
copyuser(pde_t *pgdir, uint va, char *buf, uint n, int out)
{
  uint m;
  char *k;

  if(va + n < va)
    return -1;
  while(n > 0){
    if((k = uaddr(pgdir, va, out)) == NULL)
      return -1;
    m = PGSIZE - va % PGSIZE;
    if(m > n)
      m = n;
    if(out)
      memmove(k, buf, m);
    else
      memmove(buf, k, m);
    n -= m;
    buf += m;
    va += m;
  }
  return 0;
}

// Copy n bytes from user src to kernel dst: 0, or -1 if src is bad.
int
copyin(void *dst, const void __user *src, uint n)
{
  return copyuser(myproc()->pgdir, (uint)(__force const void*)src, dst, n, 0);
}

// Copy n bytes from kernel src to user dst: 0, or -1 if dst is bad.
int
copyout(void __user *dst, const void *src, uint n)
{
  return copyuser(myproc()->pgdir, (uint)(__force void*)dst, (char*)src, n, 1);
}

// Copy n bytes to user address va of another address space (exec's new
// image): 0, or -1.
int
copyoutvm(pde_t *pgdir, uint va, const void *src, uint n)
{
  return copyuser(pgdir, va, (char*)src, n, 1);
}

// The index of the first NUL among the n bytes at s, or n if there is
// none: repne scasb, about one guest instruction per byte (DF is clear:
// alltraps clears it).
static uint
scannul(const char *s, uint n)
{
  const char *p = s;
  uint c = n;

  if(n == 0)
    return 0;
  asm volatile("repne scasb" : "+D"(p), "+c"(c) : "a"(0) : "cc", "memory");
  return p[-1] == 0 ? (uint)(p - s) - 1 : n;
}

// Copy the NUL-terminated user string src into dst (max bytes with the
// NUL), walking the page table once per page: its length, or -1 if a
// byte before the NUL is not accessible or there is no NUL within max.
int
copyinstr(char *dst, const char __user *src, uint max)
{
  pde_t *pgdir = myproc()->pgdir;
  uint va, len, n, i;
  char *k;

  va = (uint)(__force const char*)src;
  for(len = 0; len < max; len += n, va += n){
    if((k = uaddr(pgdir, va, 0)) == NULL)
      return -1;
    n = PGSIZE - va % PGSIZE;
    if(n > max - len)
      n = max - len;
    i = scannul(k, n);
    memmove(dst + len, k, i < n ? i + 1 : n);
    if(i < n)
      return len + i;
  }
  return -1;
}

// Copy what lies of user src's n bytes in src's page, if that page is
// present now: the count. See vm.h.
uint
copyinpage(void *dst, const void __user *src, uint n)
{
  uint va = (uint)(__force const void*)src;
  char *k;

  if((k = lookup(myproc()->pgdir, va, 0)) == NULL)
    return 0;
  if(n > PGSIZE - va % PGSIZE)
    n = PGSIZE - va % PGSIZE;
  memmove(dst, k, n);
  return n;
}

// Copy to a user address (user != 0) or a kernel one: 0 or -1.
int
either_copyout(int user, uint dst, const void *src, uint n)
{
  if(user)
    return copyout((__force void __user *)dst, src, n);
  memmove((void*)dst, src, n);
  return 0;
}

// Copy from a user address (user != 0) or a kernel one: 0 or -1.
int
either_copyin(int user, void *dst, uint src, uint n)
{
  if(user)
    return copyin(dst, (__force const void __user *)src, n);
  memmove(dst, (void*)src, n);
  return 0;
}
