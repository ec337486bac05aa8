// Pipes: a 512-byte ring buffer between a read end and a write end,
// each an open file; readers wait for data and writers for room. A pipe
// and its ring are one object of the kernel heap's "pipe" cache.

#include "core/core.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "fs/file.h"

#define PIPESIZE 512

// nread and nwrite count bytes ever moved, so the ring holds
// nwrite - nread bytes starting at index nread % PIPESIZE.
struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];
  uint nread;
  uint nwrite;
  int readopen;   // read end still open
  int writeopen;  // write end still open
};

static struct kmcache *pipecache;

// Make the cache pipes come from; after kmallocinit.
void
pipeinit(void)
{
  if((pipecache = kmcache_create("pipe", sizeof(struct pipe), 0)) == NULL)
    panic("pipeinit");
}

// Fill in file f as one end of pipe p.
static void
setend(struct file *f, struct pipe *p, int writable)
{
  f->type = FD_PIPE;
  f->readable = !writable;
  f->writable = writable;
  f->pipe = p;
}

// Make a pipe with read end *f0 and write end *f1: 0, or -1 with nothing
// allocated when memory or file slots run out.
int
pipealloc(struct file **f0, struct file **f1)
{
  struct pipe *p;

  *f0 = *f1 = NULL;
  if((*f0 = filealloc()) == NULL || (*f1 = filealloc()) == NULL)
    goto bad;
  if((p = kmcache_alloc(pipecache)) == NULL)
    goto bad;
  initlock(&p->lock, "pipe");
  p->nread = p->nwrite = 0;
  p->readopen = p->writeopen = 1;
  setend(*f0, p, 0);
  setend(*f1, p, 1);
  return 0;

bad:
  // Still FD_NONE, so closing them only frees the files.
  if(*f0 != NULL)
    fileclose(*f0);
  if(*f1 != NULL)
    fileclose(*f1);
  return -1;
}

// Close one end of p, freeing p when both ends are closed.
void
pipeclose(struct pipe *p, int writable)
{
  acquire(&p->lock);
  if(writable){
    p->writeopen = 0;
    wakeup(&p->nread);
  } else {
    p->readopen = 0;
    wakeup(&p->nwrite);
  }
  if(p->readopen || p->writeopen){
    release(&p->lock);
    return;
  }
  release(&p->lock);
  kmcache_free(pipecache, p);
}

// Copy up to n bytes from src into the ring without wrapping: the count
// copied, or -1 on a bad pointer. Caller holds p->lock.
static int
fill(struct pipe *p, const char __user *src, int n)
{
  uint i = p->nwrite % PIPESIZE;
  uint m = PIPESIZE - (p->nwrite - p->nread);

  if(m > PIPESIZE - i)
    m = PIPESIZE - i;
  if(m > (uint)n)
    m = n;
  if(copyin(p->data + i, src, m) < 0)
    return -1;
  p->nwrite += m;
  return m;
}

// Write all n bytes from addr into p, waiting for room as needed: n, or -1
// if the read end closes, the caller is killed, or addr is bad.
int
pipewrite(struct pipe *p, const char __user *addr, int n)
{
  int i = 0, m;

  acquire(&p->lock);
  while(i < n){
    if(!p->readopen || myproc()->killed)
      goto bad;
    if(p->nwrite == p->nread + PIPESIZE){
      wakeup(&p->nread);
      sleep(&p->nwrite, &p->lock);
      continue;
    }
    if((m = fill(p, addr + i, n - i)) < 0)
      goto bad;
    i += m;
  }
  wakeup(&p->nread);
  release(&p->lock);
  return n;

bad:
  // Readers may be waiting for bytes this call already added.
  wakeup(&p->nread);
  release(&p->lock);
  return -1;
}

// Copy up to n bytes from the ring to dst without wrapping: the count
// copied, or -1 on a bad pointer, in which case nothing is consumed.
// Caller holds p->lock.
static int
drain(struct pipe *p, char __user *dst, int n)
{
  uint i = p->nread % PIPESIZE;
  uint m = p->nwrite - p->nread;

  if(m > PIPESIZE - i)
    m = PIPESIZE - i;
  if(m > (uint)n)
    m = n;
  if(copyout(dst, p->data + i, m) < 0)
    return -1;
  p->nread += m;
  return m;
}

// Read up to n bytes from p into addr, waiting while p is empty and a
// writer remains: the count read (0 at end of file), or -1 if the caller
// is killed or addr is bad before any byte was delivered.
int
piperead(struct pipe *p, char __user *addr, int n)
{
  int i = 0, m;

  // Asking for nothing must not wait for a writer.
  if(n == 0)
    return 0;
  acquire(&p->lock);
  while(p->nread == p->nwrite && p->writeopen){
    if(myproc()->killed){
      release(&p->lock);
      return -1;
    }
    sleep(&p->nread, &p->lock);
  }
  // At most two pieces: up to the end of the ring, then from its start.
  while(i < n && p->nread != p->nwrite){
    if((m = drain(p, addr + i, n - i)) < 0){
      if(i == 0)
        i = -1;
      break;
    }
    i += m;
  }
  wakeup(&p->nwrite);
  release(&p->lock);
  return i;
}
