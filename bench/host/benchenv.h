// The kernel services the heap sources need, for timing them natively:
// one CPU, locks and interrupt masking compiled out, panic aborts, and
// pages from the kernel's own buddy allocator over one host buffer.
#ifndef MODX6_BENCHENV_H
#define MODX6_BENCHENV_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Keep core/core.h out: this file supplies what the heap needs from it.
#define MODX6_CORE_H

#include "types.h"
#include "param.h"
#include "mmu.h"
#include "core/compiler.h"
#include "core/spinlock.h"
#include "alloc/buddy.h"

#define BENCHPAGES 32768   // 128 MiB of host pages; untouched ones cost nothing

// The kernel's panic: a benchmark has no way to go on.
__attribute__((noreturn)) static inline void
panic(const char *s)
{
  fprintf(stderr, "panic: %s\n", s);
  abort();
}

// The kernel's console printf, to stderr.
static inline void
cprintf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
}

// One CPU and no interrupts: masking and locking do nothing.
static inline void pushcli(void) {}
static inline void popcli(void) {}
static inline int cpuid(void) { return 0; }
static inline void initlock(struct spinlock *lk, char *name) { lk->name = name; }
static inline void acquire(struct spinlock *lk) { (void)lk; }
static inline void release(struct spinlock *lk) { (void)lk; }

// One CPU: there are no others to park.
static inline void parkothers(void) {}
static inline void unparkothers(void) {}

// The allocation trace recorder (core/kmrec.c) is kernel only: here it
// is never on, so the heap's hooks never call it.
struct kmcache;
int kmrecon;
void kmrecinit(void) {}
void kmrecname(struct kmcache *c, const char *name, uint size) {}
void kmrecord(int op, struct kmcache *c, uint size, void *p) {}

// The page source: the kernel's buddy allocator over an aligned buffer.
static struct {
  struct buddy b;
  char *buf;
  struct pageinfo *meta;
} benchpg;

// Set up the page source with BENCHPAGES free pages.
static inline void
benchpagesinit(void)
{
  size_t bytes = (size_t)BENCHPAGES * PGSIZE;

  benchpg.buf = aligned_alloc(PGSIZE << KMAXORDER, bytes);
  benchpg.meta = calloc(BENCHPAGES, sizeof(struct pageinfo));
  if (benchpg.buf == NULL || benchpg.meta == NULL)
    panic("benchpagesinit: no host memory");
  buddyinit(&benchpg.b, benchpg.buf, BENCHPAGES, benchpg.meta);
  if (buddyadd(&benchpg.b, benchpg.buf, benchpg.buf + bytes) != 0)
    panic("benchpagesinit: buddyadd");
}

// 2^order contiguous pages, or NULL when no run that large is free.
void *
kallocpages(int order)
{
  return buddyalloc(&benchpg.b, order);
}

// Give back 2^order pages from kallocpages; a bad call is a panic.
void
kfreepages(void *va, int order)
{
  int err = buddyfree(&benchpg.b, va, order);

  if (err != 0)
    panic(buddyerr(err));
}

// The metadata of the page holding va, or NULL outside the buffer.
struct pageinfo *
kpageinfo(void *va)
{
  return buddyinfo(&benchpg.b, va);
}

#endif
