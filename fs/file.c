// Open files: struct files from the kernel heap's "file" cache, at most
// NFILE at a time, shared by descriptors through reference counts, and
// the device switch.

#include "core/core.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "stat.h"
#include "fs/file.h"

// Largest write one transaction may carry: each block written can cost
// a data block and an indirect block, after the inode, the bitmap and
// two blocks of slack for unaligned ends.
#define MAXWRITE (((MAXOPBLOCKS - 1 - 1 - 2) / 2) * BSIZE)

struct devsw devsw[NDEV];

// ftable.lock guards n and every file's ref.
static struct {
  struct spinlock lock;
  int n;              // files allocated, at most NFILE
} ftable;

static struct kmcache *filecache;

// Make the caches open files, pipes and inodes come from; after
// kmallocinit, before userinit.
void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
  if((filecache = kmcache_create("file", sizeof(struct file), 0)) == NULL)
    panic("fileinit");
  pipeinit();
  itableinit();
}

// Return a zeroed file (FD_NONE) with one reference, or NULL when NFILE
// files exist or the heap is out of memory.
struct file*
filealloc(void)
{
  struct file *f = NULL;

  acquire(&ftable.lock);
  if(ftable.n < NFILE && (f = kmcache_alloc(filecache)) != NULL)
    ftable.n++;
  release(&ftable.lock);
  if(f == NULL)
    return NULL;
  memset(f, 0, sizeof(*f));
  f->ref = 1;
  return f;
}

// Add a reference to f and return it.
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drop a reference to f; the last one frees f and releases its pipe or
// inode.
void
fileclose(struct file *f)
{
  struct file ff;

  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose");
  if(--f->ref > 0){
    release(&ftable.lock);
    return;
  }
  ff = *f;
  ftable.n--;
  release(&ftable.lock);
  kmcache_free(filecache, f);
  if(ff.type == FD_PIPE){
    pipeclose(ff.pipe, ff.writable);
  } else if(ff.type == FD_INODE){
    // The last reference to an unlinked inode frees it on disk.
    begin_op();
    iput(ff.ip);
    end_op();
  }
}

// Copy f's metadata out to st: 0, or -1 for a pipe or a bad pointer.
int
filestat(struct file *f, struct stat __user *st)
{
  struct stat kst;

  if(f->type != FD_INODE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &kst);
  iunlock(f->ip);
  return copyout(st, &kst, sizeof(kst));
}

// Read up to n bytes from f into addr: the count read, or -1.
int
fileread(struct file *f, char __user *addr, int n)
{
  int r;

  if(!f->readable)
    return -1;
  if(f->type == FD_PIPE)
    return piperead(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("fileread");
  ilock(f->ip);
  if((r = readi(f->ip, 1, (__force uint)addr, f->off, n)) > 0)
    f->off += r;
  iunlock(f->ip);
  return r;
}

// Write one transaction's worth of an inode write: the count written, or -1.
static int
writechunk(struct file *f, const char __user *addr, int n)
{
  int r;

  begin_op();
  ilock(f->ip);
  if((r = writei(f->ip, 1, (__force uint)addr, f->off, n)) > 0)
    f->off += r;
  iunlock(f->ip);
  end_op();
  return r;
}

// Write n bytes from addr to f: the count written, which is short only
// if the disk fills or the file reaches its maximum size partway, or -1.
int
filewrite(struct file *f, const char __user *addr, int n)
{
  int i, m, r;

  if(!f->writable)
    return -1;
  if(f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("filewrite");
  for(i = 0; i < n; i += r){
    m = n - i < MAXWRITE ? n - i : MAXWRITE;
    r = writechunk(f, addr + i, m);
    if(r < 0)
      return i > 0 ? i : -1;
    if(r < m)
      return i + r > 0 ? i + r : -1;
  }
  return n;
}

// Write n bytes of kernel memory at src over ip's bytes from off on, in
// transactions no bigger than a write()'s, never past the file's size
// as it is then (write-back of mapped pages never grows a file): the
// count written. Sleeps; call outside any transaction.
int
iwriteback(struct inode *ip, const char *src, uint off, uint n)
{
  uint done, m;
  int r;

  for(done = 0; done < n; done += m){
    m = n - done < MAXWRITE ? n - done : MAXWRITE;
    begin_op();
    ilock(ip);
    if(off + done >= ip->size)
      m = 0;
    else if(m > ip->size - off - done)
      m = ip->size - off - done;
    r = m > 0 ? writei(ip, 0, (uint)src + done, off + done, m) : 0;
    iunlock(ip);
    end_op();
    if(m == 0 || r != (int)m)
      return done + (r > 0 ? r : 0);
  }
  return done;
}
