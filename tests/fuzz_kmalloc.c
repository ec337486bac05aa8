// libFuzzer target: the input drives kmalloc, kmfree, a kmcache, CPU
// switches, reaps and checks through the model in tests/kmmodel.h; a
// failed check or any panic aborts. One binary per allocator, KMSRC
// naming its source:
//   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Iuserland/include \
//     -DKMSRC='"alloc/kmalloc_slab.c"' -o fuzz_slab tests/fuzz_kmalloc.c

#define HOSTPAGES 2048      // 8 MiB, so the heap can run out

#include <stdint.h>

#include "tests/hostenv.h"
#include "alloc/buddy.c"
#include "core/kmalloc.c"
#include KMSRC
#include "tests/kmmodel.h"

#define NFSLOT 64           // kmalloc slots the input can name
#define NFOBJ  16           // cache objects the input can name
#define OBJSIZE 72
#define OBJALIGN 64

static struct model fm;
static struct kmcache *cache;
static char *obj[NFOBJ];

static void
check(int r)
{
  if (r != 0) {
    fprintf(stderr, "fuzz_kmalloc: %s\n", fm.err[0] ? fm.err : "check failed");
    abort();
  }
}

// Allocate or free cache object i, checking it like a kmalloc block.
static void
toggleobj(int i)
{
  if (obj[i] != NULL) {
    if (obj[i][0] != (char)i || memcmp(obj[i], obj[i] + 1, OBJSIZE - 1))
      check(modelfail(&fm, "cache object changed", obj[i], OBJSIZE));
    memset(shadow + (obj[i] - hostpg.buf) / 8, 0, (OBJSIZE + 7) / 8);
    kmcache_free(cache, obj[i]);
    obj[i] = NULL;
    return;
  }
  if ((obj[i] = kmcache_alloc(cache)) == NULL) {
    if (!modelfull())
      check(modelfail(&fm, "kmcache_alloc failed with memory free", NULL, 0));
    return;
  }
  if ((obj[i] - hostpg.buf) % OBJALIGN != 0)
    check(modelfail(&fm, "cache object misaligned", obj[i], OBJSIZE));
  check(modelclaim(&fm, obj[i], OBJSIZE));
  memset(obj[i], i, OBJSIZE);
}

// Run one 4-byte operation: op, slot, and two bytes of size.
static void
step(const uint8_t *d)
{
  uint n = (d[2] | d[3] << 8 | ((d[0] >> 5) & 3) << 16) % (KMALLOC_MAX + 2);
  int i = d[1] % NFSLOT;

  switch (d[0] & 7) {
  case 4:
    hostsetcpu(d[1] % NCPU);
    break;
  case 5:
    kmreap();
    break;
  case 6:
    if (kmcheck() != 0)
      check(modelfail(&fm, "kmcheck failed", NULL, 0));
    check(modelstats(&fm, &fm, 1));
    break;
  case 7:
    toggleobj(d[1] % NFOBJ);
    break;
  default:
    check(fm.slot[i].p != NULL ? modelfree(&fm, i) : modelalloc(&fm, i, n));
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  uint base;
  size_t i;
  int k;

  modelinit(&fm, HOSTPAGES, 1);
  memset(obj, 0, sizeof(obj));
  if ((cache = kmcache_create("fuzz", OBJSIZE, OBJALIGN)) == NULL)
    abort();
  // The cache itself stays; the magazine its creation took does not.
  kmreap();
  base = hostpg.out;
  for (i = 0; i + 4 <= size; i += 4)
    step(data + i);
  hostsetcpu(0);
  check(modelfreeall(&fm));
  for (k = 0; k < NFOBJ; k++)
    if (obj[k] != NULL)
      toggleobj(k);
  check(modelstats(&fm, &fm, 1));
  if (kmcheck() != 0)
    check(modelfail(&fm, "kmcheck failed at the end", NULL, 0));
  check(modelreapall(&fm, base));
  return 0;
}
