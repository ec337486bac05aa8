// Processes: the list of all processes, fork/exit/wait/kill, sleep and
// wakeup, and each CPU's scheduler loop.
//
// Each struct proc is an object of the kmcache "proc", on ptable.all from
// allocproc until it is freed. Invariant: a process is linked, unlinked
// and freed only with ptable.lock held, and every walk of the list holds
// ptable.lock from reading a link to using the process it names, so no
// walker ever sees a freed process. The scheduler keeps p across swtch:
// p cannot be freed meanwhile, because it is RUNNING (only a ZOMBIE is
// reaped) until it calls sched, which hands ptable.lock straight back.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "fs/file.h"
#include "mman.h"

static struct {
  struct spinlock lock;
  struct proc *all;    // every process, newest first
  int n;               // processes on all, at most NPROC
} ptable;

static struct kmcache *proccache;

#define IDLESPIN 1000   // empty scheduler rounds before a CPU halts

static struct proc *initproc;
static int nextpid = 1;
extern void trapret(void);
static void forkret(void);
static void wakeup1(void *chan);

// Initialize the process table lock. The list starts empty; the cache
// waits for the heap (userinit).
void
pinit(void)
{
  initlock(&ptable.lock, "ptable");
}

// Put p at the head of the process list; ptable.lock is held.
static void
enlist(struct proc *p)
{
  p->next = ptable.all;
  p->pprev = &ptable.all;
  if(ptable.all)
    ptable.all->pprev = &p->next;
  ptable.all = p;
  ptable.n++;
}

// Take p off the process list and free it; ptable.lock is held.
static void
freeproc(struct proc *p)
{
  *p->pprev = p->next;
  if(p->next)
    p->next->pprev = p->pprev;
  ptable.n--;
  kmcache_free(proccache, p);
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

// A new EMBRYO process, zeroed, on the list, with a kernel stack laid
// out to start in forkret and return to user space through trapret.
// Returns NULL when NPROC processes exist or memory runs out.
static struct proc*
allocproc(void)
{
  struct proc *p;
  char *sp;

  if((p = kmcache_alloc(proccache)) == NULL)
    return NULL;
  memset(p, 0, sizeof(*p));
  if((p->kstack = kalloc()) == NULL){
    kmcache_free(proccache, p);
    return NULL;
  }
  acquire(&ptable.lock);
  if(ptable.n == NPROC){
    release(&ptable.lock);
    kfree(p->kstack);
    kmcache_free(proccache, p);
    return NULL;
  }
  p->state = EMBRYO;
  p->pid = nextpid++;
  enlist(p);
  release(&ptable.lock);

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

  // Here, not in pinit: main calls pinit before the heap is up, because
  // the other CPUs' schedulers take ptable.lock as soon as they start,
  // and userinit after kmallocinit, before any process exists.
  proccache = kmcache_create("proc", sizeof(struct proc),
                             __alignof__(struct proc));
  if(proccache == NULL)
    panic("userinit: proc cache");
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
// Growth only moves the break: pages come at their first fault (see
// vm/vm.c). The heap may not pass MMAPBASE nor shrink below zero; a
// shrink below heapbase lowers it, so that below heapbase every page
// stays present. 0 or -1.
int
growproc(int n)
{
  struct proc *curproc = myproc();
  uint sz, newsz;

  sz = curproc->sz;
  if(n > 0){
    if((uint)n > MMAPBASE - sz)
      return -1;
    curproc->sz = sz + n;
  } else if(n < 0){
    if((uint)-n > sz)
      return -1;
    newsz = deallocuvm(curproc->pgdir, sz, sz + n);
    if(newsz < curproc->heapbase)
      curproc->heapbase = newsz;
    curproc->sz = newsz;
    // Flush the TLB of the pages freed; growth maps nothing to flush.
    switchuvm(curproc);
  }
  return 0;
}

// Give the embryo np p's memory and mappings, private pages shared
// copy-on-write: 0, or -1 after freeing np and everything it had, when
// memory runs out.
static int
copymem(struct proc *p, struct proc *np)
{
  int ok;

  np->pgdir = copyuvm(p->pgdir, p->heapbase, p->sz);
  ok = np->pgdir != NULL && vmfork(p, np) == 0;
  // Both took PTE_W from p's private pages, which are now copy-on-write.
  lcr3(V2P(p->pgdir));
  if(ok)
    return 0;
  if(np->pgdir != NULL){
    unmapall(np);
    freeuvm(np->pgdir, p->sz);
    np->pgdir = NULL;
  }
  kfree(np->kstack);
  acquire(&ptable.lock);
  freeproc(np);
  release(&ptable.lock);
  return -1;
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
  if(copymem(curproc, np) < 0)
    return -1;
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
  for(p = ptable.all; p; p = p->next){
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

// Free a zombie and what it still holds; ptable.lock is held.
static void
reap(struct proc *p)
{
  kfree(p->kstack);
  freeuvm(p->pgdir, p->sz);
  freeproc(p);
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
    for(p = ptable.all; p; p = p->next){
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
    for(p = ptable.all; p; p = p->next){
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

  for(p = ptable.all; p; p = p->next)
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
  for(p = ptable.all; p; p = p->next){
    if(p->pid == pid && p->state != ZOMBIE){
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
  for(p = ptable.all; p; p = p->next){
    if(p->pid == pid && p->state != EMBRYO){
      r = fn(p, arg);
      break;
    }
  }
  release(&ptable.lock);
  return r;
}

// procvisit callback: describe p's memory below the mmap window (with
// the heap's present pages), the mmap window's page tables and the
// pages mapped copy-on-write in the struct procmem arg.
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
  pm->heapres = residentpages(p->pgdir, p->heapbase, p->sz);
  pm->cow = cowpages(p->pgdir, 0, MMAPBASE) + mmapcow(p);
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
// works on a wedged machine, so a process freed meanwhile may be read
// after it is freed (its memory stays mapped).
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

  for(p = ptable.all; p; p = p->next){
    cprintf("%d %s %s", p->pid, states[p->state], p->name);
    if(p->state == SLEEPING){
      getcallerpcs((uint*)p->context->ebp+2, pc);
      for(i = 0; i < 10 && pc[i] != 0; i++)
        cprintf(" %p", pc[i]);
    }
    cprintf("\n");
  }
}
