// kill: kill the processes with the given ids.
#include "types.h"
#include "user.h"

// Kill each pid in argv[1..], reporting the ones that fail. Every
// argument is checked first, so one that is not a pid kills nothing;
// -h prints the usage.
int
main(int argc, char *argv[])
{
  char *opt;
  int i, pid;

  if((opt = findopt(argc, argv)) != NULL && strcmp(opt, "-h") == 0){
    printf(1, "usage: kill pid...: kill the processes\n");
    exit();
  }
  if(argc < 2){
    printf(2, "kill: no pid (usage: kill pid...)\n");
    exit();
  }
  for(i = 1; i < argc; i++){
    if(parseint(argv[i], 1, INTMAX, &pid) < 0){
      printf(2, "kill: bad pid '%s' (a positive number)\n", argv[i]);
      exit();
    }
  }
  for(i = 1; i < argc; i++){
    parseint(argv[i], 1, INTMAX, &pid);
    if(kill(pid) < 0)
      printf(2, "kill: no process %s\n", argv[i]);
  }
  exit();
}
