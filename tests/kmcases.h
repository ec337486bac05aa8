// cmocka cases every heap implementation must pass: sizes and their
// edges, a long random trace, running out of pages, bad frees, caches,
// KDEBUG detection, and one thread per CPU. Include after kmmodel.h.
#ifndef MODX6_KMCASES_H
#define MODX6_KMCASES_H

#include <pthread.h>

#ifdef KDEBUG
#define TRACEOPS 200000    // poisoning costs a pass over every block
#else
#define TRACEOPS 1000000
#endif

static struct model mm;

// Fail the running test with the model's first failed check.
static void
ok(int r)
{
  if (r != 0)
    fail_msg("%s", mm.err[0] != '\0' ? mm.err : "check failed");
}

static int
setup(void **state)
{
  (void)state;
  modelinit(&mm, HOSTPAGES, 12345);
  return 0;
}

// Free everything, check the counters, then reaping must leave no page.
static void
drained(void)
{
  struct kmstats st;

  ok(modelfreeall(&mm));
  ok(modelstats(&mm, &mm, 1));
  assert_int_equal(kmcheck(), 0);
  kmstats(&st);
  assert_int_equal(st.live_bytes, 0);
  ok(modelreapall(&mm, 0));
  kmstats(&st);
  assert_int_equal(st.held_bytes, 0);
}

static void
callfree(void *p)
{
  kmfree(p);
}

// Run fn(arg), which must panic with "kmalloc <name>: <what> <p>"; then
// start a fresh heap, since the panic left this one broken.
static void
panics(void (*fn)(void *), void *arg, const char *what, void *p)
{
  char want[160];

  snprintf(want, sizeof(want), "kmalloc %s: %s %p (class ",
           kmalloc_ops.name, what, p);
  assert_int_equal(hostpanics(fn, arg), 1);
  if (strncmp(hostpanicmsg, want, strlen(want)) != 0)
    fail_msg("panic \"%s\", wanted \"%s...\"", hostpanicmsg, want);
  modelinit(&mm, HOSTPAGES, 12345);
}

// Sizes 0 and above KMALLOC_MAX fail without taking pages; kmfree(NULL)
// is not counted.
static void
test_bad_sizes(void **state)
{
  struct kmstats st;

  (void)state;
  assert_null(kmalloc(0));
  assert_null(kmalloc(KMALLOC_MAX + 1));
  assert_null(kmalloc(~0U));
  kmfree(NULL);
  kmstats(&st);
  assert_int_equal(st.fails, 3);
  assert_int_equal(st.allocs, 0);
  assert_int_equal(st.frees, 0);
  assert_int_equal(st.held_bytes, 0);
}

// Every size from 1 to 4096 bytes, all live at once.
static void
test_small_sizes(void **state)
{
  uint n;

  (void)state;
  for (n = 1; n <= 4096; n++)
    ok(modelalloc(&mm, n - 1, n));
  ok(modelstats(&mm, &mm, 1));
  assert_int_equal(kmcheck(), 0);
  drained();
}

// Sizes from 4097 to KMALLOC_MAX in steps of 61, 32 live at a time.
static void
test_large_sizes(void **state)
{
  uint n, i = 0;

  (void)state;
  for (n = 4097; n < KMALLOC_MAX + 61; n += 61) {
    ok(modelalloc(&mm, i % 32, n < KMALLOC_MAX ? n : KMALLOC_MAX));
    if (++i % 32 == 0) {
      ok(modelstats(&mm, &mm, 1));
      ok(modelfreeall(&mm));
    }
  }
  drained();
}

// One byte below, at and above every size class and page-run edge.
static void
test_edges(void **state)
{
  static const uint edges[] = {
    8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536,
    2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768, 49152,
    65536, 98304, KMALLOC_MAX,
  };
  uint k, d, i = 0;

  (void)state;
  for (k = 0; k < NELEM(edges); k++)
    for (d = 0; d < 3; d++)
      if (edges[k] + d - 1 <= KMALLOC_MAX)
        ok(modelalloc(&mm, i++, edges[k] + d - 1));
  ok(modelstats(&mm, &mm, 1));
  assert_int_equal(kmcheck(), 0);
  assert_int_equal(mm.fails, 0);
  drained();
}

// A long random trace over all CPUs, about a thousand blocks live,
// checking every block and the counters as it goes.
static void
test_trace(void **state)
{
  uint i;

  (void)state;
  for (i = 1; i <= TRACEOPS; i++) {
    ok(modelstep(&mm, NCPU, NSLOT / 2));
    if (i % 64 == 0)
      ok(modelstats(&mm, &mm, 1));
    if (i % 100000 == 0)
      assert_int_equal(kmcheck(), 0);
    if (i % 250000 == 0)
      kmreap();
  }
  assert_int_equal(mm.fails, 0);
  assert_true(mm.allocs > TRACEOPS / 3);
  drained();
}

// With the page source capped, kmalloc returns NULL and counts a failure,
// the heap stays consistent, and recovers when pages come back.
static void
test_out_of_pages(void **state)
{
  uint i, nfail;

  (void)state;
  hostpg.limit = 256;
  for (i = 0; i < NSLOT; i++)
    ok(modelalloc(&mm, i, modelsize(&mm)));
  nfail = mm.fails;
  assert_true(nfail > 0);
  assert_true(hostpg.out <= hostpg.limit);
  ok(modelstats(&mm, &mm, 1));
  assert_int_equal(kmcheck(), 0);
  drained();
  hostpg.limit = 0;
  ok(modelalloc(&mm, 0, KMALLOC_MAX));
  assert_non_null(mm.slot[0].p);
  drained();
}

// Double frees, pointers from elsewhere and pointers into a block panic
// with the allocator's name and the address.
static void
test_bad_frees(void **state)
{
  char *p, *page;
  int local;

  (void)state;
  p = kmalloc(64);
  kmfree(p);
  panics(callfree, p, "double free of", p);
  panics(callfree, &local, "free of non-heap pointer", &local);
  page = kallocpages(0);
  panics(callfree, page, "free of non-heap pointer", page);
  p = kmalloc(64);
  assert_int_equal(hostpanics(callfree, p + 8), 1);
  assert_non_null(strstr(hostpanicmsg, kmalloc_ops.name));
}

// Caches reject bad arguments, hand out aligned, disjoint objects that
// are not counted as kmalloc blocks.
static void
test_cache(void **state)
{
  static char *obj[600];
  struct kmcache *c;
  struct kmstats st;
  uint i;

  (void)state;
  assert_null(kmcache_create("zero", 0, 0));
  assert_null(kmcache_create("huge", KMCACHE_MAX + 1, 0));
  assert_null(kmcache_create("odd", 40, 24));
  assert_null(kmcache_create("wide", 40, 2 * PGSIZE));
  c = kmcache_create("obj", 40, 64);
  assert_non_null(c);
  for (i = 0; i < NELEM(obj); i++) {
    obj[i] = kmcache_alloc(c);
    assert_non_null(obj[i]);
    assert_int_equal((obj[i] - hostpg.buf) % 64, 0);
    ok(modelclaim(&mm, obj[i], 40));
    memset(obj[i], i, 40);
  }
  kmstats(&st);
  assert_int_equal(st.allocs, 0);
  assert_int_equal(st.live_bytes, 0);
  assert_int_equal(kmcheck(), 0);
  for (i = 0; i < NELEM(obj); i++) {
    assert_int_equal(obj[i][0], (char)i);
    assert_int_equal(obj[i][39], (char)i);
    kmcache_free(c, obj[i]);
  }
  kmcache_free(c, NULL);
  assert_int_equal(kmcheck(), 0);
}

#ifdef KDEBUG
static void
callalloc(void *n)
{
  kmalloc(*(uint *)n);
}

// A write to a freed block is caught when the block is handed out again.
static void
test_write_after_free(void **state)
{
  uint n = 64;
  char *p;

  (void)state;
  p = kmalloc(n);
  kmfree(p);
  p[5] = 0;
  panics(callalloc, &n, "write after free to", p);
}

// Writing one byte past the request, or just before it, is caught at free.
static void
test_overflow(void **state)
{
  static const uint sizes[] = { 60, 64, 1000, 4096, 40000 };
  char *p;
  uint i;

  (void)state;
  for (i = 0; i < NELEM(sizes); i++) {
    p = kmalloc(sizes[i]);
    p[sizes[i]] = 0;
    panics(callfree, p, "red zone smashed around", p);
  }
  p = kmalloc(60);
  p[-1] = 0;
  assert_int_equal(hostpanics(callfree, p), 1);
  assert_non_null(strstr(hostpanicmsg, kmalloc_ops.name));
}

// kmcheck finds a smashed red zone of a live block.
static void
test_check_redzone(void **state)
{
  char *p;

  (void)state;
  p = kmalloc(60);
  assert_int_equal(kmcheck(), 0);
  p[62] = 0;
  assert_int_equal(kmcheck(), -1);
}
#endif

// One thread per CPU, each with its own model, handing some blocks to
// the others to free.
struct worker {
  struct model m;
  pthread_t thread;
  int cpu;
};

static struct {
  pthread_mutex_t mu;
  struct slot slot[64];
  int n;
} box = { .mu = PTHREAD_MUTEX_INITIALIZER };

// Move live slot i of m into the box, or free it if the box is full.
static int
handoff(struct model *m, int i)
{
  int put = 0;

  pthread_mutex_lock(&box.mu);
  if (box.n < (int)NELEM(box.slot)) {
    box.slot[box.n++] = m->slot[i];
    put = 1;
  }
  pthread_mutex_unlock(&box.mu);
  if (!put)
    return modelfree(m, i);
  m->live -= m->slot[i].n;
  m->slot[i].p = NULL;
  return 0;
}

// Take a block another CPU put in the box and free it through slot i.
static int
takeover(struct model *m, int i)
{
  int got = 0;

  pthread_mutex_lock(&box.mu);
  if (box.n > 0) {
    m->slot[i] = box.slot[--box.n];
    got = 1;
  }
  pthread_mutex_unlock(&box.mu);
  if (!got)
    return 0;
  m->live += m->slot[i].n;
  return modelfree(m, i);
}

static void *
work(void *arg)
{
  struct worker *w = arg;
  struct model *m = &w->m;
  int i, step, r = 0;

  hostsetcpu(w->cpu);
  for (step = 0; step < TRACEOPS / 16 && r == 0; step++) {
    i = modelrand(m) % (NSLOT / 4);
    if (modelrand(m) % 8 == 0 && m->slot[i].p != NULL)
      r = handoff(m, i);
    else if (modelrand(m) % 8 == 0 && m->slot[i].p == NULL)
      r = takeover(m, i);
    else
      r = modelstep(m, 1, NSLOT / 4);
  }
  if (r == 0)
    modelfreeall(m);
  return NULL;
}

static void
test_threads(void **state)
{
  static struct worker w[4];
  static struct model all[5];
  int k;

  (void)state;
  for (k = 0; k < 4; k++) {
    modelreset(&w[k].m, 777 + k);
    w[k].cpu = k + 1;
    assert_int_equal(pthread_create(&w[k].thread, NULL, work, &w[k]), 0);
  }
  for (k = 0; k < 4; k++) {
    pthread_join(w[k].thread, NULL);
    if (w[k].m.err[0] != '\0')
      fail_msg("cpu %d: %s", w[k].cpu, w[k].m.err);
  }
  while (box.n > 0)
    ok(takeover(&mm, 0));
  for (k = 0; k < 4; k++)
    all[k] = w[k].m;
  all[4] = mm;
  ok(modelstats(&mm, all, 5));
  assert_int_equal(kmcheck(), 0);
  ok(modelreapall(&mm, 0));
}

#define KMCASES \
  cmocka_unit_test_setup(test_bad_sizes, setup), \
  cmocka_unit_test_setup(test_small_sizes, setup), \
  cmocka_unit_test_setup(test_large_sizes, setup), \
  cmocka_unit_test_setup(test_edges, setup), \
  cmocka_unit_test_setup(test_trace, setup), \
  cmocka_unit_test_setup(test_out_of_pages, setup), \
  cmocka_unit_test_setup(test_bad_frees, setup), \
  cmocka_unit_test_setup(test_cache, setup), \
  cmocka_unit_test_setup(test_threads, setup)

#ifdef KDEBUG
#define KMDEBUGCASES \
  cmocka_unit_test_setup(test_write_after_free, setup), \
  cmocka_unit_test_setup(test_overflow, setup), \
  cmocka_unit_test_setup(test_check_redzone, setup),
#else
#define KMDEBUGCASES
#endif

// Return the slabinfo record of the cache named name, failing the test if none is.
static struct slabinfo
infoof(const char *name)
{
  struct slabinfo r;
  int i, n;

  for (i = 0, n = 1; i < n; i++) {
    n = kmcacheinfo(i, &r);
    if (i < n && strcmp(r.name, name) == 0)
      return r;
  }
  fail_msg("no cache named %s among %d", name, n);
  return r;
}

#endif
