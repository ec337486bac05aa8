// mkdir: create the named directories.
#include "types.h"
#include "user.h"

// Make each directory in argv[1..], stopping at the first failure;
// refuse any option but -h, which prints the usage, before making any.
int
main(int argc, char *argv[])
{
  int i;

  helponly(argc, argv, "mkdir",
           "mkdir dir...: create the directories");
  if(argc < 2){
    printf(2, "mkdir: no directory named (usage: mkdir dir...)\n");
    exit();
  }
  for(i = 1; i < argc; i++){
    if(mkdir(argv[i]) < 0){
      printf(2, "mkdir: %s failed to create\n", argv[i]);
      break;
    }
  }
  exit();
}
