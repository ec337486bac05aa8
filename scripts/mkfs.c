// mkfs: build a modx6 file system image on the host.
// Usage: mkfs fs.img file...  Each file goes into the root directory
// under its base name; the layout is the one userland/include/fs.h describes.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"
#include "param.h"
#include "stat.h"
#include "fs.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "mkfs writes the image in host byte order, which must be little-endian"
#endif

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "inodes must tile a block");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents must tile a block");

#define NINODES 200

// An image being built in memory. Blocks and inodes are handed out in
// order, so everything below next is in use.
struct image {
  uchar (*blk)[BSIZE];      // the whole image
  struct superblock sb;
  uint datastart;           // first data block
  uint next;                // next free data block
  uint nextinum;            // next free inode number
};

// Report a refusal: print "mkfs: " and the printf-style message to
// stderr; return -1.
__attribute__((format(printf, 1, 2))) static int
refuse(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  return -1;
}

// Lay out an empty image of FSSIZE blocks in im; return 0, or -1 if
// there is no memory.
static int
layout(struct image *im)
{
  uint ninodeblocks = (NINODES + IPB - 1) / IPB;
  uint nbitmap = (FSSIZE + BPB - 1) / BPB;

  im->blk = calloc(FSSIZE, BSIZE);
  if(im->blk == NULL)
    return refuse("out of memory");
  im->sb.size = FSSIZE;
  im->sb.nlog = LOGSIZE;
  im->sb.ninodes = NINODES;
  im->sb.logstart = 2;
  im->sb.inodestart = im->sb.logstart + LOGSIZE;
  im->sb.bmapstart = im->sb.inodestart + ninodeblocks;
  im->datastart = im->sb.bmapstart + nbitmap;
  im->sb.nblocks = FSSIZE - im->datastart;
  im->next = im->datastart;
  im->nextinum = ROOTINO;
  memcpy(im->blk[1], &im->sb, sizeof(im->sb));
  return 0;
}

// Return a pointer to inode inum inside the image.
static struct dinode *
dinode(struct image *im, uint inum)
{
  return (struct dinode *)im->blk[IBLOCK(inum, im->sb)] + inum % IPB;
}

// Allocate an inode of the given type with one link; return its
// number, or 0 when none are left.
static uint
ialloc(struct image *im, short type)
{
  struct dinode *di;

  if(im->nextinum >= im->sb.ninodes)
    return 0;
  di = dinode(im, im->nextinum);
  di->type = type;
  di->nlink = 1;
  return im->nextinum++;
}

// Allocate a data block; return its number, or 0 when the image is full.
static uint
balloc(struct image *im)
{
  if(im->next >= FSSIZE)
    return 0;
  return im->next++;
}

// Return the block holding file block fbn of inode di, allocating it
// (and the indirect block) if needed; 0 when the image is full.
static uint
bmap(struct image *im, struct dinode *di, uint fbn)
{
  uint *ind;

  if(fbn < NDIRECT){
    if(di->addrs[fbn] == 0)
      di->addrs[fbn] = balloc(im);
    return di->addrs[fbn];
  }
  if(di->addrs[NDIRECT] == 0 && (di->addrs[NDIRECT] = balloc(im)) == 0)
    return 0;
  ind = (uint *)im->blk[di->addrs[NDIRECT]];
  if(ind[fbn - NDIRECT] == 0)
    ind[fbn - NDIRECT] = balloc(im);
  return ind[fbn - NDIRECT];
}

// Append n bytes at data to inode inum, called what in messages;
// return 0, or -1 if the file would pass MAXFILE blocks or the image is full.
static int
iappend(struct image *im, uint inum, const void *data, uint n, const char *what)
{
  struct dinode *di = dinode(im, inum);
  const uchar *p = data;
  uint off, b, m;

  if((unsigned long long)di->size + n > MAXFILE * BSIZE)
    return refuse("%s is too large: more than MAXFILE (%d) blocks", what,
                  (int)MAXFILE);
  while(n > 0){
    off = di->size % BSIZE;
    if((b = bmap(im, di, di->size / BSIZE)) == 0)
      return refuse("image full: out of data blocks at %s", what);
    m = BSIZE - off < n ? BSIZE - off : n;
    memcpy(im->blk[b] + off, p, m);
    di->size += m;
    p += m;
    n -= m;
  }
  return 0;
}

// Return whether directory dir already has an entry called name.
static int
lookup(struct image *im, uint dir, const char *name)
{
  struct dinode *di = dinode(im, dir);
  struct dirent *de;
  uint off;

  for(off = 0; off < di->size; off += sizeof(*de)){
    de = (struct dirent *)(im->blk[bmap(im, di, off / BSIZE)] + off % BSIZE);
    if(de->inum != 0 && strncmp(de->name, name, DIRSIZ) == 0)
      return 1;
  }
  return 0;
}

// Add the entry name -> inum to directory dir; return 0 or -1.
static int
dirlink(struct image *im, uint dir, const char *name, uint inum)
{
  struct dirent de;
  size_t len = strlen(name);

  // A name of exactly DIRSIZ bytes fills the field with no NUL.
  memset(&de, 0, sizeof(de));
  de.inum = inum;
  memcpy(de.name, name, len < DIRSIZ ? len : DIRSIZ);
  return iappend(im, dir, &de, sizeof(de), "a directory");
}

// Create the root directory with its "." and ".." entries; return 0 or -1.
static int
mkroot(struct image *im)
{
  uint root = ialloc(im, T_DIR);

  if(root != ROOTINO)
    return refuse("cannot allocate the root inode");
  if(dirlink(im, root, ".", root) < 0 || dirlink(im, root, "..", root) < 0)
    return -1;
  return 0;
}

// Read all of the host file path into a new buffer, *n bytes long
// (reading at most one byte more than any file may hold); return the
// buffer, or NULL on failure.
static uchar *
slurp(const char *path, uint *n)
{
  size_t cap = (size_t)MAXFILE * BSIZE + 1;
  uchar *buf;
  FILE *f;

  if((f = fopen(path, "rb")) == NULL){
    refuse("cannot open %s", path);
    return NULL;
  }
  buf = malloc(cap);
  if(buf != NULL)
    *n = fread(buf, 1, cap, f);
  if(buf == NULL || ferror(f)){
    refuse("cannot read %s", path);
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

// Return the last component of path.
static const char *
lastname(const char *path)
{
  const char *s = strrchr(path, '/');

  return s ? s + 1 : path;
}

// Check that name may go into the root directory; return 0 or -1.
static int
checkname(struct image *im, const char *name)
{
  if(name[0] == 0)
    return refuse("empty file name");
  if(strlen(name) > DIRSIZ)
    return refuse("name %s is longer than DIRSIZ (%d) bytes", name, DIRSIZ);
  if(lookup(im, ROOTINO, name))
    return refuse("duplicate name %s", name);
  return 0;
}

// Copy host file path into the root directory under its base name;
// return 0 or -1.
static int
addfile(struct image *im, const char *path)
{
  const char *name = lastname(path);
  uint inum, n = 0;
  uchar *data;
  int r;

  if(checkname(im, name) < 0)
    return -1;
  if((data = slurp(path, &n)) == NULL)
    return -1;
  if((inum = ialloc(im, T_FILE)) == 0)
    r = refuse("image full: out of inodes at %s", path);
  else if((r = iappend(im, inum, data, n, path)) == 0)
    r = dirlink(im, ROOTINO, name, inum);
  free(data);
  return r;
}

// Mark every block below im->next as in use in the free bitmap.
static void
markused(struct image *im)
{
  uint b;

  for(b = 0; b < im->next; b++)
    im->blk[BBLOCK(b, im->sb)][(b % BPB) / 8] |= 1 << (b % 8);
}

// Write the image to the host file path; return 0 or -1.
static int
save(struct image *im, const char *path)
{
  FILE *f;
  int ok;

  if((f = fopen(path, "wb")) == NULL)
    return refuse("cannot create %s", path);
  ok = fwrite(im->blk, BSIZE, FSSIZE, f) == FSSIZE;
  if(fclose(f) != 0 || !ok){
    remove(path);
    return refuse("cannot write %s", path);
  }
  return 0;
}

// Build image file img holding the n host files in files[]; return 0,
// or -1 after printing why not (no image is written then).
int
mkfs(const char *img, int n, char *const files[])
{
  struct image im;
  int i, r;

  memset(&im, 0, sizeof(im));
  if(layout(&im) < 0)
    return -1;
  r = mkroot(&im);
  for(i = 0; i < n && r == 0; i++)
    r = addfile(&im, files[i]);
  if(r == 0){
    markused(&im);
    r = save(&im, img);
  }
  free(im.blk);
  return r;
}

#ifndef MKFS_NO_MAIN
// Build the image named by argv[1] from the files argv[2..].
int
main(int argc, char *argv[])
{
  if(argc < 2){
    fprintf(stderr, "usage: mkfs fs.img file...\n");
    return 2;
  }
  return mkfs(argv[1], argc - 2, argv + 2) == 0 ? 0 : 1;
}
#endif
