// Memory-mapping system calls: mmap, munmap, procmaps.
#include "core/core.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"
#include "mman.h"

// mmap(addr, length, prot, flags, fd, offset): see vm/mmap.c; the
// address, or MAP_FAILED.
int
sys_mmap(void)
{
  int addr, len, prot, flags, fd, off;

  if(argint(0, &addr) < 0 || argint(1, &len) < 0 || argint(2, &prot) < 0 ||
     argint(3, &flags) < 0 || argint(4, &fd) < 0 || argint(5, &off) < 0)
    return -1;
  return mmap(addr, len, prot, flags, fd, off);
}

// munmap(addr, length): 0, or -1.
int
sys_munmap(void)
{
  int addr, len;

  if(argint(0, &addr) < 0 || argint(1, &len) < 0)
    return -1;
  return munmap(addr, len);
}

#define CHUNK 16   // mappings described per visit of the process table

struct describe {
  uint from;
  int max;
  struct mapinfo out[CHUNK];
};

// procvisit callback: describe the next chunk of p's mappings.
static int
describe(struct proc *p, void *arg)
{
  struct describe *d = arg;

  return vmdescribe(p, d->from, d->out, d->max);
}

// procvisit callback: how many mappings p has.
static int
count(struct proc *p, void *arg)
{
  (void)arg;
  return vmcount(p);
}

// procmaps(pid, buf, max): copy up to max descriptions of process pid's
// mappings (0 means the caller) to buf, in address order; the number of
// mappings pid has (which may exceed max), or -1 for no such process or
// a bad buffer.
int
sys_procmaps(void)
{
  struct describe d;
  struct mapinfo __user *buf;
  int pid, max, n, k;

  if(argint(0, &pid) < 0 || argint(2, &max) < 0 || max < 0 ||
     max > (int)(KERNBASE / sizeof(struct mapinfo)) ||
     argptr(1, (void __user **)&buf, max * sizeof(struct mapinfo)) < 0)
    return -1;
  if(pid == 0)
    pid = myproc()->pid;
  for(n = 0, d.from = MMAPBASE; n < max; n += k){
    d.max = max - n < CHUNK ? max - n : CHUNK;
    if((k = procvisit(pid, describe, &d)) <= 0)
      break;
    if(copyout(buf + n, d.out, k * sizeof(struct mapinfo)) < 0)
      return -1;
    d.from = d.out[k-1].end;
  }
  return procvisit(pid, count, NULL);
}
