// Buffer cache: NBUF disk blocks kept in memory on a most-recently-used
// list, so each block has at most one copy and one user at a time.

#include "core/core.h"
#include "fs/file.h"

// head.next is the most recently released buffer, head.prev the least.
static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head;
  int waiting;        // processes in bget waiting for a free buffer
} bcache;

// Unlink b from the list.
static void
detach(struct buf *b)
{
  b->next->prev = b->prev;
  b->prev->next = b->next;
}

// Put b at the most-recently-used end of the list.
static void
pushfront(struct buf *b)
{
  b->next = bcache.head.next;
  b->prev = &bcache.head;
  bcache.head.next->prev = b;
  bcache.head.next = b;
}

// Set up the cache with every buffer free and on the list.
void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.head.prev = &bcache.head;
  bcache.head.next = &bcache.head;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buffer");
    pushfront(b);
  }
}

// The cached buffer for (dev, blockno), or NULL. Caller holds bcache.lock.
static struct buf*
lookup(uint dev, uint blockno)
{
  struct buf *b;

  for(b = bcache.head.next; b != &bcache.head; b = b->next){
    if(b->dev == dev && b->blockno == blockno)
      return b;
  }
  return NULL;
}

// The least recently used buffer no one holds and the log does not
// need, or NULL. Caller holds bcache.lock.
static struct buf*
victim(void)
{
  struct buf *b;

  // A dirty buffer still belongs to the log, which has not installed it.
  for(b = bcache.head.prev; b != &bcache.head; b = b->prev){
    if(b->refcnt == 0 && (b->flags & B_DIRTY) == 0)
      return b;
  }
  return NULL;
}

// Return the locked buffer for (dev, blockno), recycling the least
// recently used free buffer if the block is not cached. When every
// buffer is busy, wait for one rather than fail a file system call.
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);
  for(;;){
    if((b = lookup(dev, blockno)) != NULL){
      b->refcnt++;
      break;
    }
    if((b = victim()) != NULL){
      b->dev = dev;
      b->blockno = blockno;
      b->flags = 0;
      b->refcnt = 1;
      break;
    }
    bcache.waiting++;
    sleep(&bcache, &bcache.lock);
    bcache.waiting--;
  }
  release(&bcache.lock);
  acquiresleep(&b->lock);
  return b;
}

// Return a locked buffer holding the contents of the block.
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if((b->flags & B_VALID) == 0)
    iderw(b);
  return b;
}

// Write b's contents to disk now; the caller holds its lock.
void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite");
  b->flags |= B_DIRTY;
  iderw(b);
}

// Unlock b and, when no one else holds it, make it the most recently used.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse");
  releasesleep(&b->lock);
  acquire(&bcache.lock);
  b->refcnt--;
  if(b->refcnt == 0){
    detach(b);
    pushfront(b);
    if(bcache.waiting > 0)
      wakeup(&bcache);
  }
  release(&bcache.lock);
}
