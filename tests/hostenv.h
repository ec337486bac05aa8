// Host stand-ins for the kernel services the heap uses, so alloc/buddy.c,
// core/kmalloc.c and alloc/*.c build and run natively: locks, per-CPU
// state, panic, and a page source over one big aligned host buffer.
#ifndef MODX6_HOSTENV_H
#define MODX6_HOSTENV_H

#include <sched.h>
#include <setjmp.h>
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
#include "alloc/kalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define HOSTASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTASAN 1
#endif
#endif
#ifdef HOSTASAN
#include <sanitizer/asan_interface.h>
#define hostpoison(p, n)   __asan_poison_memory_region((p), (n))
#define hostunpoison(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define hostpoison(p, n)   ((void)(p), (void)(n))
#define hostunpoison(p, n) ((void)(p), (void)(n))
#endif

// The allocation trace recorder (core/kmrec.c) is kernel only: here it
// is never on, so the heap's hooks never call it.
struct kmcache;
int kmrecon;
void kmrecinit(void) {}
void kmrecname(struct kmcache *c, const char *name, uint size) {}
void kmrecord(int op, struct kmcache *c, uint size, void *p) {}

#ifndef HOSTPAGES
#define HOSTPAGES 16384   // 64 MiB of host pages
#endif

// A CPU is a thread that set hostcpu; ncli and nlock must be 0 between
// heap calls, which is how tests see a leaked pushcli or lock.
struct cpu {
  int ncli;
  int nlock;
  int id;      // the kernel's struct cpu field: set by hostsetcpu
};

static struct cpu hostcpus[NCPU];
static __thread int hostcpu;

// Switch the calling thread to CPU c, as if the scheduler moved it.
static inline void
hostsetcpu(int c)
{
  if (hostcpus[hostcpu].ncli != 0) {
    fprintf(stderr, "hostsetcpu: cpu %d has ncli %d\n", hostcpu,
            hostcpus[hostcpu].ncli);
    abort();
  }
  hostcpu = c;
  hostcpus[c].id = c;
}

// True when the calling CPU holds no lock and has no pushcli pending.
static inline int
hostquiet(void)
{
  return hostcpus[hostcpu].ncli == 0 && hostcpus[hostcpu].nlock == 0;
}

static jmp_buf *hosttrap;
static char hostpanicmsg[256];

// The kernel's panic: jump to the armed trap, else report and abort.
__attribute__((noreturn)) static inline void
panic(const char *s)
{
  snprintf(hostpanicmsg, sizeof(hostpanicmsg), "%s", s);
  if (hosttrap != NULL)
    longjmp(*hosttrap, 1);
  fprintf(stderr, "panic: %s\n", s);
  abort();
}

// Run fn(arg) and return 1 if it panicked (message in hostpanicmsg),
// 0 if it returned. A panic leaves the heap broken: reinitialize it.
static inline int
hostpanics(void (*fn)(void *), void *arg)
{
  jmp_buf jb;

  hostpanicmsg[0] = '\0';
  hosttrap = &jb;
  if (setjmp(jb) == 0) {
    fn(arg);
    hosttrap = NULL;
    return 0;
  }
  hosttrap = NULL;
  for (int i = 0; i < NCPU; i++)
    hostcpus[i].ncli = hostcpus[i].nlock = 0;
  return 1;
}

static inline void
cprintf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
}

static inline struct cpu *
mycpu(void)
{
  return &hostcpus[hostcpu];
}

// Like the kernel's: only meaningful, so only allowed, with pushcli held.
static inline int
cpuid(void)
{
  if (hostcpus[hostcpu].ncli == 0)
    panic("cpuid called with interrupts enabled");
  return hostcpu;
}

// The kernel parks the other CPUs to reach into their per-CPU state
// (kmreap); the tests call kmreap only while no other thread is in the
// heap, so there is nothing to stop.
static inline void parkothers(void) {}
static inline void unparkothers(void) {}

static inline void
pushcli(void)
{
  hostcpus[hostcpu].ncli++;
}

static inline void
popcli(void)
{
  if (--hostcpus[hostcpu].ncli < 0)
    panic("popcli");
}

static inline void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = NULL;
}

static inline int
holding(struct spinlock *lk)
{
  return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) &&
         lk->cpu == mycpu();
}

// A real spin lock, so tests may run one thread per CPU.
static inline void
acquire(struct spinlock *lk)
{
  pushcli();
  if (holding(lk))
    panic("acquire");
  // Threads outnumber cores here: yield rather than spin out a time slice.
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
    sched_yield();
  lk->cpu = mycpu();
  mycpu()->nlock++;
}

static inline void
release(struct spinlock *lk)
{
  if (!holding(lk))
    panic("release");
  mycpu()->nlock--;
  lk->cpu = NULL;
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
  popcli();
}

// The page source: the real buddy allocator over a host buffer, locked
// like kalloc.c. Free pages are poisoned for ASan, so any touch of a
// page the heap gave back is reported.
static struct {
  struct spinlock lock;
  struct buddy b;
  char *buf;
  struct pageinfo *meta;
  uint npages;
  uint out;      // pages handed out and not yet freed
  uint limit;    // refuse runs that would take out past this; 0: no limit
} hostpg;

// (Re)start the page source with npages free pages (at most HOSTPAGES).
static inline void
hostpagesinit(uint npages)
{
  uint align = PGSIZE << KMAXORDER;

  if (hostpg.buf == NULL) {
    hostpg.buf = aligned_alloc(align, (size_t)HOSTPAGES * PGSIZE);
    hostpg.meta = malloc(HOSTPAGES * sizeof(struct pageinfo));
    if (hostpg.buf == NULL || hostpg.meta == NULL)
      abort();
  }
  if (npages > HOSTPAGES)
    abort();
  initlock(&hostpg.lock, "hostpg");
  hostpg.npages = npages;
  hostpg.out = 0;
  hostpg.limit = 0;
  hostpoison(hostpg.buf, (size_t)HOSTPAGES * PGSIZE);
  buddyinit(&hostpg.b, hostpg.buf, npages, hostpg.meta);
  if (buddyadd(&hostpg.b, hostpg.buf, hostpg.buf + (size_t)npages * PGSIZE))
    abort();
}

void *
kallocpages(int order)
{
  char *p;

  acquire(&hostpg.lock);
  p = NULL;
  if (hostpg.limit == 0 || hostpg.out + (1u << order) <= hostpg.limit)
    p = buddyalloc(&hostpg.b, order);
  if (p != NULL) {
    hostpg.out += 1u << order;
    hostunpoison(p, (size_t)PGSIZE << order);
  }
  release(&hostpg.lock);
  return p;
}

void
kfreepages(void *va, int order)
{
  int err;

  // Poison under the lock: once it is released the pages may be reused.
  acquire(&hostpg.lock);
  err = buddyfree(&hostpg.b, va, order);
  if (err == 0) {
    hostpg.out -= 1u << order;
    hostpoison(va, (size_t)PGSIZE << order);
  }
  release(&hostpg.lock);
  if (err != 0)
    panic(buddyerr(err));
}

struct pageinfo *
kpageinfo(void *va)
{
  return buddyinfo(&hostpg.b, va);
}

#endif
