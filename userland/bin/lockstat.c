// lockstat: the kernel's spin lock counts by lock class (system call
// 36), the most contended first, then the heap's and the page
// allocator's locks; or reset them, or measure one command's run.
#include "types.h"
#include "fcntl.h"
#include "user.h"

#define NREC    64   // class records asked for at most
#define ROWS    10   // contended classes shown by default

// The heap's locks and the page allocator's: shown whatever their counts.
static const char *always[] = { LOCKS_HEAP, LOCKS_PAGE };
#define NALWAYS ((int)(sizeof(always) / sizeof(always[0])))

static struct lockstat rec[NREC];

// Print how to call lockstat on standard output.
static void
usage(void)
{
  printf(1, "usage: lockstat [-n rows] [-r | command [args...]]\n");
  printf(1, "  print the kernel's spin lock counts by lock class (the locks of\n");
  printf(1, "  one name): the most contended classes (-n: how many, 1..%d,\n", NREC);
  printf(1, "  default %d), then the heap's and the page allocator's locks.\n", ROWS);
  printf(1, "  -r: zero the counts. With a command: zero them, run it, wait\n");
  printf(1, "  for it and print what it and the rest of the system counted.\n");
}

// Print v right-aligned in a column of width w after a space.
static void
num(uint v, int w)
{
  char s[12];
  int i = sizeof(s) - 1;

  s[i] = 0;
  do {
    s[--i] = '0' + v % 10;
    v /= 10;
  } while(v != 0);
  for(w -= sizeof(s) - 1 - i; w > 0; w--)
    printf(1, " ");
  printf(1, " %s", s + i);
}

// Contended acquires per thousand acquires of r's class, rounded down.
static uint
permille(struct lockstat *r)
{
  if(r->acquires == 0)
    return 0;
  if(r->contended < 0xffffffffU / 1000)
    return r->contended * 1000 / r->acquires;
  return r->contended / (r->acquires / 1000 + 1);
}

// Print one class's line.
static void
row(struct lockstat *r)
{
  int pad;

  printf(1, "%s", r->name);
  for(pad = LOCKNAME - strlen(r->name); pad > 0; pad--)
    printf(1, " ");
  num(r->acquires, 10);
  num(r->contended, 10);
  num(r->spins, 11);
  num(permille(r), 8);
  printf(1, "\n");
}

// Whether record a goes before record b: more contended, then more acquired.
static int
before(struct lockstat *a, struct lockstat *b)
{
  if(a->contended != b->contended)
    return a->contended > b->contended;
  return a->acquires > b->acquires;
}

// Sort the first n records, the most contended first.
static void
sort(int n)
{
  struct lockstat t;
  int i, j;

  for(i = 1; i < n; i++){
    t = rec[i];
    for(j = i; j > 0 && before(&t, &rec[j - 1]); j--)
      rec[j] = rec[j - 1];
    rec[j] = t;
  }
}

// Whether r is the class of a lock shown always.
static int
isalways(struct lockstat *r)
{
  int i;

  for(i = 0; i < NALWAYS; i++)
    if(strcmp(r->name, always[i]) == 0)
      return 1;
  return 0;
}

// Print up to rows contended classes, then the heap's and page
// allocator's classes not among them.
static void
show(int rows)
{
  int i, n, shown, heading;

  if((n = lockstat(rec, NREC, 0)) < 0){
    printf(2, "lockstat: the kernel refused the request\n");
    return;
  }
  if(n > NREC)
    n = NREC;
  sort(n);
  printf(1, "class            acquires  contended       spins per1000"
            "   (cpus: %d)\n", rec[0].cpus);
  for(shown = 0; shown < rows && shown < n && rec[shown].contended > 0; shown++)
    row(&rec[shown]);
  if(shown == 0)
    printf(1, "# no contended class\n");
  for(i = shown, heading = 0; i < n; i++)
    if(isalways(&rec[i])){
      if(!heading++)
        printf(1, "# the heap's and the page allocator's locks\n");
      row(&rec[i]);
    }
}

// Zero the counts, run argv[0] with argv, wait for it, print the counts.
static void
measure(char *argv[], int rows)
{
  int pid, w;

  lockstat(0, 0, LS_RESET);
  if((pid = fork()) < 0){
    printf(2, "lockstat: fork failed\n");
    return;
  }
  if(pid == 0){
    exec(argv[0], argv);
    printf(2, "lockstat: cannot run '%s'\n", argv[0]);
    exit();
  }
  while((w = wait()) != pid && w >= 0)
    ;
  show(rows);
}

// Read the options of argv into *rows and *reset, refusing a bad one
// (the program ends then); the index of the command's name, or argc.
static int
options(int argc, char *argv[], int *rows, int *reset)
{
  int i;

  for(i = 1; i < argc && argv[i][0] == '-'; i++){
    if(strcmp(argv[i], "-h") == 0){
      usage();
      exit();
    } else if(strcmp(argv[i], "-r") == 0)
      *reset = 1;
    else if(strcmp(argv[i], "-n") == 0){
      if(++i == argc){
        printf(2, "lockstat: -n needs a number of rows (1..%d)\n", NREC);
        exit();
      }
      if(parseint(argv[i], 1, NREC, rows) < 0){
        printf(2, "lockstat: bad rows '%s' (1..%d)\n", argv[i], NREC);
        exit();
      }
    } else {
      printf(2, "lockstat: unknown option '%s' (-n rows, -r or -h)\n", argv[i]);
      exit();
    }
  }
  return i;
}

int
main(int argc, char *argv[])
{
  int i, fd, rows = ROWS, reset = 0;

  i = options(argc, argv, &rows, &reset);
  if(reset && i < argc){
    printf(2, "lockstat: unexpected argument '%s' (-r takes no command)\n",
           argv[i]);
    exit();
  }
  if(i < argc && (fd = open(argv[i], O_RDONLY)) < 0){
    printf(2, "lockstat: no program '%s'\n", argv[i]);
    exit();
  }
  if(i < argc)
    close(fd);
  if(reset)
    lockstat(0, 0, LS_RESET);
  else if(i < argc)
    measure(argv + i, rows);
  else
    show(rows);
  exit();
}
