// Freestanding string and memory helpers for the kernel. Only types.h
// is included so the file also compiles natively for the host tests.
#include "types.h"

// The same declarations as in core/core.h, which this file cannot include.
int   memcmp(const void *v1, const void *v2, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memset(void *dst, int c, uint n);
void *memcpy(void *dst, const void *src, uint n);
char *safestrcpy(char *s, const char *t, int n);
int   strlen(const char *s);
int   strncmp(const char *p, const char *q, uint n);
char *strncpy(char *s, const char *t, int n);

// Return <0, 0 or >0 as the first n bytes of v1 sort below, equal to or
// above those of v2, comparing unsigned bytes.
int
memcmp(const void *v1, const void *v2, uint n)
{
  const uchar *s1 = v1, *s2 = v2;

  for(; n > 0; n--, s1++, s2++)
    if(*s1 != *s2)
      return *s1 - *s2;
  return 0;
}

// Copy n bytes forward from s to d with the string instructions, words
// then the odd bytes: one instruction per word under QEMU against four
// for a C loop. The compiler keeps the direction flag clear.
static void
copyfwd(char *d, const char *s, uint n)
{
  unsigned long words = n / 4, bytes = n % 4;

  asm volatile("rep movsl\n\tmov %3, %2\n\trep movsb"
               : "+D" (d), "+S" (s), "+c" (words)
               : "r" (bytes)
               : "memory");
}

// Copy n bytes from src to dst, correct even when the two overlap;
// return dst.
void *
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;

  if(s < d && s + n > d){
    // dst overlaps the tail of src: copy backwards so every byte is
    // read before it is overwritten. Rare, so a plain loop.
    while(n-- > 0)
      d[n] = s[n];
  } else
    copyfwd(d, s, n);
  return dst;
}

// Set n bytes at dst to the byte c, words then the odd bytes with the
// string instructions; return dst.
void *
memset(void *dst, int c, uint n)
{
  unsigned long words = n / 4, bytes = n % 4;
  uint w = (uchar)c * 0x01010101U;
  void *d = dst;

  asm volatile("rep stosl\n\tmov %2, %1\n\trep stosb"
               : "+D" (d), "+c" (words)
               : "r" (bytes), "a" (w)
               : "memory");
  return dst;
}

// Copy n bytes from src to dst; they may overlap (memcpy is memmove here,
// which costs little and removes a class of bugs). Return dst.
void *
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

// Copy the string t into s, a buffer of n bytes, truncating if needed;
// s is always NUL-terminated when n > 0. Return s.
char *
safestrcpy(char *s, const char *t, int n)
{
  char *d = s;

  if(n <= 0)
    return s;
  while(--n > 0 && *t)
    *d++ = *t++;
  *d = 0;
  return s;
}

// Return the number of bytes in s before its NUL.
int
strlen(const char *s)
{
  int n = 0;

  while(s[n])
    n++;
  return n;
}

// Compare at most n bytes of strings p and q as unsigned bytes,
// stopping at a NUL; return <0, 0 or >0.
int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0; n--, p++, q++)
    if(*p == 0 || *p != *q)
      return (uchar)*p - (uchar)*q;
  return 0;
}

// Copy at most n bytes of the string t into s and pad with NULs to n
// bytes; like C's strncpy, s is not terminated if t has n or more
// bytes. Return s.
char *
strncpy(char *s, const char *t, int n)
{
  char *d = s;

  for(; n > 0 && *t; n--)
    *d++ = *t++;
  for(; n > 0; n--)
    *d++ = 0;
  return s;
}
