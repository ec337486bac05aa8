// PIO driver for the disk on the primary IDE channel. Requests wait in
// a queue; the interrupt handler finishes the head and starts the next.

#include "core/core.h"
#include "traps.h"
#include "fs/file.h"

#define SECTOR_SIZE   512
#define IDE_DATA      0x1f0
#define IDE_NSECT     0x1f2
#define IDE_LBA0      0x1f3
#define IDE_LBA1      0x1f4
#define IDE_LBA2      0x1f5
#define IDE_DRIVE     0x1f6
#define IDE_CMD       0x1f7   // status when read
#define IDE_CTL       0x3f6

#define IDE_BSY       0x80
#define IDE_DRDY      0x40
#define IDE_DF        0x20
#define IDE_ERR       0x01

#define IDE_CMD_READ  0x20
#define IDE_CMD_WRITE 0x30
#define IDE_CMD_RDMUL 0xc4
#define IDE_CMD_WRMUL 0xc5

// Queue of pending requests; the head is the one the disk is working on.
static struct spinlock idelock;
static struct buf *idequeue;

// Whether the primary slave (dev 1) answered the probe at boot.
static int havedisk1;

// Spin until the drive is ready; -1 if it reports a fault or error.
static int
idewait(int checkerr)
{
  int r;

  while(((r = inb(IDE_CMD)) & (IDE_BSY|IDE_DRDY)) != IDE_DRDY)
    ;
  if(checkerr && (r & (IDE_DF|IDE_ERR)) != 0)
    return -1;
  return 0;
}

// Look for the slave drive: its status turns non-zero once selected.
static int
probe1(void)
{
  int i;

  outb(IDE_DRIVE, 0xe0 | (1<<4));
  for(i = 0; i < 1000; i++){
    if(inb(IDE_CMD) != 0)
      return 1;
  }
  return 0;
}

// Enable the disk interrupt and find out whether the file system disk is there.
void
ideinit(void)
{
  initlock(&idelock, "ide");
  ioapicenable(IRQ_IDE, ncpu - 1);
  // Probe before waiting: an absent drive never reports ready.
  havedisk1 = probe1();
  if(havedisk1)
    idewait(0);
  else
    cprintf("ide: no disk 1\n");
}

// Program the controller for b and, for a write, send the data. Caller holds idelock.
static void
idestart(struct buf *b)
{
  int per = BSIZE / SECTOR_SIZE;
  int sector = b->blockno * per;
  int rcmd = per == 1 ? IDE_CMD_READ : IDE_CMD_RDMUL;
  int wcmd = per == 1 ? IDE_CMD_WRITE : IDE_CMD_WRMUL;

  if(b->blockno >= FSSIZE)
    panic("idestart: block out of range");
  if(per > 7)
    panic("idestart: block too big");
  idewait(0);
  outb(IDE_CTL, 0);   // ask for an interrupt when done
  outb(IDE_NSECT, per);
  outb(IDE_LBA0, sector & 0xff);
  outb(IDE_LBA1, (sector >> 8) & 0xff);
  outb(IDE_LBA2, (sector >> 16) & 0xff);
  outb(IDE_DRIVE, 0xe0 | ((b->dev & 1) << 4) | ((sector >> 24) & 0x0f));
  if(b->flags & B_DIRTY){
    outb(IDE_CMD, wcmd);
    outsl(IDE_DATA, b->data, BSIZE / 4);
  } else {
    outb(IDE_CMD, rcmd);
  }
}

// Handle the disk interrupt: finish the head request, wake its waiter, start the next.
void
ideintr(void)
{
  struct buf *b;

  acquire(&idelock);
  if((b = idequeue) == NULL){
    release(&idelock);
    return;
  }
  idequeue = b->qnext;
  if(!(b->flags & B_DIRTY) && idewait(1) >= 0)
    insl(IDE_DATA, b->data, BSIZE / 4);
  b->flags |= B_VALID;
  b->flags &= ~B_DIRTY;
  wakeup(b);
  if(idequeue != NULL)
    idestart(idequeue);
  release(&idelock);
}

// Append b to the request queue, starting the disk if it was idle.
static void
enqueue(struct buf *b)
{
  struct buf **pp;

  b->qnext = NULL;
  for(pp = &idequeue; *pp != NULL; pp = &(*pp)->qnext)
    ;
  *pp = b;
  if(idequeue == b)
    idestart(b);
}

// Write b to disk if dirty, else read it; return when b is valid and clean.
// Caller holds b->lock.
void
iderw(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("iderw: buf not locked");
  if((b->flags & (B_VALID|B_DIRTY)) == B_VALID)
    panic("iderw: nothing to do");
  // Only the primary slave holds a file system; the master is absent.
  if(b->dev != 1 || !havedisk1)
    panic("iderw: no such disk");
  acquire(&idelock);
  enqueue(b);
  while((b->flags & (B_VALID|B_DIRTY)) != B_VALID)
    sleep(b, &idelock);
  release(&idelock);
}
