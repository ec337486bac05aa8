// kmstat: print the kernel heap's figures from the kmstat system call,
// one "name value" per line.
#include "types.h"
#include "user.h"

// Print each field of struct kmstat under its own name.
int
main(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0){
    printf(2, "kmstat: the kernel refused the request\n");
    exit();
  }
  printf(1, "allocator %s\n", st.allocator);
  printf(1, "allocs %u\n", st.allocs);
  printf(1, "frees %u\n", st.frees);
  printf(1, "fails %u\n", st.fails);
  printf(1, "live_bytes %u\n", st.live_bytes);
  printf(1, "held_bytes %u\n", st.held_bytes);
  printf(1, "free_pages %u\n", st.free_pages);
  printf(1, "token_pages %u\n", st.token_pages);
  printf(1, "debug %u\n", st.debug);
  exit();
}
