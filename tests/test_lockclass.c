// Host tests for the lock class table (core/lockclass.c): locks of one
// name share a class whatever the name's address, a long name is cut,
// and a full table folds new names into "other" instead of failing.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/lockclass.c"

// A fresh table in the state the kernel's starts in.
static struct lockclasses
fresh(void)
{
  struct lockclasses t = LOCKCLASSES_INIT;

  return t;
}

// Class 0 is "other" from the start; the first name made is class 1.
static void
test_start(void **state)
{
  struct lockclasses t = fresh();

  (void)state;
  assert_int_equal(t.n, 1);
  assert_int_equal(lockclassfind(&t, "other"), LOCKOTHER);
  assert_int_equal(lockclassfind(&t, "pipe"), -1);
  assert_int_equal(lockclassadd(&t, "pipe"), 1);
  assert_int_equal(lockclassfind(&t, "pipe"), 1);
  assert_string_equal(t.name[1], "pipe");
}

// The same text at another address is the same class; other text is not.
static void
test_same_name(void **state)
{
  struct lockclasses t = fresh();
  char copy[] = "inode";
  int a, b;

  (void)state;
  a = lockclassadd(&t, "inode");
  b = lockclassadd(&t, "buffer");
  assert_int_not_equal(a, b);
  assert_int_equal(lockclassadd(&t, copy), a);
  assert_int_equal(lockclassfind(&t, copy), a);
  assert_int_equal(lockclassadd(&t, "inode"), a);
  assert_int_equal(lockclassadd(&t, "inod"), 3);
  assert_int_equal(t.n, 4);
}

// Names past LOCKNAME-1 characters are cut: two that differ only
// after that are one class, stored cut and NUL-terminated.
static void
test_long_name(void **state)
{
  struct lockclasses t = fresh();
  const char *a = "averyveryverylongname-a";
  char b[] = "averyveryverylongname-b";
  int c;

  (void)state;
  c = lockclassadd(&t, a);
  assert_int_equal(lockclassadd(&t, b), c);
  assert_int_equal(strlen(t.name[c]), LOCKNAME - 1);
  assert_memory_equal(t.name[c], a, LOCKNAME - 1);
}

// A full table answers "other" for a new name and keeps the old ones.
static void
test_full(void **state)
{
  struct lockclasses t = fresh();
  char names[NLOCKCLASS + 4][LOCKNAME];
  int i;

  (void)state;
  for(i = 0; i < NLOCKCLASS + 4; i++)
    snprintf(names[i], LOCKNAME, "lock%d", i);
  for(i = 1; i < NLOCKCLASS; i++)
    assert_int_equal(lockclassadd(&t, names[i]), i);
  assert_int_equal(t.n, NLOCKCLASS);
  for(i = NLOCKCLASS; i < NLOCKCLASS + 4; i++){
    assert_int_equal(lockclassadd(&t, names[i]), LOCKOTHER);
    assert_int_equal(lockclassfind(&t, names[i]), -1);
  }
  assert_int_equal(t.n, NLOCKCLASS);
  for(i = 1; i < NLOCKCLASS; i++)
    assert_int_equal(lockclassfind(&t, names[i]), i);
}

// Run every test; the exit status is the number that failed.
int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_start),
    cmocka_unit_test(test_same_name),
    cmocka_unit_test(test_long_name),
    cmocka_unit_test(test_full),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
