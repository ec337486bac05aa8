// The benchmark's seeded kernel heap traces: one generator, compiled by
// stress in the guest and by bench/host/hbench.c on the host, so both
// replay the same traces. Needs only types.h and kmreplay.h, no library.
#ifndef MODX6_KMTRACE_H
#define MODX6_KMTRACE_H

#include "types.h"
#include "kmreplay.h"

// xorshift32 and the hashing below wrap at 32 bits on every side.
_Static_assert(sizeof(uint) == 4, "kmtrace.h needs a 32-bit uint");

// Size distributions: powers of two 16..2048; a kernel-like mix (16..256
// seven times in eight, 257..4096 otherwise); one fixed size.
enum { KMT_UNIFORM, KMT_KMIX, KMT_FIXED };
#define KMT_NDIST  3
#define KMT_NAMES  { "uniform", "kmix", "fixed" }

// The standard set: every distribution at these live objects with this
// many churn steps, fixed at KMT_SIZE bytes, from seed KMT_SEED; quick
// drops the last live figure and churns KMT_QCHURN steps.
#define KMT_LIVES  { 100, 1000, 10000 }
#define KMT_NLIVE  3
#define KMT_CHURN  10000
#define KMT_QCHURN 1000
#define KMT_SIZE   64
#define KMT_SEED   1

// One workload: its distribution and parameters.
struct kmtwork {
  int dist;        // KMT_UNIFORM, KMT_KMIX or KMT_FIXED
  uint size;       // KMT_FIXED's size
  uint live;       // objects (or regions) live in the steady state
  uint churn;      // free-then-allocate steps in the steady state
  uint seed;
};

// The seed hash: a start state (Marsaglia's) and an odd multiplier.
#define KMT_HASHBASE 2463534242U
#define KMT_HASHMUL  2654435761U

// The generator's first state for workload w; never 0, which xorshift
// would keep forever.
static inline uint
kmtseed(const struct kmtwork *w)
{
  uint s = KMT_HASHBASE ^ (w->seed * KMT_HASHMUL) ^ (w->live << 8) ^
           (uint)w->dist;

  return s ? s : 1;
}

// Advance generator *rng (xorshift32) and return its new state.
static inline uint
kmtrand(uint *rng)
{
  *rng ^= *rng << 13;
  *rng ^= *rng >> 17;
  *rng ^= *rng << 5;
  return *rng;
}

// A request size from w's distribution, drawn from *rng.
static inline uint
kmtsize(const struct kmtwork *w, uint *rng)
{
  switch(w->dist){
  case KMT_UNIFORM:
    return 16U << (kmtrand(rng) % 8);
  case KMT_KMIX:
    if(kmtrand(rng) % 8 < 7)
      return 16 + kmtrand(rng) % 241;
    return 257 + kmtrand(rng) % 3840;
  default:
    return w->size;
  }
}

// Append the operation (slot, size) to ops, which holds *n.
static inline void
kmtput(struct kmrop *ops, uint *n, uint slot, uint size)
{
  ops[*n].slot = slot;
  ops[*n].size = size;
  (*n)++;
}

// Write w's trace to ops: allocate every one of w->live slots, then
// w->churn steps that each free a random live slot and allocate it
// again, then free all. Returns its length, 2 * (live + churn); ops must
// hold that many. A slot is allocated only when empty, as kmreplay wants.
static inline uint
kmtbuild(const struct kmtwork *w, struct kmrop *ops)
{
  uint i, s, n = 0, rng = kmtseed(w);

  for(i = 0; i < w->live; i++)
    kmtput(ops, &n, i, kmtsize(w, &rng));
  for(i = 0; i < w->churn; i++){
    s = kmtrand(&rng) % w->live;
    kmtput(ops, &n, s, 0);
    kmtput(ops, &n, s, kmtsize(w, &rng));
  }
  for(i = 0; i < w->live; i++)
    kmtput(ops, &n, i, 0);
  return n;
}

#endif
