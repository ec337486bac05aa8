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

// Are p, q and n all multiples of 4? Then a copy or fill may move whole
// words: the kernel's page copies and clears are, and go 4 times faster.
static int
wordwise(const void *p, const void *q, uint n)
{
  return (((unsigned long)p | (unsigned long)q | n) & 3) == 0;
}

// Copy n bytes from src to dst, correct even when the two overlap;
// return dst.
void *
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;

  if(wordwise(s, d, n) && (d <= s || s + n <= d)){
    for(; n > 0; n -= 4, d += 4, s += 4)
      *(uint *)d = *(const uint *)s;
  } else if(s < d && s + n > d){
    // dst overlaps the tail of src: copy backwards so every byte is
    // read before it is overwritten.
    while(n-- > 0)
      d[n] = s[n];
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// Set n bytes at dst to the byte c; return dst.
void *
memset(void *dst, int c, uint n)
{
  uchar *d = dst;
  uint w = (uchar)c * 0x01010101U;

  if(wordwise(d, d, n)){
    for(; n > 0; n -= 4, d += 4)
      *(uint *)d = w;
    return dst;
  }
  while(n-- > 0)
    *d++ = c;
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
