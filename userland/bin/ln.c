// ln: give an existing file a second name (a hard link).
#include "types.h"
#include "user.h"

// Link argv[2] to the file argv[1]; refuse any option but -h, which
// prints the usage, and any other number of names.
int
main(int argc, char *argv[])
{

  helponly(argc, argv, "ln",
           "ln old new: give the file old the second name new");
  if(argc != 3){
    printf(2, "ln: %d names given, needs 2: old new\n", argc - 1);
    exit();
  }
  if(link(argv[1], argv[2]) < 0)
    printf(2, "ln: link %s %s failed\n", argv[1], argv[2]);
  exit();
}
