// fsdamage IMAGE: damage a modx6 disk image the ways a bad disk can, for
// tests/fsdamage.sh. README.md gets a hole, grep a block number past the
// disk, ln a size past MAXFILE, mkdir an unknown type; the root gains
// "ghost" (naming a free inode) and "far" (an inode number past the table).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "types.h"
#include "fs.h"

static uchar *img;          // the whole image
static long imglen;
static struct superblock sb;

// Stop with a message naming what went wrong.
static void
die(const char *why, const char *what)
{
  fprintf(stderr, "fsdamage: %s %s\n", why, what);
  exit(1);
}

// Disk inode inum of the image.
static struct dinode*
dinode(uint inum)
{
  return (struct dinode *)(img + IBLOCK(inum, sb) * BSIZE) + inum % IPB;
}

// The root's i-th directory entry; mkfs fills the root's direct blocks
// in order, so entry i lies in block i / (BSIZE / sizeof entry).
static struct dirent*
rootent(uint i)
{
  uint per = BSIZE / sizeof(struct dirent);

  if(i / per >= NDIRECT)
    die("root directory past its direct blocks at", "an entry");
  return (struct dirent *)(img + dinode(ROOTINO)->addrs[i / per] * BSIZE)
         + i % per;
}

// The inode the root names name.
static struct dinode*
named(const char *name)
{
  struct dirent *de;
  uint i;

  for(i = 0; i < dinode(ROOTINO)->size / sizeof(*de); i++){
    de = rootent(i);
    if(de->inum != 0 && strncmp(de->name, name, DIRSIZ) == 0)
      return dinode(de->inum);
  }
  die("no root entry", name);
  return NULL;
}

// A data block marked free in the image's bitmap, now marked in use and
// zeroed.
static uint
takeblock(void)
{
  uint b;
  uchar *bits;

  for(b = sb.size - sb.nblocks; b < sb.size; b++){
    bits = img + BBLOCK(b, sb) * BSIZE + (b % BPB) / 8;
    if(!(*bits & (1 << (b % 8)))){
      *bits |= 1 << (b % 8);
      memset(img + b * BSIZE, 0, BSIZE);
      return b;
    }
  }
  die("no free block for", "a root directory block");
  return 0;
}

// Add the entry (name, inum) at the end of the root, giving it a new
// block when its last one is full.
static void
addent(const char *name, uint inum)
{
  struct dinode *root = dinode(ROOTINO);
  struct dirent *de;

  if(root->size % BSIZE == 0){
    if(root->size / BSIZE >= NDIRECT)
      die("root directory full for", name);
    root->addrs[root->size / BSIZE] = takeblock();
  }
  de = rootent(root->size / sizeof(*de));
  de->inum = inum;
  strncpy(de->name, name, DIRSIZ);
  root->size += sizeof(*de);
}

// A free inode number: the highest one, which mkfs never reaches.
static uint
freeinum(void)
{
  if(dinode(sb.ninodes - 1)->type != 0)
    die("no free inode", "at the end of the table");
  return sb.ninodes - 1;
}

// Damage the image named by argv[1] in place.
int
main(int argc, char *argv[])
{
  FILE *f;

  if(argc != 2)
    die("usage:", "fsdamage IMAGE");
  if((f = fopen(argv[1], "r+b")) == NULL)
    die("cannot open", argv[1]);
  fseek(f, 0, SEEK_END);
  imglen = ftell(f);
  if(imglen < 2 * BSIZE || (img = malloc(imglen)) == NULL)
    die("bad image", argv[1]);
  rewind(f);
  if(fread(img, 1, imglen, f) != (size_t)imglen)
    die("cannot read", argv[1]);
  memcpy(&sb, img + BSIZE, sizeof(sb));
  if((long)sb.size * BSIZE > imglen)
    die("superblock larger than", argv[1]);

  named("README.md")->addrs[0] = 0;
  named("grep")->addrs[0] = 0x7fffff00;
  named("ln")->size = 0x7fffffff;
  named("mkdir")->type = 7;
  addent("ghost", freeinum());
  addent("far", 60000);

  rewind(f);
  if(fwrite(img, 1, imglen, f) != (size_t)imglen || fclose(f) != 0)
    die("cannot write", argv[1]);
  return 0;
}
