// grep: print the lines of the named files (or standard input) that
// match a pattern. Patterns know ^ (start), $ (end), . (any byte) and
// c* (any number of c).
#include "types.h"
#include "fcntl.h"
#include "user.h"

static char buf[1024];

static int here(const char *re, const char *t);

// Return whether c* followed by re matches at the start of t; the
// shortest run of c is tried first.
static int
star(char c, const char *re, const char *t)
{
  for(;; t++){
    if(here(re, t))
      return 1;
    if(*t == 0 || (c != '.' && *t != c))
      return 0;
  }
}

// Return whether re matches at the start of t.
static int
here(const char *re, const char *t)
{
  for(; *re; re++, t++){
    if(re[1] == '*')
      return star(re[0], re + 2, t);
    if(re[0] == '$' && re[1] == 0)
      return *t == 0;
    if(*t == 0 || (re[0] != '.' && re[0] != *t))
      return 0;
  }
  return 1;
}

// Return whether re matches anywhere in t.
static int
match(const char *re, const char *t)
{
  if(re[0] == '^')
    return here(re + 1, t);
  do {
    if(here(re, t))
      return 1;
  } while(*t++ != 0);
  return 0;
}

// Print the line s (NUL-terminated in place of its newline) if it matches.
static void
test(const char *re, char *s, int len)
{
  if(!match(re, s))
    return;
  s[len] = '\n';
  write(1, s, len + 1);
}

// Print the lines of fd that match re. A line longer than the buffer
// is taken in buffer-sized pieces.
static void
grep(const char *re, int fd)
{
  int m = 0, n;
  char *s, *nl;

  while((n = read(fd, buf + m, sizeof(buf) - 1 - m)) > 0){
    m += n;
    buf[m] = 0;
    s = buf;
    while((nl = strchr(s, '\n')) != NULL){
      *nl = 0;
      test(re, s, nl - s);
      s = nl + 1;
    }
    m -= s - buf;
    if(m == sizeof(buf) - 1){
      test(re, buf, m);
      m = 0;
    } else
      memmove(buf, s, m);
  }
  if(m > 0){
    buf[m] = 0;
    test(re, buf, m);
  }
}

// Search argv[2..], or standard input, for the pattern argv[1]; refuse
// any option but -h, which prints the usage, before searching.
int
main(int argc, char *argv[])
{
  int fd, i;

  helponly(argc, argv, "grep",
           "grep pattern [file...]: print the lines that match (^ $ . c*)");
  if(argc < 2){
    printf(2, "grep: no pattern (usage: grep pattern [file...])\n");
    exit();
  }
  if(argc < 3){
    grep(argv[1], 0);
    exit();
  }
  for(i = 2; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "grep: cannot open %s\n", argv[i]);
      exit();
    }
    grep(argv[1], fd);
    close(fd);
  }
  exit();
}
