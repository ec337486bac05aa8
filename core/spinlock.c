// Spin locks, and the interrupt-disable nesting they rely on.
//
// The fast path assumes what acquire establishes: once pushcli has run,
// interrupts are off, so this CPU cannot be switched away and mycpu()
// and lk->cpu can be compared without a second pushcli. Caller PCs are
// recorded only in DEBUG=1 builds, where a lock panic shows them.
#include "core/core.h"

// Initialize lk, unheld; name is shown in panics.
void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = NULL;
}

// Does this CPU hold lk? Interrupts must be off.
static inline int
held(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
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

  while(xchg(&lk->locked, 1) != 0)
    ;

  // Keep the critical section's loads and stores after the acquire.
  __sync_synchronize();

  lk->cpu = mycpu();
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
