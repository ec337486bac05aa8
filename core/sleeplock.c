// Sleeping locks: held across disk I/O, the waiter gives up its CPU.
#include "core/core.h"

// Initialize lk, unheld.
void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->lk, name);
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
}

// Acquire lk, sleeping while another process holds it.
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  while (lk->locked)
    sleep(lk, &lk->lk);
  lk->locked = 1;
  lk->pid = myproc()->pid;
  myproc()->nsleep++;
  release(&lk->lk);
}

// Release lk and wake its waiters.
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->locked = 0;
  lk->pid = 0;
  myproc()->nsleep--;
  wakeup(lk);
  release(&lk->lk);
}

// Does the current process hold lk?
int
holdingsleep(struct sleeplock *lk)
{
  int r;

  acquire(&lk->lk);
  r = lk->locked && (lk->pid == myproc()->pid);
  release(&lk->lk);
  return r;
}
