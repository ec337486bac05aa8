// Benchmark system call kmreplay: replay a user's trace of kmalloc/kmfree
// operations inside one call, timing each with the time-stamp counter, so
// the figure is the allocator's and not the trap's (see bench/README.md).
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"
#include "kmreplay.h"

#define CHUNK     (PGSIZE / sizeof(struct kmrop))  // operations copied at once
#define SLOTORDER 4     // slot table pages: 2^4 hold KMR_MAXSLOTS pointers
#define NEMPTY    16    // empty measurements; the cheapest is the overhead

// One replay's state; every buffer is the call's own.
struct replay {
  void **slot;            // live blocks, by slot
  uint top;               // slots from here up were never allocated
  struct kmrop *ops;      // the chunk of the trace being replayed
  uint *costs;            // its costs
  uint base_live;         // the heap's live_bytes when the replay began
  uint base_held;         // and its held_bytes
  struct kmrres res;
};

// The cost in ticks of an empty measurement, which every cost includes.
static uint
emptycost(void)
{
  uint i, t0, t, best = ~0U;

  for(i = 0; i < NEMPTY; i++){
    pushcli();
    t0 = rdtsc32();
    t = rdtsc32() - t0;
    popcli();
    if(t < best)
      best = t;
  }
  return best;
}

// Fold the heap's current figures into the peaks; a figure below its
// level at the start (another process freed) counts as 0. kmtally, not
// kmstats, here and for the levels at the start: kmstats takes every
// cache's lock, and the replay would count its own lock traffic (stress
// -w smp).
static void
peaks(struct replay *r)
{
  struct kmstats st;

  kmtally(&st);
  if(st.live_bytes > r->base_live + r->res.peak_live)
    r->res.peak_live = st.live_bytes - r->base_live;
  if(st.held_bytes > r->base_held + r->res.peak_held)
    r->res.peak_held = st.held_bytes - r->base_held;
}

// Run op with interrupts off, so that no interrupt handler is counted,
// and put its cost in *cost: 0, or -1 if op is out of range.
static int
step(struct replay *r, struct kmrop *op, uint *cost)
{
  void **s;
  uint t0, t;

  if(op->slot >= KMR_MAXSLOTS || op->size > KMR_MAXSIZE)
    return -1;
  s = &r->slot[op->slot];
  if(op->size > 0 && *s != NULL)
    return -1;
  if(op->size > 0 && op->slot >= r->top)
    r->top = op->slot + 1;
  pushcli();
  t0 = rdtsc32();
  if(op->size > 0)
    *s = kmalloc(op->size);
  else
    kmfree(*s);
  t = rdtsc32() - t0;
  popcli();
  if(op->size > 0 && *s == NULL)
    r->res.fails++;
  if(op->size == 0)
    *s = NULL;
  *cost = t > r->res.overhead ? t - r->res.overhead : 0;
  // Only an allocation can raise a peak.
  if(op->size > 0)
    peaks(r);
  return 0;
}

// Replay n operations from uops, writing costs to ucosts a chunk at a
// time: 0, or -1 on a bad pointer or operation.
static int
replay(struct replay *r, const struct kmrop __user *uops,
       uint __user *ucosts, uint n)
{
  uint i, k, m;

  for(i = 0; i < n; i += m){
    m = n - i < CHUNK ? n - i : CHUNK;
    if(copyin(r->ops, uops + i, m * sizeof(*uops)) < 0)
      return -1;
    for(k = 0; k < m; k++)
      if(step(r, &r->ops[k], &r->costs[k]) < 0)
        return -1;
    if(copyout(ucosts + i, r->costs, m * sizeof(*ucosts)) < 0)
      return -1;
  }
  return 0;
}

// Free every block the trace left live.
static void
freeall(struct replay *r)
{
  uint i;

  for(i = 0; i < r->top; i++){
    kmfree(r->slot[i]);
    r->slot[i] = NULL;
  }
}

// Get the call's buffers: 0, or -1 when out of memory (nothing held).
static int
getbufs(struct replay *r)
{
  r->slot = kallocpages(SLOTORDER);
  r->ops = (struct kmrop*)kalloc();
  r->costs = (uint*)kalloc();
  if(r->slot == NULL || r->ops == NULL || r->costs == NULL){
    if(r->slot)
      kfreepages(r->slot, SLOTORDER);
    if(r->ops)
      kfree((char*)r->ops);
    if(r->costs)
      kfree((char*)r->costs);
    return -1;
  }
  memset(r->slot, 0, PGSIZE << SLOTORDER);
  return 0;
}

// kmreplay(ops, n, costs, res): replay the trace; 0, or -1 on a bad
// argument. The free-page counts bracket the replay with the call's own
// buffers already taken, so they match unless the heap kept pages. A
// NULL res asks for the replay alone: no figures, and no kmreap, which
// parks every other CPU and would dominate a run on several (stress -w
// smp).
int
sys_kmreplay(void)
{
  void __user *uops, *ucosts, *ures;
  struct replay r;
  struct kmstats st;
  int n, err;

  if(argint(1, &n) < 0 || n < 0 || n > KMR_MAXOPS)
    return -1;
  if(argptr(0, &uops, n * sizeof(struct kmrop)) < 0 ||
     argptr(2, &ucosts, n * sizeof(uint)) < 0 ||
     argptr(3, &ures, sizeof(struct kmrres)) < 0)
    return -1;
  memset(&r, 0, sizeof(r));
  if(getbufs(&r) < 0)
    return -1;
  if(ures != NULL)
    kmreap();
  r.res.pages_before = kfreecount();
  kmtally(&st);
  r.base_live = st.live_bytes;
  r.base_held = st.held_bytes;
  r.res.overhead = emptycost();
  err = replay(&r, uops, ucosts, n);
  freeall(&r);
  if(ures != NULL)
    kmreap();
  r.res.pages_after = kfreecount();
  kfreepages(r.slot, SLOTORDER);
  kfree((char*)r.ops);
  kfree((char*)r.costs);
  if(err < 0)
    return -1;
  if(ures == NULL)
    return 0;
  return copyout(ures, &r.res, sizeof(r.res));
}
