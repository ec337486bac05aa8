// sh: the shell. Reads command lines from fd 0 and runs them, with
// pipes (|), redirection (< > >>), lists (;), background jobs (&),
// grouping with parentheses and the built-in cd.
#include "types.h"
#include "param.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

#define MAXLINE 512
#define MAXARGS (MAXARG-1) // leave room for exec's terminating NULL
#define MAXTOK  MAXLINE    // a line cannot hold more tokens than bytes
#define NCMD    64         // nodes in one line's command tree

// Command tree node kinds.
enum { EXEC = 1, REDIR, PIPE, LIST, BACK };

// One node of a parsed command line; which fields matter depends on type.
struct cmd {
  int type;
  char *argv[MAXARGS+1];   // EXEC: NULL-terminated arguments
  struct cmd *left;        // REDIR, BACK: the command; PIPE, LIST: first
  struct cmd *right;       // PIPE, LIST: second command
  char *file;              // REDIR: file to open
  int mode;                // REDIR: open mode
  int fd;                  // REDIR: descriptor the file replaces
  int append;              // REDIR: start writing at the end of file
};

// Token kinds: WORD, or the operator character itself; '+' is ">>".
#define WORD 'w'
#define END  0

struct token {
  int kind;
  char *word;              // WORD: the text, NUL-terminated
};

static struct token toks[MAXTOK+1];
static int ntok, pos;
static char words[2*MAXLINE];   // word text: every byte of the line plus a NUL each
static struct cmd cmds[NCMD];
static int ncmd;
static const char *err;         // why the line cannot run, or NULL

static const char space[] = " \t\r\n\v";
static const char ops[] = "<>|&;()";

static struct cmd *parseline(void);

// Report msg and the text s on fd 2, then exit.
__attribute__((noreturn)) static void
die(const char *msg, const char *s)
{
  printf(2, "sh: %s %s\n", msg, s);
  exit();
}

// Fork, exiting the shell if that fails; return fork's result.
static int
fork1(void)
{
  int pid;

  pid = fork();
  if(pid < 0)
    die("fork", "failed");
  return pid;
}

// Wait until the child pid has exited, reaping any others on the way.
static void
waitfor(int pid)
{
  int w;

  while((w = wait()) >= 0 && w != pid)
    ;
}

// Split line s into toks[], copying each word into words[].
static void
lex(char *s)
{
  char *w = words;

  ntok = pos = 0;
  for(;;){
    while(*s && strchr(space, *s))
      s++;
    if(*s == 0)
      break;
    if(strchr(ops, *s)){
      toks[ntok].kind = *s++;
      if(toks[ntok].kind == '>' && *s == '>'){
        toks[ntok].kind = '+';
        s++;
      }
    } else {
      toks[ntok].kind = WORD;
      toks[ntok].word = w;
      while(*s && !strchr(space, *s) && !strchr(ops, *s))
        *w++ = *s++;
      *w++ = 0;
    }
    ntok++;
  }
  toks[ntok].kind = END;
}

// Note a syntax error, unless the line already has an error.
static void
syntax(void)
{
  if(err == NULL)
    err = "syntax error";
}

// Return the kind of the next token without consuming it.
static int
peek(void)
{
  return toks[pos].kind;
}

// Consume the next token if it is of kind k; return whether it was.
static int
take(int k)
{
  if(toks[pos].kind != k)
    return 0;
  pos++;
  return 1;
}

// Return a fresh, zeroed tree node of type t (a spare one if out of nodes).
static struct cmd *
node(int t)
{
  static struct cmd spare;
  struct cmd *c;

  if(ncmd < NCMD)
    c = &cmds[ncmd++];
  else {
    err = "too many commands";
    c = &spare;
  }
  memset(c, 0, sizeof(*c));
  c->type = t;
  return c;
}

// Return a node of type t joining l and r.
static struct cmd *
join(int t, struct cmd *l, struct cmd *r)
{
  struct cmd *c;

  c = node(t);
  c->left = l;
  c->right = r;
  return c;
}

// Parse one redirection whose operator k was just consumed; return it
// with nothing inside yet.
static struct cmd *
parseredir(int k)
{
  struct cmd *c;

  c = node(REDIR);
  if(peek() != WORD){
    syntax();
    return c;
  }
  c->file = toks[pos++].word;
  if(k == '<'){
    c->fd = 0;
    c->mode = O_RDONLY;
  } else {
    c->fd = 1;
    c->mode = O_WRONLY | O_CREATE | (k == '>' ? O_TRUNC : 0);
    c->append = (k == '+');
  }
  return c;
}

// Parse redirections after a command or group. *slot holds the command;
// each redirection takes its place there and the command moves inside
// it, so later ones nest deeper and, for the same fd, the last one
// written wins. Return the slot where the command now is.
static struct cmd **
parseredirs(struct cmd **slot)
{
  struct cmd *r;
  int k;

  while((k = peek()) == '<' || k == '>' || k == '+'){
    pos++;
    r = parseredir(k);
    r->left = *slot;
    *slot = r;
    slot = &r->left;
  }
  return slot;
}

// Parse a simple command (words and redirections) or a parenthesised list.
static struct cmd *
parseexec(void)
{
  struct cmd *c, *top, **slot;
  int argc = 0;

  if(take('(')){
    top = parseline();
    if(!take(')'))
      syntax();
    parseredirs(&top);
    return top;
  }
  top = c = node(EXEC);
  slot = &top;
  for(;;){
    slot = parseredirs(slot);
    if(peek() != WORD)
      break;
    if(argc == MAXARGS)
      err = "too many arguments";
    else
      c->argv[argc++] = toks[pos].word;
    pos++;
  }
  return top;
}

// Return whether c is a command with no words and no redirections.
static int
empty(struct cmd *c)
{
  return c->type == EXEC && c->argv[0] == NULL;
}

// Parse commands joined by '|'.
static struct cmd *
parsepipe(void)
{
  struct cmd *c;

  c = parseexec();
  if(take('|')){
    c = join(PIPE, c, parsepipe());
    if(empty(c->left) || empty(c->right))
      syntax();
  }
  return c;
}

// Parse a list: pipelines separated by ';' or, to run the one before it
// in the background, '&'.
static struct cmd *
parseline(void)
{
  struct cmd *c;

  c = parsepipe();
  if(take('&')){
    // '&' also separates: "a & b" runs a in the background, then b.
    c = join(BACK, c, NULL);
    if(peek() != END && peek() != ')')
      c = join(LIST, c, parseline());
  } else if(take(';'))
    c = join(LIST, c, parseline());
  return c;
}

// Parse the line s into a command tree; return NULL, with err saying
// why, if it cannot run.
static struct cmd *
parse(char *s)
{
  struct cmd *c;

  ncmd = 0;
  err = NULL;
  lex(s);
  c = parseline();
  if(peek() != END)
    syntax();
  return err ? NULL : c;
}

// Return whether c is the built-in cd.
static int
iscd(struct cmd *c)
{
  return c->type == EXEC && c->argv[0] && strcmp(c->argv[0], "cd") == 0;
}

// Change this process's directory as cd command c asks; report misuse.
static void
cd(struct cmd *c)
{
  if(c->argv[1] == NULL || c->argv[2] != NULL)
    printf(2, "usage: cd dir\n");
  else if(chdir(c->argv[1]) < 0)
    printf(2, "sh: cannot cd %s\n", c->argv[1]);
}

static void runcmd(struct cmd *c) __attribute__((noreturn));
static void runtop(struct cmd *c);

// Apply redirection c in this process: replace its fd with the file.
static void
redirect(struct cmd *c)
{
  char buf[512];

  close(c->fd);
  if(open(c->file, c->append ? O_RDWR | O_CREATE : c->mode) < 0)
    die("cannot open", c->file);
  // There is no seek: reach the end of the file by reading through it.
  if(c->append)
    while(read(c->fd, buf, sizeof(buf)) > 0)
      ;
}

// Run the two sides of pipe c connected by a pipe; wait for both.
__attribute__((noreturn)) static void
runpipe(struct cmd *c)
{
  int p[2], l, r;

  if(pipe(p) < 0)
    die("pipe", "failed");
  if((l = fork1()) == 0){
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    runcmd(c->left);
  }
  if((r = fork1()) == 0){
    close(0);
    dup(p[0]);
    close(p[0]);
    close(p[1]);
    runcmd(c->right);
  }
  close(p[0]);
  close(p[1]);
  waitfor(l);
  waitfor(r);
  exit();
}

// Execute the program argv[0]; a bare name not found in the current
// directory is looked for in the root, where the programs live.
__attribute__((noreturn)) static void
run(char **argv)
{
  char path[MAXLINE+1];    // a word is shorter than the line it came from

  exec(argv[0], argv);
  if(strchr(argv[0], '/') == NULL){
    path[0] = '/';
    strcpy(path + 1, argv[0]);
    exec(path, argv);
  }
  die("exec failed:", argv[0]);
}

// Run command tree c in this process and exit; never returns.
static void
runcmd(struct cmd *c)
{
  switch(c->type){
  case EXEC:
    if(c->argv[0] == NULL)
      exit();
    if(iscd(c)){
      // Alone in a child cd changes nothing, but a bad directory is
      // still worth reporting.
      cd(c);
      exit();
    }
    run(c->argv);
  case REDIR:
    redirect(c);
    runcmd(c->left);
  case PIPE:
    runpipe(c);
  case LIST:
    runtop(c->left);
    runcmd(c->right);
  case BACK:
    if(fork1() == 0)
      runcmd(c->left);
    exit();
  }
  die("bad command", "tree");
}

// Run command tree c and wait for it without ending this process: the
// parts of a list one after another, cd here, everything else in a child.
static void
runtop(struct cmd *c)
{
  int pid;

  if(c->type == LIST){
    runtop(c->left);
    runtop(c->right);
  } else if(iscd(c))
    cd(c);
  else if(!empty(c)){
    // A failed fork must not end the shell itself.
    if((pid = fork()) == 0)
      runcmd(c);
    if(pid < 0)
      printf(2, "sh: fork failed\n");
    else
      waitfor(pid);
  }
}

// Read a line into buf (size n); return 1 if a whole line (or the last,
// unterminated one) was read, 0 at end of input, -1 if it was too long,
// in which case the rest of it is skipped.
static int
getline(char *buf, int n)
{
  int len;

  gets(buf, n);
  len = strlen(buf);
  if(len == 0)
    return 0;
  if(len < n - 1 || buf[len-1] == '\n' || buf[len-1] == '\r')
    return 1;
  while(len > 0 && buf[len-1] != '\n' && buf[len-1] != '\r')
    len = strlen(gets(buf, n));
  return -1;
}

// Read and run command lines until end of input. sh takes no arguments
// (a script comes on standard input): -h prints the usage, anything else
// is refused.
int
main(int argc, char *argv[])
{
  static char line[MAXLINE];
  struct stat st;
  struct cmd *c;
  int r, prompt;

  noargs(argc, argv, "sh", "sh: run the command lines read from standard input",
         "; it reads commands from standard input");
  // Prompt only on a terminal, not when reading a script.
  prompt = fstat(0, &st) == 0 && st.type == T_DEV;
  for(;;){
    if(prompt)
      printf(2, "$ ");
    if((r = getline(line, sizeof(line))) == 0)
      break;
    if(r < 0){
      printf(2, "sh: line too long\n");
      continue;
    }
    c = parse(line);
    if(c == NULL)
      printf(2, "sh: %s\n", err);
    else
      runtop(c);
  }
  exit();
}
