// Mutual exclusion spin lock.
#ifndef MODX6_SPINLOCK_H
#define MODX6_SPINLOCK_H

struct spinlock {
  uint locked;       // is the lock held?
  uint class;        // its lock class: which of each CPU's counters it bumps
  char *name;        // for panics; the locks of one name form a class
  struct cpu *cpu;   // the cpu holding the lock
#ifdef KDEBUG
  uint pcs[10];      // call stack that locked it (DEBUG=1 only)
#endif
};

#endif
