// Write-ahead log: a file system call's block writes reach their home
// locations only after the whole group of calls is safely in the log,
// so a crash leaves every call either fully done or not done at all.

#include "core/core.h"
#include "fs/file.h"

// The header block, at logstart: how many blocks are committed, and
// the home block number of each log block that follows the header.
struct logheader {
  int n;
  int block[LOGSIZE];
};

static struct {
  struct spinlock lock;
  int start;        // header block; log data blocks follow it
  int cap;          // most blocks one commit can hold: the log area
                    // is a header block, then up to LOGSIZE blocks
  int outstanding;  // calls between begin_op and end_op
  int committing;   // a commit is writing the log; wait for it
  int dev;
  struct logheader lh;
} log;

// Copy each committed log block to its home block, in place on disk.
static void
install(void)
{
  int i;
  struct buf *lbuf, *dbuf;

  for(i = 0; i < log.lh.n; i++){
    lbuf = bread(log.dev, log.start + i + 1);
    dbuf = bread(log.dev, log.lh.block[i]);
    memmove(dbuf->data, lbuf->data, BSIZE);
    bwrite(dbuf);
    brelse(lbuf);
    brelse(dbuf);
  }
}

// Load the on-disk header into log.lh.
static void
readhead(void)
{
  struct buf *b;
  struct logheader *lh;
  int i;

  b = bread(log.dev, log.start);
  lh = (struct logheader *)b->data;
  log.lh.n = lh->n;
  if(log.lh.n < 0 || log.lh.n > log.cap)
    panic("log: corrupt header");
  for(i = 0; i < log.lh.n; i++)
    log.lh.block[i] = lh->block[i];
  brelse(b);
}

// Store log.lh in the header block; with n > 0 this is the commit point.
static void
writehead(void)
{
  struct buf *b;
  struct logheader *lh;
  int i;

  b = bread(log.dev, log.start);
  lh = (struct logheader *)b->data;
  lh->n = log.lh.n;
  for(i = 0; i < log.lh.n; i++)
    lh->block[i] = log.lh.block[i];
  bwrite(b);
  brelse(b);
}

// Finish any transaction a crash interrupted, then empty the log.
static void
recover(void)
{
  readhead();
  install();
  log.lh.n = 0;
  writehead();
}

// Find the log on dev and replay it; called once before any file system call.
void
initlog(int dev)
{
  struct superblock sb;

  if(sizeof(struct logheader) > BSIZE)
    panic("initlog: header too big");
  initlock(&log.lock, "log");
  readsb(dev, &sb);
  // The log must take at least one call's worst case.
  if(sb.nlog < MAXOPBLOCKS + 1)
    panic("initlog: log too small");
  log.start = sb.logstart;
  log.cap = sb.nlog - 1 < LOGSIZE ? sb.nlog - 1 : LOGSIZE;
  log.dev = dev;
  recover();
}

// Copy each block of the transaction from the cache into the log area.
static void
writelog(void)
{
  int i;
  struct buf *to, *from;

  for(i = 0; i < log.lh.n; i++){
    to = bread(log.dev, log.start + i + 1);
    from = bread(log.dev, log.lh.block[i]);
    memmove(to->data, from->data, BSIZE);
    bwrite(to);
    brelse(from);
    brelse(to);
  }
}

// Make the transaction durable, install it, then clear the log.
static void
commit(void)
{
  if(log.lh.n == 0)
    return;
  writelog();
  writehead();
  install();
  log.lh.n = 0;
  writehead();
}

// Start a file system call; waits while a commit runs or while the log
// could not hold this call's worst case on top of those already running.
void
begin_op(void)
{
  acquire(&log.lock);
  for(;;){
    if(log.committing)
      sleep(&log, &log.lock);
    else if(log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.cap)
      sleep(&log, &log.lock);
    else
      break;
  }
  log.outstanding++;
  release(&log.lock);
}

// End a file system call; the last one out commits the whole group.
void
end_op(void)
{
  int docommit = 0;

  acquire(&log.lock);
  if(log.committing)
    panic("end_op: committing");
  log.outstanding--;
  if(log.outstanding == 0){
    docommit = 1;
    log.committing = 1;
  } else {
    // This call's reserved space is free again for a waiting begin_op.
    wakeup(&log);
  }
  release(&log.lock);
  if(!docommit)
    return;
  // Committing sleeps on the disk, so it cannot hold the spinlock.
  commit();
  acquire(&log.lock);
  log.committing = 0;
  wakeup(&log);
  release(&log.lock);
}

// Record that b, modified by the current call, belongs to the
// transaction; b stays in the cache (B_DIRTY) until commit installs it.
void
log_write(struct buf *b)
{
  int i;

  acquire(&log.lock);
  if(log.lh.n >= log.cap)
    panic("log_write: transaction too big");
  if(log.outstanding < 1)
    panic("log_write: outside a transaction");
  for(i = 0; i < log.lh.n; i++){
    if(log.lh.block[i] == b->blockno)
      break;
  }
  log.lh.block[i] = b->blockno;
  if(i == log.lh.n)
    log.lh.n++;
  b->flags |= B_DIRTY;
  release(&log.lock);
}
