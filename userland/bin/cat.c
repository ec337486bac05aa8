// cat: copy the named files, or standard input, to standard output.
#include "types.h"
#include "fcntl.h"
#include "user.h"

static char buf[512];

// Copy everything readable from fd to fd 1; return 0, or -1 on an error.
static int
copy(int fd, const char *name)
{
  int n;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    if(write(1, buf, n) != n){
      printf(2, "cat: write error\n");
      return -1;
    }
  }
  if(n < 0){
    printf(2, "cat: read error on %s\n", name);
    return -1;
  }
  return 0;
}

// Concatenate argv[1..] (or fd 0 when there are none) to fd 1; refuse
// any option but -h, which prints the usage, before copying anything.
int
main(int argc, char *argv[])
{
  int fd, i;

  helponly(argc, argv, "cat",
           "cat [file...]: copy the files, or standard input, to standard "
           "output");
  if(argc < 2){
    copy(0, "standard input");
    exit();
  }
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "cat: cannot open %s\n", argv[i]);
      exit();
    }
    if(copy(fd, argv[i]) < 0){
      close(fd);
      exit();
    }
    close(fd);
  }
  exit();
}
