// slabinfo: list the kernel heap's caches, one line each, like Linux's
// /proc/slabinfo, from the slabinfo system call.
#include "types.h"
#include "user.h"

#define NREC 128    // records asked for at most

// Print how to call slabinfo.
static void
usage(void)
{
  printf(1, "usage: slabinfo [-a]: list the kernel heap's caches that hold "
            "objects or pages (-a: every cache), one line each, '-' where "
            "the allocator cannot tell; hits: allocations and frees a "
            "CPU's own magazines served, misses: those that went to the "
            "slabs, swaps: those the depot served with a full or an empty "
            "magazine, dfull and dempty: the magazines the depot holds\n");
}

// Print s in a column of width w, left-aligned if left, else right.
static void
col(const char *s, int w, int left)
{
  int pad = w - strlen(s);

  if(left)
    printf(1, "%s", s);
  for(; pad > 0; pad--)
    printf(1, " ");
  if(!left)
    printf(1, "%s", s);
}

// Print v right-aligned in a column of width w after a space, or "-" if
// the allocator does not have it.
static void
num(uint v, int w)
{
  char s[12];
  int i = sizeof(s) - 1;

  s[i] = 0;
  if(v == SLABINFO_NA)
    s[--i] = '-';
  else
    do {
      s[--i] = '0' + v % 10;
      v /= 10;
    } while(v != 0);
  printf(1, " ");
  col(s + i, w, 0);
}

// Return the word for r's kind.
static const char *
kind(struct slabinfo *r)
{
  if(r->flags & SLABINFO_KMALLOC)
    return "kmalloc";
  if(r->flags & SLABINFO_INTERNAL)
    return "internal";
  return "object";
}

// Print one cache's line.
static void
show(struct slabinfo *r)
{
  col(r->name, 15, 1);
  num(r->objsize, 7);
  num(r->active, 8);
  num(r->total, 8);
  num(r->allocs, 10);
  num(r->slabs, 6);
  num(r->pages, 6);
  num(r->hits, 10);
  num(r->misses, 8);
  num(r->swaps, 8);
  num(r->depotfull, 5);
  num(r->depotempty, 6);
  printf(1, " %s\n", kind(r));
}

// Return 1 if r holds objects or pages.
static int
used(struct slabinfo *r)
{
  return (r->active != 0 && r->active != SLABINFO_NA) ||
         (r->pages != 0 && r->pages != SLABINFO_NA);
}

// List the caches, the empty ones too if all.
static void
list(int all)
{
  static struct slabinfo rec[NREC];
  int i, n;

  if((n = slabinfo(rec, NREC)) < 0){
    printf(2, "slabinfo: the kernel refused the request\n");
    return;
  }
  printf(1, "# name           objsize   active    total     allocs  slabs"
            "  pages       hits   misses    swaps dfull dempty kind\n");
  for(i = 0; i < n && i < NREC; i++)
    if(all || used(&rec[i]))
      show(&rec[i]);
  if(n > NREC)
    printf(1, "# %d more caches not shown\n", n - NREC);
}

int
main(int argc, char *argv[])
{
  if(argc >= 2 && strcmp(argv[1], "-a") != 0 && strcmp(argv[1], "-h") != 0){
    printf(2, "slabinfo: unknown argument '%s' (only -a or -h)\n", argv[1]);
    exit();
  }
  if(argc > 2){
    printf(2, "slabinfo: unexpected argument '%s' (takes at most one: "
              "-a or -h)\n", argv[2]);
    exit();
  }
  if(argc == 2 && strcmp(argv[1], "-h") == 0)
    usage();
  else
    list(argc == 2);
  exit();
}
