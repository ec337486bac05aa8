// kmstat: print the kernel heap's figures from the kmstat system call,
// one "name value" per line; with -c, check the heap's invariants.
#include "types.h"
#include "user.h"

// Print how to call kmstat on fd.
static void
usage(int fd)
{
  printf(fd, "usage: kmstat [-c]\n");
  printf(fd, "  print the kernel heap's counters; with -c, check the heap's and\n");
  printf(fd, "  the page allocator's invariants and print 'check ok' or\n");
  printf(fd, "  'check FAILED' (the console names the broken invariant)\n");
}

// Print each field of struct kmstat under its own name.
static void
show(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0){
    printf(2, "kmstat: the kernel refused the request\n");
    return;
  }
  printf(1, "allocator %s\n", st.allocator);
  printf(1, "allocs %u\n", st.allocs);
  printf(1, "frees %u\n", st.frees);
  printf(1, "fails %u\n", st.fails);
  printf(1, "live_bytes %u\n", st.live_bytes);
  printf(1, "object_bytes %u\n", st.object_bytes);
  printf(1, "held_bytes %u\n", st.held_bytes);
  printf(1, "free_pages %u\n", st.free_pages);
  printf(1, "token_pages %u\n", st.token_pages);
  printf(1, "debug %u\n", st.debug);
}

int
main(int argc, char *argv[])
{
  if(argc == 1)
    show();
  else if(argc == 2 && strcmp(argv[1], "-c") == 0)
    printf(1, "check %s\n", kmcheck() == 0 ? "ok" : "FAILED");
  else if(argc == 2 && strcmp(argv[1], "-h") == 0)
    usage(1);
  else {
    printf(2, "kmstat: bad argument '%s' (only -c or -h)\n", argv[1]);
    usage(2);
  }
  exit();
}
