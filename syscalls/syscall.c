// System call dispatch: the table from numbers to sys_ functions, and
// the argument fetchers. Arguments sit on the user stack, as in xv6.
#include "core/core.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"
#include "syscall.h"

// Fetch the nth 32-bit argument from the user stack: 0, or -1 if it is
// not in accessible user memory. The first fetch of a system call copies
// the argument words that share the first one's page into the process
// (one page walk); the rest, if the block crosses into the next page,
// are fetched one at a time with copyin, which may fault pages in. So a
// call sees its words as they were at its first fetch, even if another
// process writes them meanwhile through a shared mapping.
int
argint(int n, int *ip)
{
  struct proc *p = myproc();
  uint first = p->tf->esp + 4;

  if(p->nsysarg < 0)
    p->nsysarg = copyinpage(p->sysarg, (__force const void __user *)first,
                            sizeof(p->sysarg)) / 4;
  if(n >= 0 && n < p->nsysarg){
    *ip = p->sysarg[n];
    return 0;
  }
  return copyin(ip, (__force const void __user *)(first + 4*n), sizeof(*ip));
}

// Fetch the nth argument as a pointer to size bytes of user memory:
// 0, or -1 if the range wraps around or reaches the kernel.
int
argptr(int n, void __user **pp, uint size)
{
  int i;

  if(argint(n, &i) < 0)
    return -1;
  if((uint)i >= KERNBASE || size > KERNBASE - (uint)i)
    return -1;
  *pp = (__force void __user *)i;
  return 0;
}

// Copy the nth argument, a user string, into buf of max bytes: its
// length, or -1 if the pointer is bad or the string too long.
int
argstr(int n, char *buf, int max)
{
  int addr;

  if(argint(n, &addr) < 0)
    return -1;
  return copyinstr(buf, (__force const char __user *)addr, max);
}

static int (*syscalls[])(void) = {
  [SYS_fork]    = sys_fork,
  [SYS_exit]    = sys_exit,
  [SYS_wait]    = sys_wait,
  [SYS_pipe]    = sys_pipe,
  [SYS_read]    = sys_read,
  [SYS_kill]    = sys_kill,
  [SYS_exec]    = sys_exec,
  [SYS_fstat]   = sys_fstat,
  [SYS_chdir]   = sys_chdir,
  [SYS_dup]     = sys_dup,
  [SYS_getpid]  = sys_getpid,
  [SYS_sbrk]    = sys_sbrk,
  [SYS_sleep]   = sys_sleep,
  [SYS_uptime]  = sys_uptime,
  [SYS_open]    = sys_open,
  [SYS_write]   = sys_write,
  [SYS_mknod]   = sys_mknod,
  [SYS_unlink]  = sys_unlink,
  [SYS_link]    = sys_link,
  [SYS_mkdir]   = sys_mkdir,
  [SYS_close]   = sys_close,
  [SYS_kmalloc] = sys_kmalloc,
  [SYS_kmfree]  = sys_kmfree,
  [SYS_kmstat]  = sys_kmstat,
  [SYS_mmap]    = sys_mmap,
  [SYS_munmap]  = sys_munmap,
  [SYS_procmaps] = sys_procmaps,
  [SYS_kmreplay] = sys_kmreplay,
  [SYS_procmem] = sys_procmem,
  [SYS_halt]    = sys_halt,
  [SYS_mprotect] = sys_mprotect,
  [SYS_msync]   = sys_msync,
  [SYS_kmcheck] = sys_kmcheck,
  [SYS_slabinfo] = sys_slabinfo,
  [SYS_kmtrace] = sys_kmtrace,
  [SYS_lockstat] = sys_lockstat,
};

// Run the system call whose number is in %eax; its result goes back
// in %eax. An unknown number returns -1. Its arguments are not fetched
// yet: the process's copy of them (argint) lasts this call only, so a
// call that sleeps, runs on another CPU, or replaces the stack (exec)
// never sees another call's words, and an interrupt never touches them.
void
syscall(void)
{
  struct proc *curproc = myproc();
  uint num;

  curproc->nsysarg = -1;
  num = curproc->tf->eax;
  if(num < NELEM(syscalls) && syscalls[num] != NULL){
    curproc->tf->eax = syscalls[num]();
  } else {
    cprintf("pid %d %s: unknown sys call %d\n",
            curproc->pid, curproc->name, num);
    curproc->tf->eax = -1;
  }
}
