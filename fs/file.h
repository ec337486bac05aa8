// What fs/ exports: open files, in-memory inodes, devices, pipes,
// the buffer cache and the log.
#ifndef MODX6_FILE_H
#define MODX6_FILE_H

#include "core/core.h"
#include "fs.h"

// A disk block in the buffer cache.
struct buf {
  int flags;
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;
  struct buf *prev;   // LRU cache list
  struct buf *next;
  struct buf *qnext;  // disk queue
  uchar data[BSIZE];
};
#define B_VALID 0x2   // buffer has been read from disk
#define B_DIRTY 0x4   // buffer needs to be written to disk

struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE } type;
  int ref;            // reference count
  char readable;
  char writable;
  struct pipe *pipe;
  struct inode *ip;
  uint off;
  char name[DIRSIZ+1]; // the last element of the path opened (for pmap)
};

// In-memory copy of an inode; dev, inum, ref and next are guarded by the
// inode list's lock (fs.c).
struct inode {
  uint dev;           // device number
  uint inum;          // inode number
  int ref;            // reference count
  struct inode *next; // on the in-memory inode list
  struct sleeplock lock; // protects everything below here
  int valid;          // inode has been read from disk?

  short type;         // copy of disk inode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT+1];
};

// Devices by major number: read and write take user addresses.
struct devsw {
  int (*read)(struct inode *ip, char __user *dst, int n);
  int (*write)(struct inode *ip, const char __user *src, int n);
};
extern struct devsw devsw[];

#define CONSOLE 1
#define MAXPATH 128   // longest path a system call accepts, with its NUL

// bio.c
void            binit(void);
struct buf*     bread(uint dev, uint blockno);
void            brelse(struct buf *b);
void            bwrite(struct buf *b);

// log.c
void            initlog(int dev);
void            log_write(struct buf *b);
void            begin_op(void);
void            end_op(void);

// fs.c: inodes and directories. readi/writei move data to or from a
// user address (user != 0) or a kernel address (user == 0).
void            readsb(int dev, struct superblock *sb);
int             dirlink(struct inode *dp, char *name, uint inum);
struct inode*   dirlookup(struct inode *dp, char *name, uint *poff);
struct inode*   ialloc(uint dev, short type);
struct inode*   idup(struct inode *ip);
void            iinit(int dev);
void            itableinit(void);
void            ilock(struct inode *ip);
void            iput(struct inode *ip);
void            iunlock(struct inode *ip);
void            iunlockput(struct inode *ip);
void            iupdate(struct inode *ip);
int             namecmp(const char *s, const char *t);
struct inode*   namei(char *path);
struct inode*   nameiparent(char *path, char *name);
int             readi(struct inode *ip, int user, uint dst, uint off, uint n);
void            stati(struct inode *ip, struct stat *st);
int             writei(struct inode *ip, int user, uint src, uint off, uint n);
void            itrunc(struct inode *ip);

// path.c: pure path parsing (host-tested).
char*           skipelem(char *path, char *name);

// file.c
struct file*    filealloc(void);
void            fileclose(struct file *f);
struct file*    filedup(struct file *f);
void            fileinit(void);
int             fileread(struct file *f, char __user *addr, int n);
int             filestat(struct file *f, struct stat __user *st);
int             filewrite(struct file *f, const char __user *addr, int n);
int             iwriteback(struct inode *ip, const char *src, uint off,
                           uint n);

// pipe.c
void            pipeinit(void);
int             pipealloc(struct file **f0, struct file **f1);
void            pipeclose(struct pipe *p, int writable);
int             piperead(struct pipe *p, char __user *addr, int n);
int             pipewrite(struct pipe *p, const char __user *addr, int n);

#endif
