// echo: print the arguments, separated by spaces, and a newline.
#include "types.h"
#include "user.h"

// Print argv[1..] on one line. Every argument is text, as for Linux's
// /bin/echo, so echo refuses nothing; only a lone -h prints the usage.
int
main(int argc, char *argv[])
{
  int i;

  if(argc == 2 && strcmp(argv[1], "-h") == 0){
    printf(1, "usage: echo [word...]: print the words and a newline\n");
    exit();
  }
  for(i = 1; i < argc; i++)
    printf(1, "%s%s", argv[i], i + 1 < argc ? " " : "\n");
  if(argc < 2)
    printf(1, "\n");
  exit();
}
