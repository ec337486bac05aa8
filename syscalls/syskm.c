// Kernel-heap system calls: kmalloc, kmfree, kmstat and slabinfo from
// user space.
// A user never sees a kernel address: kmalloc returns an opaque token
// from the caller's token table (core/kmtok.c), checked in O(1) by kmfree.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"
#include "kmstat.h"
#include "slabinfo.h"

// kmalloc(n): a token for a fresh n-byte kernel block, or 0.
int
sys_kmalloc(void)
{
  int n;

  if(argint(0, &n) < 0)
    return 0;
  return kmtoknew(&myproc()->kmtoks, n);
}

// kmfree(token): 0, or -1 if token is not a live token of the caller.
int
sys_kmfree(void)
{
  int token;

  if(argint(0, &token) < 0)
    return -1;
  return kmtokdel(&myproc()->kmtoks, token);
}

// kmcheck(): 0 if the heap's and the page allocator's invariants hold,
// else -1, with the first broken one printed on the console. The other
// CPUs are parked meanwhile: the checks are exact only on a quiet heap,
// and a CPU parks only outside pushcli, so no object is between its
// magazine and its tag.
int
sys_kmcheck(void)
{
  int heap, pages;

  parkothers();
  heap = kmcheck();
  pages = kpagecheck();
  unparkothers();
  return heap == 0 && pages == 0 ? 0 : -1;
}

// kmstat(st): fill *st; 0, or -1 for a bad pointer.
int
sys_kmstat(void)
{
  struct kmstat u;
  struct kmstats s;
  void __user *st;

  // Address 0 is user text here, but no caller means it.
  if(argptr(0, &st, sizeof(u)) < 0 || st == NULL)
    return -1;
  kmstats(&s);
  memset(&u, 0, sizeof(u));
  safestrcpy(u.allocator, kmalloc_ops.name, sizeof(u.allocator));
  u.allocs = s.allocs;
  u.frees = s.frees;
  u.fails = s.fails;
  u.live_bytes = s.live_bytes;
  u.object_bytes = s.obj_bytes;
  u.held_bytes = s.held_bytes;
  u.free_pages = kfreecount();
  u.token_pages = kmtokpages();
#ifdef KDEBUG
  u.debug = 1;
#endif
  return copyout(st, &u, sizeof(u));
}

// slabinfo(buf, max): copy the records of up to max of the kernel heap's
// caches to buf; the number of caches, or -1 for a bad pointer or max.
int
sys_slabinfo(void)
{
  struct slabinfo r;
  struct slabinfo __user *buf;
  int max, n, i;

  if(argint(1, &max) < 0 || max < 0 ||
     max > (int)(KERNBASE / sizeof(r)) ||
     argptr(0, (void __user **)&buf, max * sizeof(r)) < 0)
    return -1;
  // Each record is fetched alone, so no heap lock is held over a copyout.
  for(i = 0; i < (n = kmcacheinfo(i, &r)) && i < max; i++)
    if(copyout(buf + i, &r, sizeof(r)) < 0)
      return -1;
  return n;
}

// kmtrace(cmd, buf, n): the allocation trace recorder's command cmd
// (ktrace.h) on user buffer buf of n records; -1 on a bad argument.
int
sys_kmtrace(void)
{
  void __user *buf;
  int cmd, n;

  if(argint(0, &cmd) < 0 || argptr(1, &buf, 0) < 0 || argint(2, &n) < 0)
    return -1;
  return kmtrace(cmd, buf, n);
}
