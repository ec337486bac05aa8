// Spin locks, and the interrupt-disable nesting they rely on.
//
// The fast path assumes what acquire establishes: once pushcli has run,
// interrupts are off, so this CPU cannot be switched away and mycpu()
// and lk->cpu can be compared without a second pushcli. Caller PCs are
// recorded only in DEBUG=1 builds, where a lock panic shows them.
//
// Every acquire adds one to this CPU's counter of the lock's class (the
// locks initialised with one name, core/lockclass.c): no atomic and no
// shared line when the lock is free. An acquire that has to wait also
// counts the wait and its turns. Readers sum over the CPUs and subtract
// the sums a reset recorded, so a reset writes no CPU's counters.
#include "core/core.h"

static struct lockclasses classes = LOCKCLASSES_INIT;

// The sums at the last reset, by class; counts are reported above them.
static struct lockstat base[NLOCKCLASS];

// Guards additions to classes and base. A bare flag rather than a spin
// lock: initlock runs at boot before mycpu() works (kinit1), and a spin
// lock would count itself.
static uint classbusy;

// Take classbusy with interrupts off; return the flags to give back to
// unbusy. Uses no pushcli, so it works before seginit.
static uint
busy(void)
{
  uint eflags;

  eflags = readeflags();
  cli();
  while(xchg(&classbusy, 1) != 0)
    ;
  return eflags;
}

// Give back classbusy and the interrupt flag busy took.
static void
unbusy(uint eflags)
{
  xchg(&classbusy, 0);
  if(eflags & FL_IF)
    sti();
}

// The class of the locks named name, made if new.
static uint
classof(char *name)
{
  uint eflags;
  int i;

  if((i = lockclassfind(&classes, name)) >= 0)
    return i;
  eflags = busy();
  i = lockclassadd(&classes, name);
  unbusy(eflags);
  return i;
}

// Initialize lk, unheld, in the class of the locks named name; the name
// is shown in panics.
void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = NULL;
  lk->class = classof(name);
}

// Does this CPU hold lk? Interrupts must be off.
static inline int
held(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
}

// Take lk, which another CPU holds, once it is free; count the wait
// and its turns for lk's class. Interrupts are off. Out of line, so the
// free lock's path stays short.
static void __attribute__((noinline))
contend(struct spinlock *lk)
{
  struct cpu *c = mycpu();
  uint turns = 0;

  do {
    // Only read while it is held: a failed xchg writes the lock's line.
    do {
      turns++;
      asm volatile("pause");
    } while(*(volatile uint*)&lk->locked != 0);
  } while(xchg(&lk->locked, 1) != 0);
  c->lockcont[lk->class]++;
  c->lockspin[lk->class] += turns;
}

// Acquire lk, spinning until it is free. Interrupts stay off while it
// is held so an interrupt handler on this CPU cannot deadlock on it.
// Panics if this CPU already holds it.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(held(lk))
    panic(lk->name);

  if(xchg(&lk->locked, 1) != 0)
    contend(lk);

  // Keep the critical section's loads and stores after the acquire.
  __sync_synchronize();

  lk->cpu = mycpu();
  // mycpu()->lockacq[lk->class]++ in one instruction, %gs being mycpu().
  asm volatile("incl %%gs:%c1(,%0,4)"
               : : "r" (lk->class),
                   "i" (__builtin_offsetof(struct cpu, lockacq)) : "cc");
#ifdef KDEBUG
  getcallerpcs(&lk, lk->pcs);
#endif
}

// Release lk, which this CPU must hold (else it panics).
void
release(struct spinlock *lk)
{
  if(!held(lk))
    panic("release");

#ifdef KDEBUG
  lk->pcs[0] = 0;
#endif
  lk->cpu = NULL;

  __sync_synchronize();
  asm volatile("movl $0, %0" : "+m" (lk->locked) : );

  popcli();
}

// Record up to 10 return addresses of the call chain above v, the
// address of the caller's first argument, by following saved %ebp.
void
getcallerpcs(void *v, uint pcs[])
{
  uint *ebp;
  int i;

  ebp = (uint*)v - 2;
  for(i = 0; i < 10; i++){
    if(ebp == NULL || ebp < (uint*)KERNBASE || ebp == (uint*)0xffffffff)
      break;
    pcs[i] = ebp[1];
    ebp = (uint*)ebp[0];
  }
  for(; i < 10; i++)
    pcs[i] = 0;
}

// Does this CPU hold lk? Callable with interrupts on.
int
holding(struct spinlock *lk)
{
  int r;

  pushcli();
  r = held(lk);
  popcli();
  return r;
}

// Disable interrupts, counting nesting: it takes as many popcli as
// pushcli to turn them back on, and only if they were on at the first.
void
pushcli(void)
{
  struct cpu *c;
  int eflags;

  eflags = readeflags();
  cli();
  c = mycpu();
  if(c->ncli++ == 0)
    c->intena = eflags & FL_IF;
}

// Undo one pushcli; panics if interrupts are on or none is pending.
void
popcli(void)
{
  struct cpu *c;

  if(readeflags()&FL_IF)
    panic("popcli - interruptible");
  c = mycpu();
  if(--c->ncli < 0)
    panic("popcli");
  if(c->ncli == 0 && c->intena)
    sti();
}

// Fill r with class c's counts since the last reset, summed over the
// CPUs; classbusy is held.
static void
sumclass(int c, struct lockstat *r)
{
  struct cpu *p;

  r->acquires = -base[c].acquires;
  r->contended = -base[c].contended;
  r->spins = -base[c].spins;
  for(p = cpus; p < cpus + ncpu; p++){
    r->acquires += p->lockacq[c];
    r->contended += p->lockcont[c];
    r->spins += p->lockspin[c];
  }
}

// Fill r with lock class i's name and counts, if there is a class i;
// return the number of classes.
int
lockinfo(int i, struct lockstat *r)
{
  uint eflags;
  int n;

  eflags = busy();
  n = classes.n;
  if(i >= 0 && i < n){
    memmove(r->name, classes.name[i], LOCKNAME);
    sumclass(i, r);
    r->cpus = ncpu;
  }
  unbusy(eflags);
  return n;
}

// Start every class's counts again from 0.
void
lockreset(void)
{
  struct lockstat now;
  uint eflags;
  int i;

  eflags = busy();
  for(i = 0; i < classes.n; i++){
    sumclass(i, &now);
    base[i].acquires += now.acquires;
    base[i].contended += now.contended;
    base[i].spins += now.spins;
  }
  unbusy(eflags);
}
