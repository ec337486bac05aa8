// The lock statistics system call: each lock class's counts from the
// per-CPU counters of core/spinlock.c.
#include "core/core.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"

// lockstat(buf, max, flags): copy the records of up to max lock classes
// to buf, then with LS_RESET in flags start every count from 0 again;
// the number of classes, or -1 for a bad pointer, max or flags (nothing
// is reset then).
int
sys_lockstat(void)
{
  struct lockstat r;
  struct lockstat __user *buf;
  int max, flags, n, i;

  if(argint(1, &max) < 0 || max < 0 ||
     max > (int)(KERNBASE / sizeof(r)) ||
     argptr(0, (void __user **)&buf, max * sizeof(r)) < 0 ||
     (buf == NULL && max > 0) ||
     argint(2, &flags) < 0 || (flags & ~LS_RESET) != 0)
    return -1;
  // One record at a time, so no lock is held over a copyout.
  for(i = 0; i < (n = lockinfo(i, &r)) && i < max; i++)
    if(copyout(buf + i, &r, sizeof(r)) < 0)
      return -1;
  if(flags & LS_RESET)
    lockreset();
  return n;
}
