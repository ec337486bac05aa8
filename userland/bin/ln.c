// ln: give an existing file a second name (a hard link).
#include "types.h"
#include "user.h"

// Link argv[2] to the file argv[1]; refuse any option but -h, which
// prints the usage, and any other number of names.
int
main(int argc, char *argv[])
{
  char *opt;

  if((opt = findopt(argc, argv)) != NULL){
    if(strcmp(opt, "-h") == 0)
      printf(1, "usage: ln old new: give the file old the second name new\n");
    else
      printf(2, "ln: unknown option '%s' (only -h)\n", opt);
    exit();
  }
  if(argc != 3){
    printf(2, "ln: %d names given, needs 2: old new\n", argc - 1);
    exit();
  }
  if(link(argv[1], argv[2]) < 0)
    printf(2, "ln: link %s %s failed\n", argv[1], argv[2]);
  exit();
}
