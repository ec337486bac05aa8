// Mutual exclusion spin lock.
#ifndef MODX6_SPINLOCK_H
#define MODX6_SPINLOCK_H

struct spinlock {
  uint locked;       // is the lock held?
  char *name;        // for debugging
  struct cpu *cpu;   // the cpu holding the lock
#ifdef KDEBUG
  uint pcs[10];      // call stack that locked it (DEBUG=1 only)
#endif
};

#endif
