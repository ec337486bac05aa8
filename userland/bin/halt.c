// halt: power the machine off.
#include "types.h"
#include "user.h"

// Ask the kernel to power off; only a failure returns here. halt takes
// no arguments: -h prints the usage, anything else is refused.
int
main(int argc, char *argv[])
{
  if(argc > 1){
    if(strcmp(argv[1], "-h") == 0)
      printf(1, "usage: halt: power the machine off\n");
    else
      printf(2, "halt: unexpected argument '%s' (halt takes none)\n", argv[1]);
    exit();
  }
  halt();
  printf(2, "halt: failed\n");
  exit();
}
