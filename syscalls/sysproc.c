// Process system calls: fork, exit, wait, kill, exec, getpid, sbrk,
// sleep, uptime, halt, procmem.
#include "core/core.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "fs/file.h"
#include "syscalls/syscalls.h"
#include "mman.h"

// fork(): the child's pid, 0 in the child, or -1.
int
sys_fork(void)
{
  return fork();
}

// exit(): does not return.
int
sys_exit(void)
{
  exit();
}

// wait(): a child's pid once it has exited, or -1 with no children.
int
sys_wait(void)
{
  return wait();
}

// kill(pid): 0, or -1 if there is no such process.
int
sys_kill(void)
{
  int pid;

  if(argint(0, &pid) < 0)
    return -1;
  return kill(pid);
}

// getpid(): the caller's pid.
int
sys_getpid(void)
{
  return myproc()->pid;
}

// sbrk(n): grow the heap by n bytes and return the old break, or -1
// (changing nothing) past MMAPBASE or when memory runs out.
int
sys_sbrk(void)
{
  int addr;
  int n;

  if(argint(0, &n) < 0)
    return -1;
  addr = myproc()->sz;
  if(growproc(n) < 0)
    return -1;
  return addr;
}

// sleep(n): wait n clock ticks; -1 if n < 0 or the caller is killed.
int
sys_sleep(void)
{
  int n;
  uint ticks0;

  if(argint(0, &n) < 0 || n < 0)
    return -1;
  acquire(&tickslock);
  ticks0 = ticks;
  while(ticks - ticks0 < (uint)n){
    if(myproc()->killed){
      release(&tickslock);
      return -1;
    }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

// uptime(): clock ticks since boot.
int
sys_uptime(void)
{
  uint xticks;

  acquire(&tickslock);
  xticks = ticks;
  release(&tickslock);
  return xticks;
}

// procmem(pid, pm): fill *pm with the layout of process pid's memory
// below the mmap window (0 means the caller): 0, or -1 for no such
// process or a bad pointer.
int
sys_procmem(void)
{
  struct procmem pm;
  struct procmem __user *upm;
  int pid;

  if(argint(0, &pid) < 0 ||
     argptr(1, (void __user **)&upm, sizeof(pm)) < 0)
    return -1;
  if(pid == 0)
    pid = myproc()->pid;
  if(procmem(pid, &pm) < 0)
    return -1;
  return copyout(upm, &pm, sizeof(pm));
}

// halt(): power the machine off.
int
sys_halt(void)
{
  cprintf("modx6: power off\n");
  poweroff();
}

// Free the first n kernel copies of exec arguments.
static void
freeargs(char **argv, int n)
{
  int i;

  for(i = 0; i < n; i++)
    kmfree(argv[i]);
}

// Copy the user string at uarg into a kmalloc block of its exact size,
// by way of scratch (PGSIZE bytes): the copy, or NULL on a bad pointer,
// a string of a page or more, or no memory. The user's bytes are read
// once, so the block fits the copy whatever the user changes meanwhile.
static char*
fetcharg(char *scratch, uint uarg)
{
  char *s;
  int n;

  if((n = copyinstr(scratch, (__force const char __user *)uarg, PGSIZE)) < 0)
    return NULL;
  if((s = kmalloc(n + 1)) != NULL)
    memmove(s, scratch, n + 1);
  return s;
}

// Copy the user argument vector uargv into kernel strings, one kmalloc
// block each: the count, or -1 (holding nothing) on a bad pointer, too
// many arguments or no memory.
static int
fetchargs(uint uargv, char **argv)
{
  char *scratch;
  int i, uarg;

  if((scratch = kmalloc(PGSIZE)) == NULL)
    return -1;
  for(i = 0; i < MAXARG; i++){
    if(copyin(&uarg, (__force const void __user *)(uargv + 4*i), 4) < 0)
      break;
    if(uarg == 0){
      argv[i] = NULL;
      kmfree(scratch);
      return i;
    }
    if((argv[i] = fetcharg(scratch, uarg)) == NULL)
      break;
  }
  kmfree(scratch);
  freeargs(argv, i);
  return -1;
}

// exec(path, argv): run a new program; -1 on any bad argument.
int
sys_exec(void)
{
  char path[MAXPATH], *argv[MAXARG+1];
  int uargv, argc, r;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &uargv) < 0)
    return -1;
  if((argc = fetchargs(uargv, argv)) < 0)
    return -1;
  r = exec(path, argv);
  freeargs(argv, argc);
  return r;
}
