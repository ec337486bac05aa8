// Host tests for skipelem (fs/path.c): how path lookup splits the
// paths users pass to open, mkdir, unlink and friends.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fs/path.c"

// Fill name with a marker so a missing or misplaced NUL shows up.
static void
poison(char *name, int n)
{
  memset(name, '#', n);
}

// A plain relative path: first element out, rest back.
static void
test_relative(void **state)
{
  char path[] = "a/bb/c";
  char name[DIRSIZ + 1];
  char *rest;

  (void)state;
  rest = skipelem(path, name);
  assert_string_equal(name, "a");
  assert_string_equal(rest, "bb/c");
  rest = skipelem(rest, name);
  assert_string_equal(name, "bb");
  assert_string_equal(rest, "c");
}

// Leading and repeated slashes are skipped on both sides of an element.
static void
test_slashes(void **state)
{
  char path[] = "///usr//bin///ls";
  char name[DIRSIZ + 1];
  char *rest;

  (void)state;
  rest = skipelem(path, name);
  assert_string_equal(name, "usr");
  assert_string_equal(rest, "bin///ls");
  rest = skipelem(rest, name);
  assert_string_equal(name, "bin");
  assert_string_equal(rest, "ls");
}

// The last element returns an empty rest, not NULL.
static void
test_last(void **state)
{
  char path[] = "ls";
  char trailing[] = "dir//";
  char name[DIRSIZ + 1];
  char *rest;

  (void)state;
  rest = skipelem(path, name);
  assert_non_null(rest);
  assert_string_equal(name, "ls");
  assert_string_equal(rest, "");
  rest = skipelem(trailing, name);
  assert_non_null(rest);
  assert_string_equal(name, "dir");
  assert_string_equal(rest, "");
}

// Paths with no element at all return NULL and leave name alone.
static void
test_empty(void **state)
{
  char empty[] = "";
  char root[] = "/";
  char slashes[] = "////";
  char name[DIRSIZ + 1];

  (void)state;
  poison(name, sizeof(name));
  assert_null(skipelem(empty, name));
  assert_null(skipelem(root, name));
  assert_null(skipelem(slashes, name));
  assert_int_equal(name[0], '#');
}

// A longer element is cut to DIRSIZ bytes; the rest starts after all of it.
static void
test_long(void **state)
{
  char path[] = "abcdefghijklmnopqrstuvwxyz/next";
  char name[DIRSIZ + 1];
  char *rest;

  (void)state;
  poison(name, sizeof(name));
  rest = skipelem(path, name);
  assert_memory_equal(name, "abcdefghijklmn", DIRSIZ);
  assert_int_equal(name[DIRSIZ], '#');
  assert_string_equal(rest, "next");
}

// An element of exactly DIRSIZ bytes fills name with no NUL after it.
static void
test_exact(void **state)
{
  char path[] = "/0123456789abcd/x";
  char name[DIRSIZ + 1];
  char *rest;

  (void)state;
  poison(name, sizeof(name));
  rest = skipelem(path, name);
  assert_memory_equal(name, "0123456789abcd", DIRSIZ);
  assert_int_equal(name[DIRSIZ], '#');
  assert_string_equal(rest, "x");
}

// A shorter element is NUL-terminated right after its last byte.
static void
test_terminated(void **state)
{
  char path[] = "abc";
  char name[DIRSIZ + 1];

  (void)state;
  poison(name, sizeof(name));
  skipelem(path, name);
  assert_memory_equal(name, "abc", 4);
  assert_int_equal(name[4], '#');
}

// Walking a whole path visits each element once, then reports the end.
static void
test_walk(void **state)
{
  char path[] = "/a/b/c/";
  const char *want[] = { "a", "b", "c" };
  char name[DIRSIZ + 1];
  char *p = path;
  int n = 0;

  (void)state;
  while((p = skipelem(p, name)) != NULL){
    assert_true(n < 3);
    assert_string_equal(name, want[n]);
    n++;
  }
  assert_int_equal(n, 3);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_relative),
    cmocka_unit_test(test_slashes),
    cmocka_unit_test(test_last),
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_long),
    cmocka_unit_test(test_exact),
    cmocka_unit_test(test_terminated),
    cmocka_unit_test(test_walk),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
