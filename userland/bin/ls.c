// ls: list files. For each argument (default ".") print one line per
// entry of a directory, or one for a file: name, type, inode, size.
#include "types.h"
#include "stat.h"
#include "fs.h"
#include "fcntl.h"
#include "user.h"

// Print one line for the file at path, named by its last component
// padded to DIRSIZ so the columns line up.
static void
show(const char *path, struct stat *st)
{
  char name[DIRSIZ+1];
  const char *p;
  int n;

  for(p = path + strlen(path); p > path && p[-1] != '/'; p--)
    ;
  n = strlen(p);
  if(n > DIRSIZ)
    n = DIRSIZ;
  memmove(name, p, n);
  memset(name + n, ' ', DIRSIZ - n);
  name[DIRSIZ] = 0;
  printf(1, "%s %d %d %d\n", name, st->type, st->ino, st->size);
}

// Print a line for every entry of the directory open as fd at path.
static void
showdir(int fd, const char *path)
{
  char buf[512], *p;
  struct dirent de;
  struct stat st;

  if(strlen(path) + 1 + DIRSIZ + 1 > sizeof(buf)){
    printf(2, "ls: path too long\n");
    return;
  }
  strcpy(buf, path);
  p = buf + strlen(buf);
  *p++ = '/';
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(p, de.name, DIRSIZ);
    p[DIRSIZ] = 0;
    if(stat(buf, &st) < 0){
      printf(2, "ls: cannot stat %s\n", buf);
      continue;
    }
    show(buf, &st);
  }
}

// List path: its entries if it is a directory, else the file itself.
static void
ls(const char *path)
{
  struct stat st;
  int fd;

  if((fd = open(path, O_RDONLY)) < 0){
    printf(2, "ls: cannot open %s\n", path);
    return;
  }
  if(fstat(fd, &st) < 0)
    printf(2, "ls: cannot stat %s\n", path);
  else if(st.type == T_DIR)
    showdir(fd, path);
  else
    show(path, &st);
  close(fd);
}

// List each argument, or the current directory when there are none;
// refuse any option but -h, which prints the usage, before listing.
int
main(int argc, char *argv[])
{
  int i;

  helponly(argc, argv, "ls",
           "ls [path...]: list directories' entries, or files: name, "
           "type, inode, size");
  if(argc < 2)
    ls(".");
  for(i = 1; i < argc; i++)
    ls(argv[i]);
  exit();
}
