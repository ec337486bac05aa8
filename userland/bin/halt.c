// halt: power the machine off.
#include "types.h"
#include "user.h"

// Ask the kernel to power off; only a failure returns here. halt takes
// no arguments: -h prints the usage, anything else is refused.
int
main(int argc, char *argv[])
{
  noargs(argc, argv, "halt", "halt: power the machine off", "");
  halt();
  printf(2, "halt: failed\n");
  exit();
}
