// Host tests for the kernel's string helpers (core/string.c): the
// copying, filling and comparing that the rest of the kernel relies on.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

// Rename the functions under test so they do not clash with libc's.
#define memcmp kmemcmp
#define memmove kmemmove
#define memset kmemset
#define memcpy kmemcpy
#define strlen kstrlen
#define strncmp kstrncmp
#define strncpy kstrncpy
#include "core/string.c"

// Moving a range to a higher, overlapping address keeps the bytes intact.
static void
test_memmove_up(void **state)
{
  char buf[] = "abcdefgh";

  (void)state;
  assert_ptr_equal(kmemmove(buf + 2, buf, 5), buf + 2);
  assert_memory_equal(buf, "ababcdeh", 9);
}

// Moving a range to a lower, overlapping address keeps the bytes intact.
static void
test_memmove_down(void **state)
{
  char buf[] = "abcdefgh";

  (void)state;
  assert_ptr_equal(kmemmove(buf, buf + 2, 5), buf);
  assert_memory_equal(buf, "cdefgfgh", 9);
}

// Zero-length moves and copies touch nothing; disjoint copies are exact.
static void
test_copy_plain(void **state)
{
  char src[] = "0123456789";
  char dst[] = "XXXXXXXXXX";

  (void)state;
  assert_ptr_equal(kmemmove(dst, src, 0), dst);
  assert_ptr_equal(kmemcpy(dst, src, 0), dst);
  assert_memory_equal(dst, "XXXXXXXXXX", 11);
  assert_ptr_equal(kmemcpy(dst + 1, src, 4), dst + 1);
  assert_memory_equal(dst, "X0123XXXXX", 11);
  kmemmove(dst, dst, 10);
  assert_memory_equal(dst, "X0123XXXXX", 11);
}

// Word-aligned ranges, which may be copied a word at a time, still move
// correctly in both overlapping directions and stop at n bytes.
static void
test_aligned(void **state)
{
  unsigned int w[6];
  unsigned char *b = (unsigned char *)w;
  unsigned char want[24];
  int i;

  (void)state;
  for(i = 0; i < 24; i++)
    b[i] = want[i] = i;
  kmemmove(b + 4, b, 16);
  for(i = 0; i < 16; i++)
    want[i + 4] = i;
  assert_memory_equal(b, want, 24);
  for(i = 0; i < 24; i++)
    b[i] = want[i] = i;
  kmemmove(b, b + 8, 12);
  for(i = 0; i < 12; i++)
    want[i] = i + 8;
  assert_memory_equal(b, want, 24);
  kmemcpy(b + 12, b, 8);
  kmemcpy(want + 12, want, 8);
  assert_memory_equal(b, want, 24);
  assert_ptr_equal(kmemset(b + 4, 0x1ab, 16), b + 4);
  for(i = 4; i < 20; i++)
    want[i] = 0xab;
  assert_memory_equal(b, want, 24);
}

// Every length 0..40 at every misalignment of source and destination
// copies and fills exactly n bytes (the word part and the odd tail), and
// leaves the bytes around them alone.
static void
test_tails(void **state)
{
  unsigned char src[64], dst[64], want[64];
  int i, n, a, b;

  (void)state;
  for(i = 0; i < 64; i++)
    src[i] = 100 + i;
  for(n = 0; n <= 40; n++)
    for(a = 0; a < 4; a++)
      for(b = 0; b < 4; b++){
        memset(dst, 0xee, 64);
        memcpy(want, dst, 64);
        memcpy(want + 8 + b, src + a, n);
        assert_ptr_equal(kmemmove(dst + 8 + b, src + a, n), dst + 8 + b);
        assert_memory_equal(dst, want, 64);
        memset(want + 8 + b, 0x5a, n);
        assert_ptr_equal(kmemset(dst + 8 + b, 0x15a, n), dst + 8 + b);
        assert_memory_equal(dst, want, 64);
      }
}

// memset writes exactly n bytes of the low byte of c.
static void
test_memset(void **state)
{
  unsigned char buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  unsigned char want[8] = { 1, 0x41, 0x41, 0x41, 5, 6, 7, 8 };

  (void)state;
  assert_ptr_equal(kmemset(buf + 1, 0x141, 3), buf + 1);
  assert_memory_equal(buf, want, 8);
  kmemset(buf, 0, 0);
  assert_memory_equal(buf, want, 8);
}

// memcmp orders by the first differing byte, taken as unsigned.
static void
test_memcmp(void **state)
{
  (void)state;
  assert_int_equal(kmemcmp("abc", "abc", 3), 0);
  assert_int_equal(kmemcmp("abX", "abY", 2), 0);
  assert_true(kmemcmp("abX", "abY", 3) < 0);
  assert_true(kmemcmp("abY", "abX", 3) > 0);
  assert_true(kmemcmp("\x80", "\x01", 1) > 0);
  assert_int_equal(kmemcmp("a", "b", 0), 0);
}

// strncmp stops at n bytes or at the first NUL, comparing unsigned bytes.
static void
test_strncmp(void **state)
{
  (void)state;
  assert_int_equal(kstrncmp("abc", "abd", 2), 0);
  assert_true(kstrncmp("abc", "abd", 3) < 0);
  assert_true(kstrncmp("abd", "abc", 3) > 0);
  assert_int_equal(kstrncmp("ab\0x", "ab\0y", 4), 0);
  assert_true(kstrncmp("ab", "abc", 5) < 0);
  assert_true(kstrncmp("abc", "ab", 5) > 0);
  assert_true(kstrncmp("\xff", "a", 1) > 0);
  assert_int_equal(kstrncmp("x", "y", 0), 0);
}

// strlen counts the bytes before the NUL.
static void
test_strlen(void **state)
{
  (void)state;
  assert_int_equal(kstrlen(""), 0);
  assert_int_equal(kstrlen("hello"), 5);
  assert_int_equal(kstrlen("ab\0cd"), 2);
}

// safestrcpy truncates to fit and always terminates.
static void
test_safestrcpy(void **state)
{
  char buf[8];

  (void)state;
  memset(buf, '#', sizeof(buf));
  assert_ptr_equal(safestrcpy(buf, "hello", 3), buf);
  assert_memory_equal(buf, "he\0#####", 8);
  memset(buf, '#', sizeof(buf));
  safestrcpy(buf, "abc", 4);
  assert_memory_equal(buf, "abc\0####", 8);
  memset(buf, '#', sizeof(buf));
  safestrcpy(buf, "abc", 1);
  assert_memory_equal(buf, "\0#######", 8);
  safestrcpy(buf, "abc", 0);
  assert_memory_equal(buf, "\0#######", 8);
}

// strncpy pads short strings with NULs to n and leaves long ones
// unterminated, writing nothing past n.
static void
test_strncpy(void **state)
{
  char buf[8];

  (void)state;
  memset(buf, '#', sizeof(buf));
  assert_ptr_equal(kstrncpy(buf, "ab", 5), buf);
  assert_memory_equal(buf, "ab\0\0\0###", 8);
  memset(buf, '#', sizeof(buf));
  kstrncpy(buf, "hello", 3);
  assert_memory_equal(buf, "hel#####", 8);
  kstrncpy(buf, "zz", 0);
  assert_memory_equal(buf, "hel#####", 8);
}

// Run every test; the exit status is the number that failed.
int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_memmove_up),
    cmocka_unit_test(test_memmove_down),
    cmocka_unit_test(test_copy_plain),
    cmocka_unit_test(test_aligned),
    cmocka_unit_test(test_memset),
    cmocka_unit_test(test_tails),
    cmocka_unit_test(test_memcmp),
    cmocka_unit_test(test_strncmp),
    cmocka_unit_test(test_strlen),
    cmocka_unit_test(test_safestrcpy),
    cmocka_unit_test(test_strncpy),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
