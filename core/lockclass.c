// Lock classes: the locks initialised with one name form one class, so
// their counts outlive the objects that embed them (pipes, inodes). Pure
// logic for the host tests; core/spinlock.c serialises the additions.
#include "types.h"
#include "core/lockclass.h"

// Whether a and b are one name once cut to LOCKNAME-1 characters.
static int
samename(const char *a, const char *b)
{
  int i;

  for(i = 0; i < LOCKNAME - 1; i++){
    if(a[i] != b[i])
      return 0;
    if(a[i] == 0)
      return 1;
  }
  return 1;
}

// The class of the locks named name, or -1 if there is none yet. Safe
// beside a lockclassadd on another CPU: it reads only the classes that n
// counts, and lockclassadd fills a class before counting it.
int
lockclassfind(struct lockclasses *t, const char *name)
{
  int i, n;

  n = t->n;
  // Names are mostly string constants: the pointer finds them at once.
  for(i = 0; i < n; i++)
    if(t->key[i] == name)
      return i;
  for(i = 0; i < n; i++)
    if(samename(t->name[i], name))
      return i;
  return -1;
}

// The class of the locks named name, made if new; LOCKOTHER once the
// table is full. Callers must not run two at once.
int
lockclassadd(struct lockclasses *t, const char *name)
{
  int i, n;

  if((i = lockclassfind(t, name)) >= 0)
    return i;
  n = t->n;
  if(n == NLOCKCLASS)
    return LOCKOTHER;
  t->key[n] = name;
  for(i = 0; i < LOCKNAME - 1 && name[i] != 0; i++)
    t->name[n][i] = name[i];
  t->name[n][i] = 0;
  __sync_synchronize();
  t->n = n + 1;
  return n;
}
