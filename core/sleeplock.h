// Long-term lock for processes: the holder may sleep.
#ifndef MODX6_SLEEPLOCK_H
#define MODX6_SLEEPLOCK_H

struct sleeplock {
  uint locked;       // is the lock held?
  struct spinlock lk; // spinlock protecting this sleep lock
  char *name;
  int pid;           // process holding lock
};

#endif
