// Lock classes (core/lockclass.c): the table from lock names to the small
// numbers that index each CPU's lock counters (struct cpu).
#ifndef MODX6_LOCKCLASS_H
#define MODX6_LOCKCLASS_H

#include "types.h"
#include "lockstat.h"

#define NLOCKCLASS 32   // classes the table holds, "other" included
#define LOCKOTHER  0    // the class of locks named once the table is full

// All zero but n and the first name, so the table is complete before
// the first initlock of the boot runs (LOCKCLASSES_INIT).
struct lockclasses {
  volatile int n;                  // classes in use: 0..n-1
  const char *key[NLOCKCLASS];     // the name pointer each class was made for
  char name[NLOCKCLASS][LOCKNAME]; // its name, cut to LOCKNAME-1 characters
};

#define LOCKCLASSES_INIT { .n = 1, .name = { [LOCKOTHER] = "other" } }

int lockclassfind(struct lockclasses *t, const char *name);
int lockclassadd(struct lockclasses *t, const char *name);

#endif
