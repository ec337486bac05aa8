// Memory-mapping system calls: mmap, munmap, mprotect, msync, procmaps.
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

// mprotect(addr, length, prot): 0, or -1; see vm/vm.h.
int
sys_mprotect(void)
{
  int addr, len, prot;

  if(argint(0, &addr) < 0 || argint(1, &len) < 0 || argint(2, &prot) < 0)
    return -1;
  return mprotect(addr, len, prot);
}

// msync(addr, length, flags): 0, or -1; see vm/vm.h.
int
sys_msync(void)
{
  int addr, len, flags;

  if(argint(0, &addr) < 0 || argint(1, &len) < 0 || argint(2, &flags) < 0)
    return -1;
  return msync(addr, len, flags);
}

#define CHUNK 16   // mappings described per visit of the process table

struct describe {
  uint from;
  int max;
  int last;        // the final chunk: count what follows it too
  int rest;
  struct mapinfo out[CHUNK];
};

// procvisit callback: describe the next chunk of p's mappings.
static int
describe(struct proc *p, void *arg)
{
  struct describe *d = arg;

  return vmdescribe(p, d->from, d->out, d->max, d->last ? &d->rest : NULL);
}

// procmaps(pid, buf, max): copy up to max descriptions of process pid's
// mappings (0 means the caller) to buf, in address order, CHUNK at a
// time; the number of mappings, or -1 for no such process or a bad
// buffer. The count is the records copied plus those that followed the
// last one in that chunk's look, so with room for all it is exactly the
// number copied, however pid changes meanwhile.
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
  d.from = MMAPBASE;
  for(n = 0; ; n += k){
    d.max = max - n < CHUNK ? max - n : CHUNK;
    d.last = n + d.max == max;
    d.rest = 0;
    if((k = procvisit(pid, describe, &d)) < 0)
      return n > 0 ? n : -1;
    if(k > 0 && copyout(buf + n, d.out, k * sizeof(struct mapinfo)) < 0)
      return -1;
    if(k < d.max || d.last)
      return n + k + d.rest;
    d.from = d.out[k-1].end;
  }
}
