// Path parsing: split a path into its elements. Pure logic with no
// kernel calls, so the host tests can compile it directly.

#include "types.h"
#include "fs.h"

// Also declared in fs/file.h, which this file may not include.
char *skipelem(char *path, char *name);

// Copy the first element of path into name (at most DIRSIZ bytes, NUL
// added when shorter) and return the rest of path past any slashes
// that follow it, or NULL when path holds no element.
char*
skipelem(char *path, char *name)
{
  char *start;
  int len, i;

  while(*path == '/')
    path++;
  if(*path == '\0')
    return NULL;
  start = path;
  while(*path != '/' && *path != '\0')
    path++;
  len = path - start;
  if(len > DIRSIZ)
    len = DIRSIZ;
  for(i = 0; i < len; i++)
    name[i] = start[i];
  // A name of exactly DIRSIZ bytes fills the dirent field unterminated.
  if(len < DIRSIZ)
    name[len] = '\0';
  while(*path == '/')
    path++;
  return path;
}
