// wc: count lines, words and bytes of the named files or of standard input.
#include "types.h"
#include "fcntl.h"
#include "user.h"

static char buf[512];

// Count fd's lines, words and bytes and print them, then name if any.
static void
wc(int fd, const char *name)
{
  int n, i, l = 0, w = 0, c = 0, inword = 0;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    c += n;
    for(i = 0; i < n; i++){
      if(buf[i] == '\n')
        l++;
      if(strchr(" \r\t\n\v", buf[i]))
        inword = 0;
      else if(!inword){
        w++;
        inword = 1;
      }
    }
  }
  if(n < 0){
    printf(2, "wc: read error\n");
    exit();
  }
  if(name)
    printf(1, "%d %d %d %s\n", l, w, c, name);
  else
    printf(1, "%d %d %d\n", l, w, c);
}

// Count each file in argv[1..], or standard input when there are none;
// refuse any option but -h, which prints the usage, before counting.
int
main(int argc, char *argv[])
{
  int fd, i;

  helponly(argc, argv, "wc",
           "wc [file...]: count lines, words and bytes of the files or of "
           "standard input");
  if(argc < 2){
    wc(0, NULL);
    exit();
  }
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "wc: cannot open %s\n", argv[i]);
      exit();
    }
    wc(fd, argv[i]);
    close(fd);
  }
  exit();
}
