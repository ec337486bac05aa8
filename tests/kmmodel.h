// A model of the kernel heap for tests: the live blocks with their fill
// bytes, and the checks every kmalloc and kmfree must pass. Shared by
// tests/test_kr.c, tests/test_slab.c and tests/fuzz_kmalloc.c; include it
// after tests/hostenv.h and the heap sources.
#ifndef MODX6_KMMODEL_H
#define MODX6_KMMODEL_H

#define NSLOT 4096

struct slot {
  char *p;       // the block, or NULL
  uint n;        // bytes asked for
};

// What the heap's counters must read, per model; one model per thread.
struct model {
  struct slot slot[NSLOT];
  uint allocs;
  uint frees;
  uint fails;
  uint live;         // sum of n over live slots
  uint rng;
  uint fill;         // fill byte of the next block
  char err[160];     // the first failed check, or ""
};

// One byte per 8 bytes of host pages: 1 while a live block covers them.
static uchar *shadow;
static const uchar zeros[KMALLOC_MAX / 8 + 1];

// Record the first failed check in m; returns -1.
static inline int
modelfail(struct model *m, const char *what, void *p, uint n)
{
  if (m->err[0] == '\0')
    snprintf(m->err, sizeof(m->err), "%s: %p size %u", what, p, n);
  return -1;
}

static inline uint
modelrand(struct model *m)
{
  m->rng ^= m->rng << 13;
  m->rng ^= m->rng >> 17;
  m->rng ^= m->rng << 5;
  return m->rng;
}

// Reset m with a random seed; the shared heap is not touched.
static inline void
modelreset(struct model *m, uint seed)
{
  memset(m, 0, sizeof(*m));
  m->rng = seed | 1;
}

// Start a fresh heap over npages host pages, and one model of it.
static inline void
modelinit(struct model *m, uint npages, uint seed)
{
  hostpagesinit(npages);
  if (shadow == NULL && (shadow = malloc(HOSTPAGES * (PGSIZE / 8))) == NULL)
    abort();
  memset(shadow, 0, HOSTPAGES * (PGSIZE / 8));
  hostsetcpu(0);
  kmallocinit();
  modelreset(m, seed);
}

// 1 if the page source could not give a run of 64 pages (order 6, the
// most either allocator asks for at once): only then may kmalloc fail.
static inline int
modelfull(void)
{
  int k;

  if (hostpg.limit != 0 && hostpg.out + 64 > hostpg.limit)
    return 1;
  for (k = 6; k <= KMAXORDER; k++)
    if (hostpg.b.free[k] != NULL)
      return 0;
  return 1;
}

// Check that block p of n bytes is aligned, inside heap pages, and
// overlaps no live block; then claim it in the shadow.
static inline int
modelclaim(struct model *m, char *p, uint n)
{
  size_t off = p - hostpg.buf;
  char *q;

  if (p < hostpg.buf || off + n > (size_t)hostpg.npages * PGSIZE)
    return modelfail(m, "block outside the host pages", p, n);
  if (off % KMALIGN != 0)
    return modelfail(m, "block misaligned", p, n);
  for (q = p; q < p + n; q += PGSIZE - (q - hostpg.buf) % PGSIZE)
    if (kpageinfo(q)->owner == NULL || kpageinfo(q)->state == PG_FREE)
      return modelfail(m, "block in a page the heap does not hold", p, n);
  if (memcmp(shadow + off / 8, zeros, (n + 7) / 8) != 0)
    return modelfail(m, "block overlaps a live block", p, n);
  memset(shadow + off / 8, 1, (n + 7) / 8);
  return 0;
}

// kmalloc n bytes into slot i (empty) and check the result.
static inline int
modelalloc(struct model *m, int i, uint n)
{
  char *p = kmalloc(n);

  if (!hostquiet())
    return modelfail(m, "kmalloc left a lock or pushcli", p, n);
  if (p == NULL) {
    m->fails++;
    if (n != 0 && n <= KMALLOC_MAX && !modelfull())
      return modelfail(m, "kmalloc failed with memory free", p, n);
    return 0;
  }
  m->allocs++;
  if (n == 0 || n > KMALLOC_MAX)
    return modelfail(m, "kmalloc of a bad size returned a block", p, n);
  if (modelclaim(m, p, n) < 0)
    return -1;
  m->fill++;
  memset(p, m->fill, n);
  m->slot[i].p = p;
  m->slot[i].n = n;
  m->live += n;
  return 0;
}

// Check slot i's fill bytes, then kmfree it.
static inline int
modelfree(struct model *m, int i)
{
  struct slot *s = &m->slot[i];

  if (s->n > 1 && memcmp(s->p, s->p + 1, s->n - 1) != 0)
    return modelfail(m, "live block changed", s->p, s->n);
  memset(shadow + (s->p - hostpg.buf) / 8, 0, (s->n + 7) / 8);
  kmfree(s->p);
  if (!hostquiet())
    return modelfail(m, "kmfree left a lock or pushcli", s->p, s->n);
  m->frees++;
  m->live -= s->n;
  s->p = NULL;
  return 0;
}

// Return a request size: mostly small, sometimes up to KMALLOC_MAX.
static inline uint
modelsize(struct model *m)
{
  uint r = modelrand(m) % 100;

  if (r < 60)
    return 1 + modelrand(m) % 256;
  if (r < 85)
    return 1 + modelrand(m) % 4096;
  if (r < 97)
    return 1 + modelrand(m) % 32768;
  return 1 + modelrand(m) % KMALLOC_MAX;
}

// Check the heap's counters against the models (summed when several
// threads ran) and the page source.
static inline int
modelstats(struct model *m, struct model *all, int nall)
{
  struct kmstats st;
  uint allocs = 0, frees = 0, fails = 0, live = 0;
  int k;

  for (k = 0; k < nall; k++) {
    allocs += all[k].allocs;
    frees += all[k].frees;
    fails += all[k].fails;
    live += all[k].live;
  }
  kmstats(&st);
  if (st.allocs != allocs || st.frees != frees || st.fails != fails)
    return modelfail(m, "call counts disagree", NULL, st.allocs);
  if (st.live_bytes != live)
    return modelfail(m, "live_bytes disagrees", NULL, st.live_bytes);
  if (st.held_bytes != hostpg.out * PGSIZE)
    return modelfail(m, "held_bytes disagrees with the page source",
                     NULL, st.held_bytes);
  if (st.live_bytes + st.free_bytes > st.held_bytes)
    return modelfail(m, "live plus free exceeds held", NULL, st.free_bytes);
  return 0;
}

// One random step: maybe move to another of ncpu CPUs, then fill or empty
// a random slot among the first nslot.
static inline int
modelstep(struct model *m, int ncpu, int nslot)
{
  int i = modelrand(m) % nslot;

  if (ncpu > 1)
    hostsetcpu(modelrand(m) % ncpu);
  if (m->slot[i].p != NULL)
    return modelfree(m, i);
  return modelalloc(m, i, modelsize(m));
}

// Free every live block of m.
static inline int
modelfreeall(struct model *m)
{
  int i;

  for (i = 0; i < NSLOT; i++)
    if (m->slot[i].p != NULL && modelfree(m, i) < 0)
      return -1;
  return 0;
}

// Reap once, on the last CPU, which must reach every CPU's per-CPU
// caches; back on CPU 0, the heap must hold exactly pages pages (0
// unless something it never frees was made).
static inline int
modelreapall(struct model *m, uint pages)
{
  hostsetcpu(NCPU - 1);
  kmreap();
  hostsetcpu(0);
  if (hostpg.out != pages)
    return modelfail(m, "pages held after freeing all and reaping", NULL,
                     hostpg.out);
  return 0;
}

#endif
