// The file system proper: block allocation, inodes, file contents,
// directories and path names, on top of the buffer cache and the log.

#include "core/core.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "stat.h"
#include "fs/file.h"

#define min(a, b) ((a) < (b) ? (a) : (b))

// The superblock of the one mounted file system, read by iinit.
static struct superblock sb;

// Copy dev's superblock into *s.
void
readsb(int dev, struct superblock *s)
{
  struct buf *bp;

  bp = bread(dev, 1);
  memmove(s, bp->data, sizeof(*s));
  brelse(bp);
}

// Fill block bno with zeros, inside the caller's transaction.
static void
bzero(int dev, int bno)
{
  struct buf *bp;

  bp = bread(dev, bno);
  memset(bp->data, 0, BSIZE);
  log_write(bp);
  brelse(bp);
}

// Claim a free bit in bitmap block bp covering blocks from base on;
// the block number, or 0 if every bit there is taken.
static uint
bclaim(struct buf *bp, uint base)
{
  uint bi, m;

  for(bi = 0; bi < BPB && base + bi < sb.size; bi++){
    m = 1 << (bi % 8);
    if((bp->data[bi/8] & m) == 0){
      bp->data[bi/8] |= m;
      log_write(bp);
      return base + bi;
    }
  }
  return 0;
}

// Allocate a zeroed disk block; 0 when the disk is full, which a
// user can cause, so it is an error and not a panic.
static uint
balloc(uint dev)
{
  uint base, b;
  struct buf *bp;

  for(base = 0; base < sb.size; base += BPB){
    bp = bread(dev, BBLOCK(base, sb));
    b = bclaim(bp, base);
    brelse(bp);
    if(b != 0){
      bzero(dev, b);
      return b;
    }
  }
  return 0;
}

// Mark block b free in the bitmap; a number past the disk (from a
// damaged inode) frees nothing.
static void
bfree(int dev, uint b)
{
  struct buf *bp;
  uint bi, m;

  if(b >= sb.size)
    return;
  bp = bread(dev, BBLOCK(b, sb));
  bi = b % BPB;
  m = 1 << (bi % 8);
  if((bp->data[bi/8] & m) == 0)
    panic("bfree: block already free");
  bp->data[bi/8] &= ~m;
  log_write(bp);
  brelse(bp);
}

// The in-memory inodes: each referenced inode is an object of the
// kernel heap's "inode" cache on itable.list, at most NINODE at once.
// The last iput frees it, as xv6's table forgets an unreferenced entry:
// the next iget reads the disk inode again, from the buffer cache.
// itable.lock guards the list, n, and each inode's next, ref, dev and
// inum; each inode's sleeplock the rest.
static struct {
  struct spinlock lock;
  struct inode *list;
  int n;              // inodes on list
} itable;

static struct kmcache *inodecache;

// Make the inode cache; after kmallocinit, before the first namei
// (userinit's, which needs no disk read).
void
itableinit(void)
{
  initlock(&itable.lock, "itable");
  if((inodecache = kmcache_create("inode", sizeof(struct inode), 0)) == NULL)
    panic("itableinit");
}

// Read dev's superblock; from the first process, as it sleeps.
void
iinit(int dev)
{
  readsb(dev, &sb);
}

// Return a referenced, unlocked in-memory inode for (dev, inum) without
// reading the disk; NULL when NINODE are in memory or the heap is out.
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip;

  acquire(&itable.lock);
  for(ip = itable.list; ip != NULL; ip = ip->next){
    if(ip->dev == dev && ip->inum == inum){
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
  }
  if(itable.n < NINODE && (ip = kmcache_alloc(inodecache)) != NULL){
    ip->dev = dev;
    ip->inum = inum;
    ip->ref = 1;
    ip->valid = 0;
    initsleeplock(&ip->lock, "inode");
    ip->next = itable.list;
    itable.list = ip;
    itable.n++;
  }
  release(&itable.lock);
  return ip;
}

// Take ip, which has no references left, off the list; caller holds
// itable.lock.
static void
iunlist(struct inode *ip)
{
  struct inode **pp;

  for(pp = &itable.list; *pp != ip; pp = &(*pp)->next)
    ;
  *pp = ip->next;
  itable.n--;
}

// Allocate a disk inode of the given type and return it referenced and
// unlocked; NULL when the disk or the inode table has no room.
struct inode*
ialloc(uint dev, short type)
{
  uint inum;
  struct buf *bp;
  struct dinode *dip;
  struct inode *ip;

  for(inum = 1; inum < sb.ninodes; inum++){
    bp = bread(dev, IBLOCK(inum, sb));
    dip = (struct dinode *)bp->data + inum % IPB;
    if(dip->type != 0){
      brelse(bp);
      continue;
    }
    // Take the table slot first so a full table leaks no disk inode.
    ip = iget(dev, inum);
    if(ip != NULL){
      memset(dip, 0, sizeof(*dip));
      dip->type = type;
      log_write(bp);
    }
    brelse(bp);
    return ip;
  }
  return NULL;
}

// Write ip's in-memory fields to its disk inode; caller holds ip->lock
// and is inside a transaction.
void
iupdate(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode *)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
}

// Add a reference to ip and return it.
struct inode*
idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

// Whether a disk inode holding type and size is one the file system
// could have written.
static int
sane(short type, uint size)
{
  if(type != T_DIR && type != T_FILE && type != T_DEV)
    return 0;
  return size <= MAXFILE * BSIZE;
}

// Copy ip's disk inode into memory; caller holds ip->lock. A bad disk
// inode (free, yet named by a directory entry, or garbage) reads as not
// in use, type 0: lookups refuse it and iput never frees it, so a
// damaged disk gives errors, not a panic.
static void
iload(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode *)bp->data + ip->inum % IPB;
  ip->type = dip->type;
  ip->major = dip->major;
  ip->minor = dip->minor;
  ip->nlink = dip->nlink;
  ip->size = dip->size;
  memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
  brelse(bp);
  ip->valid = 1;
  if(!sane(ip->type, ip->size))
    ip->type = 0;
}

// Lock ip, reading it from disk the first time.
void
ilock(struct inode *ip)
{
  if(ip == NULL || ip->ref < 1)
    panic("ilock");
  acquiresleep(&ip->lock);
  if(!ip->valid)
    iload(ip);
}

// Unlock ip.
void
iunlock(struct inode *ip)
{
  if(ip == NULL || !holdingsleep(&ip->lock) || ip->ref < 1)
    panic("iunlock");
  releasesleep(&ip->lock);
}

// Drop a reference to ip, freeing it with the last one; the last reference
// to an inode in use that no directory names also frees it on disk, so
// callers must be inside a transaction.
// Only that last reference takes ip's lock: no one else can hold it
// then, so iput never waits, and a caller may hold another inode's
// lock (create holds the new file's while it puts the directory).
void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if(ip->ref == 1 && ip->valid && ip->type != 0 && ip->nlink == 0){
    release(&itable.lock);
    acquiresleep(&ip->lock);
    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    ip->valid = 0;
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  if(--ip->ref > 0){
    release(&itable.lock);
    return;
  }
  iunlist(ip);
  release(&itable.lock);
  kmcache_free(inodecache, ip);
}

// Unlock ip, then drop a reference to it.
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// Return the block number in slot *slot, allocating it if empty and
// alloc is set; 0 for an empty slot, a full disk, or a number past the
// disk (a damaged inode). dirty is set when *slot changes.
static uint
slotget(uint dev, uint *slot, int alloc, int *dirty)
{
  if(*slot >= sb.size)
    return 0;
  if(*slot == 0 && alloc){
    *slot = balloc(dev);
    if(*slot != 0)
      *dirty = 1;
  }
  return *slot;
}

// Return the disk block holding block bn of ip's contents, allocating
// as needed if alloc is set; 0 when there is none (see slotget).
static uint
bmap(struct inode *ip, uint bn, int alloc)
{
  uint ind, addr;
  int dirty = 0;
  struct buf *bp;

  if(bn < NDIRECT)
    return slotget(ip->dev, &ip->addrs[bn], alloc, &dirty);
  bn -= NDIRECT;
  if(bn >= NINDIRECT)
    panic("bmap: out of range");
  if((ind = slotget(ip->dev, &ip->addrs[NDIRECT], alloc, &dirty)) == 0)
    return 0;
  bp = bread(ip->dev, ind);
  addr = slotget(ip->dev, (uint *)bp->data + bn, alloc, &dirty);
  if(dirty)
    log_write(bp);
  brelse(bp);
  return addr;
}

// Free the indirect block ind and every block it lists.
static void
freeind(uint dev, uint ind)
{
  struct buf *bp;
  uint *a;
  uint j;

  if(ind >= sb.size)
    return;
  bp = bread(dev, ind);
  a = (uint *)bp->data;
  for(j = 0; j < NINDIRECT; j++){
    if(a[j] != 0)
      bfree(dev, a[j]);
  }
  brelse(bp);
  bfree(dev, ind);
}

// Free all of ip's data blocks and set its size to 0; caller holds
// ip->lock and is inside a transaction.
void
itrunc(struct inode *ip)
{
  int i;

  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i] != 0){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if(ip->addrs[NDIRECT] != 0){
    freeind(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

// Fill *st from ip; caller holds ip->lock.
void
stati(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// The device switch entry for ip, or NULL if its major number names none.
static struct devsw*
devof(struct inode *ip)
{
  if(ip->major < 0 || ip->major >= NDEV)
    return NULL;
  return &devsw[ip->major];
}

// Read n bytes of a device inode into dst; -1 if there is no driver.
static int
devread(struct inode *ip, uint dst, uint n)
{
  struct devsw *d = devof(ip);

  if(d == NULL || d->read == NULL)
    return -1;
  return d->read(ip, (char __user *)dst, n);
}

// Write n bytes from src to a device inode; -1 if there is no driver.
static int
devwrite(struct inode *ip, uint src, uint n)
{
  struct devsw *d = devof(ip);

  if(d == NULL || d->write == NULL)
    return -1;
  return d->write(ip, (const char __user *)src, n);
}

// Read up to n bytes of ip from offset off into dst, stopping at the end
// of the file: the count read, or -1 on a bad destination or a damaged
// inode. Caller holds ip->lock.
int
readi(struct inode *ip, int user, uint dst, uint off, uint n)
{
  uint tot, m, bno;
  struct buf *bp;

  if(ip->type == T_DEV)
    return devread(ip, dst, n);
  if(off + n < off)
    return -1;
  if(off >= ip->size)
    return 0;
  n = min(n, ip->size - off);
  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    // Writes leave no holes: a missing block is a damaged inode. Reads
    // allocate nothing, so they need no transaction.
    if((bno = bmap(ip, off / BSIZE, 0)) == 0)
      return -1;
    bp = bread(ip->dev, bno);
    m = min(n - tot, BSIZE - off % BSIZE);
    if(either_copyout(user, dst, bp->data + off % BSIZE, m) < 0){
      brelse(bp);
      return -1;
    }
    brelse(bp);
  }
  return n;
}

// Copy m bytes from src into ip at off, which bmap has mapped to bno.
static int
writeblock(struct inode *ip, uint bno, int user, uint src, uint off, uint m)
{
  struct buf *bp;
  int r;

  bp = bread(ip->dev, bno);
  r = either_copyin(user, bp->data + off % BSIZE, src, m);
  // A failed copy may have changed part of the block; log it anyway so
  // the cache never holds changes the disk will not get.
  log_write(bp);
  brelse(bp);
  return r;
}

// Write n bytes from src into ip at offset off, growing the file up to
// MAXFILE blocks: the count written (short if the disk fills), or -1 on
// a bad offset, an overflow or a bad source. Caller holds ip->lock and
// is inside a transaction.
int
writei(struct inode *ip, int user, uint src, uint off, uint n)
{
  uint tot, m, bno;
  int bad = 0;

  if(ip->type == T_DEV)
    return devwrite(ip, src, n);
  if(off > ip->size || off + n < off || off + n > MAXFILE * BSIZE)
    return -1;
  for(tot = 0; tot < n; tot += m, off += m, src += m){
    if((bno = bmap(ip, off / BSIZE, 1)) == 0)
      break;
    m = min(n - tot, BSIZE - off % BSIZE);
    if(writeblock(ip, bno, user, src, off, m) < 0){
      bad = 1;
      break;
    }
  }
  if(off > ip->size)
    ip->size = off;
  // bmap may have added blocks even when the size stayed the same.
  iupdate(ip);
  if(tot > 0 && ip->type == T_FILE)
    vmfilewrote(ip, off - tot, tot, user ? 0 : src - tot);
  return bad ? -1 : (int)tot;
}

// Compare two directory entry names, which need no NUL at DIRSIZ bytes.
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// Find name in directory dp: its inode number with its byte offset in
// *poff (if poff is not NULL), or 0 if absent. Caller holds dp->lock.
static uint
dirfind(struct inode *dp, char *name, uint *poff)
{
  uint off;
  struct dirent de;

  if(dp->type != T_DIR)
    panic("dirfind: not a directory");
  // A size that is not a whole number of entries (a damaged disk) ends
  // the search at the last whole one.
  for(off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de))
      return 0;
    if(de.inum != 0 && namecmp(name, de.name) == 0){
      if(poff != NULL)
        *poff = off;
      return de.inum;
    }
  }
  return 0;
}

// Look name up in directory dp: its inode, referenced and unlocked, or
// NULL (also for an entry whose inode number is past the inode table).
// Caller holds dp->lock.
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint inum;

  if((inum = dirfind(dp, name, poff)) == 0 || inum >= sb.ninodes)
    return NULL;
  return iget(dp->dev, inum);
}

// Add the entry (name, inum) to directory dp: 0, or -1 if name is already
// there, dp has been removed (no links: an entry there would outlive it
// and leak its inode) or cannot grow. Caller holds dp->lock in a
// transaction.
int
dirlink(struct inode *dp, char *name, uint inum)
{
  uint off;
  struct dirent de;

  if(dp->nlink < 1 || dirfind(dp, name, NULL) != 0)
    return -1;
  for(off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de))
      return -1;
    if(de.inum == 0)
      break;
  }
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if(writei(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

// Whether ip's disk inode is in use, so a path may lead to it.
static int
inuse(struct inode *ip)
{
  int r;

  ilock(ip);
  r = ip->type != 0;
  iunlock(ip);
  return r;
}

// Walk path from the root or the current directory. With parent set,
// stop one element early, copy the last element into name, and return
// the directory that holds it. The result is referenced and unlocked.
// A removed directory (no links) names nothing, not even "." or "..":
// its ".." may name an inode long since freed.
static struct inode*
namex(char *path, int parent, char *name)
{
  struct inode *ip, *next;

  // An empty path names nothing, not the current directory.
  if(*path == '\0')
    return NULL;
  if(*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(myproc()->cwd);
  if(ip == NULL)
    return NULL;
  while((path = skipelem(path, name)) != NULL){
    ilock(ip);
    if(ip->type != T_DIR || ip->nlink < 1){
      iunlockput(ip);
      return NULL;
    }
    if(parent && *path == '\0'){
      iunlock(ip);
      return ip;
    }
    next = dirlookup(ip, name, NULL);
    iunlockput(ip);
    if(next == NULL)
      return NULL;
    ip = next;
    // An inner element is checked when the loop locks it.
    if(*path == '\0' && !inuse(ip)){
      iput(ip);
      return NULL;
    }
  }
  if(parent){
    iput(ip);
    return NULL;
  }
  return ip;
}

// The inode path names, or NULL. Caller is inside a transaction.
struct inode*
namei(char *path)
{
  char name[DIRSIZ];

  return namex(path, 0, name);
}

// The directory holding path's last element, copied into name
// (DIRSIZ bytes), or NULL. Caller is inside a transaction.
struct inode*
nameiparent(char *path, char *name)
{
  return namex(path, 1, name);
}
