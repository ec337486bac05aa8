// Spin locks, and the interrupt-disable nesting they rely on.
#include "core/core.h"

// Initialize lk, unheld; name is shown in panics.
void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = NULL;
}

// Acquire lk, spinning until it is free. Interrupts stay off while it
// is held so an interrupt handler on this CPU cannot deadlock on it.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(holding(lk))
    panic(lk->name);

  while(xchg(&lk->locked, 1) != 0)
    ;

  // Keep the critical section's loads and stores after the acquire.
  __sync_synchronize();

  lk->cpu = mycpu();
  getcallerpcs(&lk, lk->pcs);
}

// Release lk, which this CPU must hold.
void
release(struct spinlock *lk)
{
  if(!holding(lk))
    panic("release");

  lk->pcs[0] = 0;
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

// Does this CPU hold lk?
int
holding(struct spinlock *lk)
{
  int r;

  pushcli();
  r = lk->locked && lk->cpu == mycpu();
  popcli();
  return r;
}

// Disable interrupts, counting nesting: it takes as many popcli as
// pushcli to turn them back on, and only if they were on at the first.
void
pushcli(void)
{
  int eflags;

  eflags = readeflags();
  cli();
  if(mycpu()->ncli == 0)
    mycpu()->intena = eflags & FL_IF;
  mycpu()->ncli += 1;
}

// Undo one pushcli.
void
popcli(void)
{
  if(readeflags()&FL_IF)
    panic("popcli - interruptible");
  if(--mycpu()->ncli < 0)
    panic("popcli");
  if(mycpu()->ncli == 0 && mycpu()->intena)
    sti();
}
