// init: the first user program. It opens the console as fds 0, 1 and 2,
// then keeps a shell running, reaping every orphan along the way.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

static char *shargv[] = { "sh", NULL };

// Make fds 0, 1 and 2 the console, creating its device node if needed.
static void
openconsole(void)
{
  if(open("console", O_RDWR) < 0){
    mknod("console", 1, 0);
    if(open("console", O_RDWR) < 0)
      exit();
  }
  dup(0);
  dup(0);
}

// Start a shell; return its pid, or -1 if fork failed.
static int
startsh(void)
{
  int pid;

  pid = fork();
  if(pid == 0){
    exec("sh", shargv);
    printf(2, "init: exec sh failed\n");
    exit();
  }
  if(pid < 0)
    printf(2, "init: fork failed\n");
  return pid;
}

// Open the console and restart the shell each time it exits. init
// takes no arguments: -h prints the usage, anything else is refused.
int
main(int argc, char *argv[])
{
  int sh, pid;

  noargs(argc, argv, "init", "init: open the console and keep a shell running",
         "");
  openconsole();
  for(;;){
    printf(1, "init: starting sh\n");
    sh = startsh();
    if(sh < 0){
      sleep(100);
      continue;
    }
    // Orphans are re-parented to init; reap them until the shell exits.
    while((pid = wait()) >= 0 && pid != sh)
      ;
  }
}
