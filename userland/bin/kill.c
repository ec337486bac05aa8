// kill: kill the processes with the given ids.
#include "types.h"
#include "user.h"

// Kill each pid in argv[1..], reporting the ones that fail.
int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2){
    printf(2, "usage: kill pid...\n");
    exit();
  }
  for(i = 1; i < argc; i++)
    if(kill(atoi(argv[i])) < 0)
      printf(2, "kill: no process %s\n", argv[i]);
  exit();
}
