// pmap: print a process's whole address space, as Linux's pmap -x does:
// text and data, guard page, stack and heap (procmem), then the mmap
// mappings (procmaps), one row each with the file mapped and the pages
// mapped copy-on-write, the total, and the page-table pages of the mmap
// window (procmem).
#include "types.h"
#include "mmu.h"
#include "user.h"

#define NSPARE 16   // extra procmaps entries, should the process map meanwhile

// Print n right-aligned in width columns, then suffix.
static void
num(uint n, int width, const char *suffix)
{
  char s[12];
  int i = sizeof(s) - 1;

  s[i] = 0;
  do {
    s[--i] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  for(width -= sizeof(s) - 1 - i; width > 0; width--)
    printf(1, " ");
  printf(1, "%s%s", s + i, suffix);
}

// Print a as eight hex digits.
static void
addr(uint a)
{
  int shift;

  for(shift = 28; shift >= 0; shift -= 4)
    printf(1, "%c", "0123456789abcdef"[(a >> shift) & 0xf]);
}

// Print the start of a row: [start, end), its resident pages (-1 if not
// counted) and its mode (rwx and shared or private).
static void
rowhead(uint start, uint end, int resident, const char *mode)
{
  addr(start);
  num((end - start) / 1024, 8, "K ");
  if(resident < 0)
    printf(1, "       - ");
  else
    num(resident * (PGSIZE / 1024), 7, "K ");
  printf(1, "%s ", mode);
}

// Print one row: rowhead's fields, then what it is.
static void
row(uint start, uint end, int resident, const char *mode, const char *what)
{
  rowhead(start, end, resident, mode);
  printf(1, "%s\n", what);
}

// Print the part [start, end) of the memory below the break brk, if any
// of it is left, with resident pages (-1: all of them); return its size.
static uint
part(uint start, uint end, uint brk, int resident, const char *mode,
     const char *what)
{
  if(end > brk)
    end = brk;
  if(start >= end)
    return 0;
  row(start, end, resident, mode, what);
  return end - start;
}

// Print one mmap mapping, with the file it maps (its name, if the kernel
// knows it, and inode number) and its copy-on-write pages if any;
// return its size.
static uint
mapping(struct mapinfo *m)
{
  char mode[5];

  mode[0] = (m->prot & PROT_READ) ? 'r' : '-';
  mode[1] = (m->prot & PROT_WRITE) ? 'w' : '-';
  mode[2] = (m->prot & PROT_EXEC) ? 'x' : '-';
  mode[3] = (m->flags & MAP_SHARED) ? 's' : 'p';
  mode[4] = 0;
  rowhead(m->start, m->end, m->resident, mode);
  if(m->inum == 0)
    printf(1, "[ mmap ]");
  else
    printf(1, "%s (inode %d)", m->file[0] ? m->file : "?", m->inum);
  if(m->cow > 0)
    printf(1, ", %dK copy-on-write", m->cow * (PGSIZE / 1024));
  printf(1, "\n");
  return m->end - m->start;
}

// Print the rows of the memory below the mmap window that pm describes;
// return their total size.
static uint
lower(struct procmem *pm)
{
  uint total;

  // x86 without PAE has no no-execute bit, and exec maps text writable
  // as in xv6, so every user page is readable, writable and executable.
  total = part(0, pm->guard, pm->brk, -1, "rwxp", "[ text+data ]");
  total += part(pm->guard, pm->stack, pm->brk, -1, "---p", "[ guard ]");
  total += part(pm->stack, pm->heap, pm->brk, -1, "rwxp", "[ stack ]");
  total += part(pm->heap, pm->brk, pm->brk, pm->heapres, "rwxp", "[ heap ]");
  return total;
}

// Print process pid's address space (0 for pmap itself): 0, or -1 if
// there is no such process or no memory for the mapping table.
static int
pmap(int pid)
{
  struct procmem pm;
  struct mapinfo *all;
  uint total;
  int n, max, i;

  if(procmem(pid, &pm) < 0 || (n = procmaps(pid, NULL, 0)) < 0)
    return -1;
  max = n + NSPARE;
  if((all = malloc(max * sizeof(*all))) == NULL)
    return -1;
  if((n = procmaps(pid, all, max)) < 0){
    free(all);
    return -1;
  }
  if(n > max)
    n = max;
  printf(1, "%d:   %s\n", pid ? pid : getpid(), pm.name);
  printf(1, "Address    Kbytes      RSS Mode Mapping\n");
  total = lower(&pm);
  for(i = 0; i < n; i++)
    total += mapping(&all[i]);
  printf(1, "total   ");
  num(total / 1024, 8, "K\n");
  printf(1, "ptables ");
  num(pm.mmaptables * (PGSIZE / 1024), 8, "K (page tables of the mmap window)\n");
  printf(1, "cow     ");
  num(pm.cow * (PGSIZE / 1024), 8, "K (pages shared copy-on-write)\n");
  free(all);
  return 0;
}

// Check the one optional argument, a pid, before printing anything;
// -h prints the usage.
int
main(int argc, char *argv[])
{
  char *opt;
  int pid = 0;

  if((opt = findopt(argc, argv)) != NULL && strcmp(opt, "-h") == 0){
    printf(1, "usage: pmap [pid]: print process pid's memory, or pmap's own\n");
    exit();
  }
  if(argc > 2){
    printf(2, "pmap: %d arguments given, takes at most one: a pid\n", argc - 1);
    exit();
  }
  if(argc == 2 && parseint(argv[1], 1, INTMAX, &pid) < 0){
    printf(2, "pmap: bad pid '%s' (a positive number)\n", argv[1]);
    exit();
  }
  if(pmap(pid) < 0)
    printf(2, "pmap: no process %s\n", argc > 1 ? argv[1] : "(self)");
  exit();
}
