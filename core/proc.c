// Processes: the process table, fork/exit/wait/kill, sleep and wakeup,
// and each CPU's scheduler loop.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "vm/vm.h"
#include "fs/file.h"
#include "mman.h"

static struct {
  struct spinlock lock;
  struct proc proc[NPROC];
} ptable;

#define IDLESPIN 1000   // empty scheduler rounds before a CPU halts

static struct proc *initproc;
static int nextpid = 1;
extern void trapret(void);
static void forkret(void);
static void wakeup1(void *chan);

// Initialize the process table lock.
void
pinit(void)
{
  initlock(&ptable.lock, "ptable");
}

// This CPU's index in cpus[]. Interrupts must be off.
int
cpuid(void)
{
  return mycpu()->id;
}

// This CPU's struct cpu found by its local APIC ID, for seginit, which
// sets up the %gs segment that mycpu() reads. Interrupts must be off.
struct cpu*
cpubyapic(void)
{
  int apicid, i;

  if(readeflags()&FL_IF)
    panic("cpubyapic called with interrupts enabled");

  apicid = lapicid();
  for (i = 0; i < ncpu; ++i) {
    if (cpus[i].apicid == apicid)
      return &cpus[i];
  }
  panic("unknown apicid");
}

// Claim an UNUSED slot as EMBRYO with a kernel stack laid out to
// start in forkret and return to user space through trapret.
// Returns NULL when the table is full or memory runs out.
static struct proc*
allocproc(void)
{
  struct proc *p;
  char *sp;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == UNUSED)
      break;
  if(p == &ptable.proc[NPROC]){
    release(&ptable.lock);
    return NULL;
  }
  p->state = EMBRYO;
  p->pid = nextpid++;
  p->vms = NULL;
  memset(&p->kmtoks, 0, sizeof(p->kmtoks));
  release(&ptable.lock);

  if((p->kstack = kalloc()) == NULL){
    p->state = UNUSED;
    return NULL;
  }
  sp = p->kstack + KSTACKSIZE;

  sp -= sizeof *p->tf;
  p->tf = (struct trapframe*)sp;

  // forkret returns into trapret, which pops the trap frame.
  sp -= 4;
  *(uint*)sp = (uint)trapret;

  sp -= sizeof *p->context;
  p->context = (struct context*)sp;
  memset(p->context, 0, sizeof *p->context);
  p->context->eip = (uint)forkret;
  return p;
}

// Create the first process, running initcode (core/initcode.S).
void
userinit(void)
{
  extern char _initcode_start[], _initcode_end[];
  struct proc *p;

  p = allocproc();
  if(p == NULL)
    panic("userinit: allocproc");
  initproc = p;
  if((p->pgdir = setupkvm()) == NULL)
    panic("userinit: out of memory?");
  inituvm(p->pgdir, _initcode_start, _initcode_end - _initcode_start);
  p->sz = PGSIZE;
  // initcode's one page holds its stack too: no guard, no stack of its own.
  p->textend = p->ustack = p->heapbase = PGSIZE;
  memset(p->tf, 0, sizeof(*p->tf));
  p->tf->cs = (SEG_UCODE << 3) | DPL_USER;
  p->tf->ds = (SEG_UDATA << 3) | DPL_USER;
  p->tf->es = p->tf->ds;
  p->tf->ss = p->tf->ds;
  p->tf->eflags = FL_IF;
  p->tf->esp = PGSIZE;
  p->tf->eip = 0;

  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->cwd = namei("/");
  p->fpu = fpuclean;

  acquire(&ptable.lock);
  p->state = RUNNABLE;
  release(&ptable.lock);
}

// Grow (n > 0) or shrink (n < 0) the current process's heap by n bytes.
// The heap may not pass MMAPBASE nor shrink below zero. 0 or -1.
int
growproc(int n)
{
  struct proc *curproc = myproc();
  uint sz, newsz;

  sz = curproc->sz;
  if(n > 0){
    if((uint)n > MMAPBASE - sz)
      return -1;
    if((newsz = allocuvm(curproc->pgdir, sz, sz + n)) == 0)
      return -1;
  } else if(n < 0){
    if((uint)-n > sz)
      return -1;
    newsz = deallocuvm(curproc->pgdir, sz, sz + n);
  } else
    return 0;
  curproc->sz = newsz;
  switchuvm(curproc);
  return 0;
}

// Create a copy of the current process; the child returns 0 from the
// system call. Returns the child's pid, or -1.
int
fork(void)
{
  int i, pid;
  struct proc *np;
  struct proc *curproc = myproc();

  if((np = allocproc()) == NULL)
    return -1;

  if((np->pgdir = copyuvm(curproc->pgdir, curproc->sz)) == NULL ||
     vmfork(curproc, np) < 0){
    if(np->pgdir != NULL){
      unmapall(np);
      freeuvm(np->pgdir, curproc->sz);
      np->pgdir = NULL;
    }
    kfree(np->kstack);
    np->kstack = NULL;
    np->state = UNUSED;
    return -1;
  }
  np->sz = curproc->sz;
  np->textend = curproc->textend;
  np->ustack = curproc->ustack;
  np->heapbase = curproc->heapbase;
  np->parent = curproc;
  *np->tf = *curproc->tf;
  np->tf->eax = 0;
  // The kernel never touches the FPU, so it holds the parent's registers.
  fxsave(&np->fpu);

  for(i = 0; i < NOFILE; i++)
    if(curproc->ofile[i])
      np->ofile[i] = filedup(curproc->ofile[i]);
  np->cwd = idup(curproc->cwd);
  safestrcpy(np->name, curproc->name, sizeof(curproc->name));
  pid = np->pid;

  acquire(&ptable.lock);
  np->state = RUNNABLE;
  release(&ptable.lock);
  return pid;
}

// Close the current process's files and directory.
static void
dropfiles(struct proc *p)
{
  int fd;

  for(fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd]){
      fileclose(p->ofile[fd]);
      p->ofile[fd] = NULL;
    }
  }
  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = NULL;
}

// End the current process. It stays a zombie until its parent waits;
// its children pass to init.
void
exit(void)
{
  struct proc *curproc = myproc();
  struct proc *p;

  if(curproc == initproc)
    panic("init exiting");
  dropfiles(curproc);
  unmapall(curproc);
  kmtokclear(&curproc->kmtoks);

  acquire(&ptable.lock);
  wakeup1(curproc->parent);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->parent == curproc){
      p->parent = initproc;
      if(p->state == ZOMBIE)
        wakeup1(initproc);
    }
  }
  curproc->state = ZOMBIE;
  sched();
  panic("zombie exit");
}

// Free a zombie's remaining resources; ptable.lock is held.
static void
reap(struct proc *p)
{
  kfree(p->kstack);
  p->kstack = NULL;
  freeuvm(p->pgdir, p->sz);
  p->pgdir = NULL;
  p->pid = 0;
  p->parent = NULL;
  p->name[0] = 0;
  p->killed = 0;
  p->state = UNUSED;
}

// Wait for a child to exit and return its pid; -1 if there are no
// children or the caller is killed.
int
wait(void)
{
  struct proc *p;
  int havekids, pid;
  struct proc *curproc = myproc();

  acquire(&ptable.lock);
  for(;;){
    havekids = 0;
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->parent != curproc)
        continue;
      havekids = 1;
      if(p->state == ZOMBIE){
        pid = p->pid;
        reap(p);
        release(&ptable.lock);
        return pid;
      }
    }
    if(!havekids || curproc->killed){
      release(&ptable.lock);
      return -1;
    }
    sleep(curproc, &ptable.lock);
  }
}

// Per-CPU scheduler: run each RUNNABLE process in turn, forever.
void
scheduler(void)
{
  struct proc *p;
  struct cpu *c = mycpu();
  int idle;

  c->proc = NULL;
  for(idle = 0;; idle++){
    // Let devices interrupt between rounds. After many rounds with
    // nothing to run, wait for an interrupt (a tick at most) rather than
    // spin, so idle emulated CPUs leave the host's cores alone; short
    // waits, such as for the disk, are cheaper to spin through.
    sti();
    if(idle > IDLESPIN)
      hlt();

    acquire(&ptable.lock);
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->state != RUNNABLE)
        continue;
      idle = 0;

      // The process releases ptable.lock and reacquires it before
      // switching back here. Its FPU registers go with it: loaded here,
      // saved when it is back. Eagerly, at every switch, because that
      // costs two instructions; lazy switching (CR0.TS and the #NM trap)
      // would write CR0 at every switch too and add a trap per time slice
      // of each FPU user, and must chase registers left on another CPU.
      c->proc = p;
      switchuvm(p);
      p->state = RUNNING;
      fxrstor(&p->fpu);
      swtch(&(c->scheduler), p->context);
      fxsave(&p->fpu);
      switchkvm();
      c->proc = NULL;
    }
    release(&ptable.lock);
  }
}

// Switch to the scheduler. The caller holds only ptable.lock and has
// changed its state already.
void
sched(void)
{
  int intena;
  struct proc *p = myproc();

  if(!holding(&ptable.lock))
    panic("sched ptable.lock");
  if(mycpu()->ncli != 1)
    panic("sched locks");
  if(p->state == RUNNING)
    panic("sched running");
  if(readeflags()&FL_IF)
    panic("sched interruptible");
  intena = mycpu()->intena;
  swtch(&p->context, mycpu()->scheduler);
  mycpu()->intena = intena;
}

// Give up the CPU for one scheduling round.
void
yield(void)
{
  acquire(&ptable.lock);
  myproc()->state = RUNNABLE;
  sched();
  release(&ptable.lock);
}

// A new process's first scheduling lands here, still holding
// ptable.lock from the scheduler; it then returns to user space.
static void
forkret(void)
{
  static int first = 1;

  release(&ptable.lock);

  if (first) {
    // These sleep, so they cannot run from main.
    first = 0;
    iinit(ROOTDEV);
    initlog(ROOTDEV);
  }
}

// Atomically release lk and sleep on chan; reacquire lk when woken.
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();

  if(p == NULL)
    panic("sleep");
  if(lk == NULL)
    panic("sleep without lk");

  // Holding ptable.lock means no wakeup can be missed between
  // releasing lk and going to sleep.
  if(lk != &ptable.lock){
    acquire(&ptable.lock);
    release(lk);
  }
  p->chan = chan;
  p->state = SLEEPING;

  sched();

  p->chan = NULL;
  if(lk != &ptable.lock){
    release(&ptable.lock);
    acquire(lk);
  }
}

// Wake every process sleeping on chan; ptable.lock is held.
static void
wakeup1(void *chan)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
}

// Wake every process sleeping on chan.
void
wakeup(void *chan)
{
  acquire(&ptable.lock);
  wakeup1(chan);
  release(&ptable.lock);
}

// Mark process pid killed; it exits when it next returns to user space.
// 0, or -1 if there is no such process or it is init, which must outlive
// every other process to reap the orphans.
int
kill(int pid)
{
  struct proc *p;

  if(pid <= 0 || pid == initproc->pid)
    return -1;
  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid == pid && p->state != UNUSED && p->state != ZOMBIE){
      p->killed = 1;
      if(p->state == SLEEPING)
        p->state = RUNNABLE;
      release(&ptable.lock);
      return 0;
    }
  }
  release(&ptable.lock);
  return -1;
}

// Call fn(p, arg) for the live process p with the given pid, with the
// process table locked so p cannot go away; fn must not sleep. Returns
// fn's result, or -1 if there is no such process.
int
procvisit(int pid, int (*fn)(struct proc *p, void *arg), void *arg)
{
  struct proc *p;
  int r = -1;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid == pid && p->state != UNUSED && p->state != EMBRYO){
      r = fn(p, arg);
      break;
    }
  }
  release(&ptable.lock);
  return r;
}

// procvisit callback: describe p's memory below the mmap window and
// the mmap window's page tables in the struct procmem arg.
static int
describemem(struct proc *p, void *arg)
{
  struct procmem *pm = arg;

  pm->guard = p->textend;
  pm->stack = p->ustack;
  pm->heap = p->heapbase;
  pm->brk = p->sz;
  safestrcpy(pm->name, p->name, sizeof(pm->name));
  pm->mmaptables = mmaptables(p);
  return 0;
}

// Fill *pm with the layout of process pid's memory below the mmap
// window: 0, or -1 if there is no such process.
int
procmem(int pid, struct procmem *pm)
{
  memset(pm, 0, sizeof(*pm));
  return procvisit(pid, describemem, pm);
}

// Print the process list on the console (^P); takes no lock so it
// works on a wedged machine.
void
procdump(void)
{
  static const char *states[] = {
    [UNUSED] = "unused", [EMBRYO] = "embryo", [SLEEPING] = "sleep ",
    [RUNNABLE] = "runble", [RUNNING] = "run   ", [ZOMBIE] = "zombie",
  };
  struct proc *p;
  uint pc[10];
  int i;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    cprintf("%d %s %s", p->pid, states[p->state], p->name);
    if(p->state == SLEEPING){
      getcallerpcs((uint*)p->context->ebp+2, pc);
      for(i = 0; i < 10 && pc[i] != 0; i++)
        cprintf(" %p", pc[i]);
    }
    cprintf("\n");
  }
}
