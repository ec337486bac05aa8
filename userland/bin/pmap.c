// pmap: print a process's memory mappings, its own with no argument.
#include "types.h"
#include "user.h"

// Print one mapping as a table row.
static void
row(struct mapinfo *m)
{
  printf(1, "%x-%x %dK %c%c%c %s %d\n", m->start, m->end,
         (m->end - m->start) / 1024,
         (m->prot & PROT_READ) ? 'r' : '-',
         (m->prot & PROT_WRITE) ? 'w' : '-',
         (m->prot & PROT_EXEC) ? 'x' : '-',
         (m->flags & MAP_SHARED) ? "shared " : "private", m->resident);
}

// Print every mapping of process pid (0 for the caller): 0, or -1 if
// there is no such process or no memory for the table.
static int
pmap(int pid)
{
  struct mapinfo *all;
  int n, got, i;

  if((n = procmaps(pid, NULL, 0)) < 0)
    return -1;
  // Room for a few more, in case the process maps while we look.
  if((all = malloc((n + 16) * sizeof(*all))) == NULL)
    return -1;
  got = procmaps(pid, all, n + 16);
  if(got < 0)
    return -1;
  if(got > n + 16)
    got = n + 16;
  printf(1, "start-end size prot kind resident\n");
  for(i = 0; i < got; i++)
    row(&all[i]);
  printf(1, "%d mappings\n", got);
  free(all);
  return 0;
}

int
main(int argc, char *argv[])
{
  int pid;

  pid = argc > 1 ? atoi(argv[1]) : 0;
  if(pmap(pid) < 0)
    printf(2, "pmap: no process %s\n", argc > 1 ? argv[1] : "self");
  exit();
}
