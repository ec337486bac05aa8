// halt: power the machine off.
#include "types.h"
#include "user.h"

// Ask the kernel to power off; only a failure returns here.
int
main(void)
{
  halt();
  printf(2, "halt: failed\n");
  exit();
}
