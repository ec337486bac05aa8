// kmrec: the kernel allocation trace from user space: switch the recorder
// on and off, drain it to a file, print a file in replay form, replay it.
#include "types.h"
#include "fcntl.h"
#include "user.h"
#include "ktconv.h"

#define CHUNK 512   // records drained at once

static struct ktfile hdr;
static struct ktcache caches[KT_MAXCACHES];
static unsigned char fbuf[KTF_MAXBYTES];
static struct ktrec chunk[CHUNK];
static struct kmrop ops[KMR_MAXOPS];
static uint costs[KMR_MAXOPS];
static struct ktconv conv;

// Print how to call kmrec on fd.
static void
usage(int fd)
{
  printf(fd, "usage: kmrec on | off | stat | drain FILE | print FILE | "
         "replay FILE\n");
  printf(fd, "  on, off: start recording the kernel's kmalloc, kmfree and "
         "kmcache\n    operations (clearing what was held), stop it\n");
  printf(fd, "  stat: print whether it records, records held, dropped, "
         "capacity\n");
  printf(fd, "  drain FILE: move every held record into FILE (%d bytes, "
         "about 4 a record;\n    the rest are cut and counted)\n",
         (int)KTF_MAXBYTES);
  printf(fd, "  print FILE: the trace in replay form, one operation a line\n");
  printf(fd, "  replay FILE: replay it, drained or printed, in the kernel "
         "(kmreplay); one BENCH line\n");
}

// Refuse the command line, naming what is wrong (what arg why), and exit.
static void __attribute__((noreturn))
refuse(const char *what, const char *arg, const char *why)
{
  printf(2, "kmrec: %s '%s' (%s)\n", what, arg, why);
  usage(2);
  exit();
}

// Fail with a message and exit.
static void __attribute__((noreturn))
die(const char *msg, const char *arg)
{
  printf(2, "kmrec: %s%s\n", msg, arg);
  exit();
}

// Drain every held record into fbuf, cutting those past its room (and
// every one after them, so the file is a prefix); a recorder still on is
// drained of at most KT_CAP records.
static void
drainall(void)
{
  int i, k = 0;
  uint got = 0, prev = 0;

  while(got < KT_CAP && (k = kmtrace(KT_DRAIN, chunk, CHUNK)) > 0){
    for(i = 0; i < k; i++, got++)
      if(hdr.cut == 0 && hdr.nbytes + KTF_MAXENC <= KTF_MAXBYTES){
        ktfput(fbuf, &hdr.nbytes, &prev, &chunk[i]);
        hdr.nrec++;
      } else
        hdr.cut++;
  }
  if(k < 0)
    die("the kernel refused to drain", "");
}

// kmrec drain FILE: write the header, the cache table and the records.
static void
drain(char *file)
{
  struct ktstat st;
  int fd, n, k;

  if((n = kmtrace(KT_CACHES, caches, KT_MAXCACHES)) < 0)
    die("the kernel refused the cache table", "");
  hdr.magic = KTF_MAGIC;
  hdr.ncache = n;
  drainall();
  if(kmtrace(KT_STAT, &st, 0) < 0)
    die("the kernel refused its state", "");
  hdr.dropped = st.dropped;
  if((fd = open(file, O_CREATE | O_WRONLY | O_TRUNC)) < 0)
    die("cannot create ", file);
  k = hdr.nbytes;
  if(write(fd, &hdr, sizeof(hdr)) != sizeof(hdr) ||
     write(fd, caches, n * sizeof(caches[0])) != n * sizeof(caches[0]) ||
     write(fd, fbuf, k) != k)
    die("cannot write ", file);
  close(fd);
  printf(1, "kmrec: %u records to %s, dropped=%u cut=%u\n", hdr.nrec, file,
         hdr.dropped, hdr.cut);
}

// Read n bytes from fd into p: 0, or -1 if the file ends first.
static int
readall(int fd, void *p, int n)
{
  return read(fd, p, n) == n ? 0 : -1;
}

// Load FILE's header, caches and records.
static void
load(char *file)
{
  int fd;

  if((fd = open(file, O_RDONLY)) < 0)
    die("cannot open ", file);
  if(readall(fd, &hdr, sizeof(hdr)) < 0 || hdr.magic != KTF_MAGIC ||
     hdr.ncache > KT_MAXCACHES || hdr.nbytes > KTF_MAXBYTES ||
     readall(fd, caches, hdr.ncache * sizeof(caches[0])) < 0 ||
     readall(fd, fbuf, hdr.nbytes) < 0)
    die("not a trace file: ", file);
  close(fd);
}

// Load FILE and convert its records into ops (conv.ops of them).
static void
convert(char *file)
{
  struct ktrec r;
  uint i, pos = 0, prev = 0;
  int err = 0;

  load(file);
  for(i = 0; i < hdr.nrec && err == 0; i++){
    if(pos >= hdr.nbytes)
      die("records cut short in ", file);
    ktfget(fbuf, &pos, hdr.nbytes, &prev, caches, hdr.ncache, &r);
    err = ktcrec(&conv, &r, ops);
  }
  if(err == KTC_FULLSLOTS)
    printf(2, "kmrec: more than %d objects live at once (KMR_MAXSLOTS); "
           "converted the first %u records\n", KMR_MAXSLOTS, i - 1);
  if(err == KTC_FULLOPS)
    printf(2, "kmrec: more than %d replay operations (KMR_MAXOPS); "
           "converted the first %u records\n", KMR_MAXOPS, i - 1);
  if(conv.skipped || conv.relive || hdr.cut)
    printf(2, "kmrec: skipped=%u (objects above %d bytes) relive=%u "
           "cut=%u\n", conv.skipped, KMR_MAXSIZE, conv.relive, hdr.cut);
}

// kmrec print FILE: the converted trace as text.
static void
print(char *file)
{
  uint i;

  convert(file);
  printf(1, "KTRACE ops=%u dropped=%u unmatched=%u sizes=%u peak_live=%u "
         "slots=%u\n", conv.ops, hdr.dropped + hdr.cut, conv.unmatched,
         conv.sizes, conv.peak_live, conv.slots);
  for(i = 0; i < conv.ops; i++)
    if(ops[i].size)
      printf(1, "a %u %u\n", ops[i].slot, ops[i].size);
    else
      printf(1, "f %u\n", ops[i].slot);
  printf(1, "KTRACE end\n");
}

// Read the number at *s, moving *s past it and the blanks after it.
static uint
number(char **s)
{
  uint v = 0;

  while(**s >= '0' && **s <= '9')
    v = v * 10 + *(*s)++ - '0';
  while(**s == ' ')
    (*s)++;
  return v;
}

// Parse one line of a printed trace ("a SLOT SIZE" or "f SLOT") into the
// next op: 1, or 0 for "KTRACE end", or -1 for anything else.
static int
parseop(char *s)
{
  struct kmrop *o = &ops[conv.ops];
  char kind = s[0];

  if(strcmp(s, "KTRACE end") == 0)
    return 0;
  if((kind != 'a' && kind != 'f') || s[1] != ' ' || conv.ops >= KMR_MAXOPS)
    return -1;
  s += 2;
  o->slot = number(&s);
  o->size = kind == 'a' ? number(&s) : 0;
  if(*s != 0 || (kind == 'a' && o->size == 0))
    return -1;
  conv.ops++;
  return 1;
}

// Does s begin with prefix?
static int
startswith(const char *s, const char *prefix)
{
  while(*prefix && *s == *prefix)
    s++, prefix++;
  return *prefix == 0;
}

// Load FILE into ops if it is a trace as kmrec print writes it (so that
// a trace recorded in one boot replays in another): 1, or 0 if FILE is
// not one (a drained file).
static int
loadtext(char *file)
{
  char *s, *nl;
  int fd, n, r;

  if((fd = open(file, O_RDONLY)) < 0)
    die("cannot open ", file);
  n = read(fd, fbuf, sizeof(fbuf) - 1);
  close(fd);
  fbuf[n < 0 ? 0 : n] = 0;
  if(!startswith((char*)fbuf, "KTRACE "))
    return 0;
  if(n == sizeof(fbuf) - 1)
    die("printed trace too long: ", file);
  if((nl = strchr((char*)fbuf, '\n')) == NULL)
    die("not a printed trace: ", file);
  for(r = 1; r == 1; ){
    s = nl + 1;
    if((nl = strchr(s, '\n')) == NULL)
      die("printed trace cut short: ", file);
    *nl = 0;
    if((r = parseop(s)) < 0)
      die("not a printed trace: ", file);
  }
  return 1;
}

// kmrec replay FILE: replay FILE in the kernel, a drained file converted
// or a printed trace as it is, and print its BENCH line.
static void
replay(char *file)
{
  struct kmrres res;
  struct kmrcost c;
  struct kmstat st;

  if(!loadtext(file))
    convert(file);
  if(kmstat(&st) < 0 || kmreplay(ops, conv.ops, costs, &res) < 0)
    die("the kernel refused the replay", "");
  kmrcosts(ops, costs, 0, conv.ops, &c);
  printf(1, "BENCH kind=ktrace alloc=%s ops=%u cost=", st.allocator,
         conv.ops);
  printtenths(1, per10(c.asum + c.fsum, conv.ops));
  printf(1, " alloc_cost=");
  printtenths(1, per10(c.asum, c.nalloc));
  printf(1, " free_cost=");
  printtenths(1, per10(c.fsum, c.nfree));
  printf(1, " peak_live=%u peak_held=%u overhead=%u fails=%u "
         "pages_before=%u pages_after=%u\n", res.peak_live, res.peak_held,
         res.overhead, res.fails, res.pages_before, res.pages_after);
}

// kmrec stat: the recorder's state, one "name value" a line.
static void
showstat(void)
{
  struct ktstat st;

  if(kmtrace(KT_STAT, &st, 0) < 0)
    die("the kernel refused its state", "");
  printf(1, "on %u\nheld %u\ndropped %u\ncapacity %u\n", st.on, st.held,
         st.dropped, st.capacity);
}

// Run the command without a file.
static void
simple(char *cmd)
{
  if(strcmp(cmd, "on") == 0){
    if(kmtrace(KT_ON, 0, 0) < 0)
      die("cannot start: already on, or out of memory", "");
  } else if(strcmp(cmd, "off") == 0)
    kmtrace(KT_OFF, 0, 0);
  else
    showstat();
}

int
main(int argc, char *argv[])
{
  char *cmd = argc > 1 ? argv[1] : "", *opt;
  int file = strcmp(cmd, "drain") == 0 || strcmp(cmd, "print") == 0 ||
             strcmp(cmd, "replay") == 0;

  if((opt = findopt(argc, argv)) != NULL && strcmp(opt, "-h") == 0){
    usage(1);
    exit();
  }
  if(opt != NULL)
    refuse("unknown option", opt, "only -h");
  if(argc < 2 || (!file && strcmp(cmd, "on") != 0 &&
                  strcmp(cmd, "off") != 0 && strcmp(cmd, "stat") != 0))
    refuse("unknown command", cmd,
           "on, off, stat, drain FILE, print FILE or replay FILE");
  if(file && argc < 3)
    refuse("missing FILE after", cmd, "it takes one file");
  if(argc > 2 + file)
    refuse("unexpected argument", argv[2 + file],
           file ? "it takes one file" : "it takes none");
  if(!file)
    simple(cmd);
  else if(cmd[0] == 'd')
    drain(argv[2]);
  else if(cmd[0] == 'p')
    print(argv[2]);
  else
    replay(argv[2]);
  exit();
}
