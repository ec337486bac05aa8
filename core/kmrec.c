// The kernel allocation trace: a recorder, off at boot, that logs every
// kmalloc, kmfree, kmcache_alloc and kmcache_free into a bounded buffer
// which user space switches on and off and drains (kmtrace, syscall 35).
//
// The hooks in core/kmalloc.c test kmrecon and call kmrecord only when it
// is set, so a recorder that is off costs each operation one load and one
// branch. The buffer is one run of pages from the page allocator, taken
// by KT_ON and given back once recording is off and every record has been
// drained; it holds KT_CAP records and a full buffer drops the newest
// operation and counts it. The recorder never calls kmalloc, so it does
// not recurse and does not record itself.
//
// Locking: rec.lock guards everything here but kmrecon's reads by the
// hooks. It is the innermost lock of the kernel: nothing is acquired and
// nothing is allocated or freed while it is held (pages are taken before
// it and given back after it). The hooks run inside a pushcli section
// of kmalloc.c, so interrupts are off on the recording CPU and an interrupt
// handler's kmalloc cannot deadlock on it.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "ktrace.h"

#define ORDER 8   // the buffer is 2^ORDER pages
_Static_assert(KT_CAP * sizeof(struct ktrec) == PGSIZE << ORDER,
               "KT_CAP records fill the buffer's 2^ORDER pages");

// Read without the lock by the hooks: a hook that races with KT_OFF sees
// the old value and kmrecord checks again under the lock.
int kmrecon;

static struct {
  struct spinlock lock;
  struct ktrec *buf;     // KT_CAP records, or NULL when none held
  uint head;             // the oldest record's index
  uint n;                // records held
  uint dropped;
  int on;
  struct {
    struct kmcache *c;
    const char *name;
    uint size;
  } caches[KT_MAXCACHES];  // id i + 1 is caches[i]
  uint ncaches;
} rec;

// Set up the recorder's lock, off; call before any kmcache_create.
void
kmrecinit(void)
{
  initlock(&rec.lock, "kmrec");
}

// Give cache c, made with name and object size, the next id.
void
kmrecname(struct kmcache *c, const char *name, uint size)
{
  acquire(&rec.lock);
  if(rec.ncaches < KT_MAXCACHES){
    rec.caches[rec.ncaches].c = c;
    rec.caches[rec.ncaches].name = name;
    rec.caches[rec.ncaches].size = size;
    rec.ncaches++;
  }
  release(&rec.lock);
}

// c's id, KT_NOCACHE if it has none; rec.lock held.
static uint
cacheid(struct kmcache *c)
{
  uint i;

  for(i = 0; i < rec.ncaches; i++)
    if(rec.caches[i].c == c)
      return i + 1;
  return KT_NOCACHE;
}

// Log operation op of this CPU on object p (of cache c, NULL for kmalloc)
// of size bytes, or count it dropped if the buffer is full; a NULL p (a
// failed allocation) is not logged. Called by the hooks, inside kmalloc's
// pushcli section, when kmrecon is set.
void
kmrecord(int op, struct kmcache *c, uint size, void *p)
{
  struct ktrec *r;

  if(p == NULL)
    return;
  acquire(&rec.lock);
  if(rec.on && rec.n == KT_CAP)
    rec.dropped++;
  else if(rec.on){
    r = &rec.buf[(rec.head + rec.n++) % KT_CAP];
    r->op = op;
    r->cpu = cpuid();
    r->cache = c == NULL ? 0 : cacheid(c);
    r->size = r->cache == 0 || r->cache == KT_NOCACHE ?
              size : rec.caches[r->cache - 1].size;
    r->addr = (uint)p;
    r->tsc = rdtsc32();
  }
  release(&rec.lock);
}

// KT_ON: start recording into an empty buffer, the one still held or a
// new one: 0, or -1 if already on or out of pages (or, rarely, when a
// drain freed the held buffer between the look and the lock).
static int
start(void)
{
  struct ktrec *fresh = NULL;
  int err = 0;

  // A buffer from an earlier run may still be held; take pages only if
  // it looks absent, and give them back if it turned out not to be.
  if(__atomic_load_n(&rec.buf, __ATOMIC_RELAXED) == NULL &&
     (fresh = kallocpages(ORDER)) == NULL)
    return -1;
  acquire(&rec.lock);
  if(rec.on)
    err = -1;
  else {
    if(rec.buf == NULL){
      rec.buf = fresh;
      fresh = NULL;
    }
    if(rec.buf == NULL)
      err = -1;
    else {
      rec.head = rec.n = rec.dropped = 0;
      rec.on = kmrecon = 1;
      kmfastpath(0);
    }
  }
  release(&rec.lock);
  if(fresh != NULL)
    kfreepages(fresh, ORDER);
  return err;
}

// Detach the buffer if recording is off and it is empty; rec.lock held.
// Returns what the caller must free after releasing the lock.
static struct ktrec *
detach(void)
{
  struct ktrec *b = NULL;

  if(!rec.on && rec.n == 0){
    b = rec.buf;
    rec.buf = NULL;
  }
  return b;
}

// KT_OFF: stop recording; the buffer goes once drained (now, if empty).
static int
stop(void)
{
  struct ktrec *b;

  acquire(&rec.lock);
  rec.on = kmrecon = 0;
  kmfastpath(1);
  b = detach();
  release(&rec.lock);
  if(b != NULL)
    kfreepages(b, ORDER);
  return 0;
}

// Move up to max records, oldest first, to tmp: how many.
static uint
take(struct ktrec *tmp, uint max)
{
  uint k;

  acquire(&rec.lock);
  for(k = 0; k < max && rec.n > 0; k++, rec.n--){
    tmp[k] = rec.buf[rec.head];
    rec.head = (rec.head + 1) % KT_CAP;
  }
  release(&rec.lock);
  return k;
}

// KT_DRAIN: move up to n records to ubuf a page at a time, freeing the
// buffer when off and emptied: how many, or -1 on a bad pointer (the
// records taken for the failed copy are lost) or when out of pages.
static int
drain(struct ktrec __user *ubuf, int n)
{
  struct ktrec *tmp, *b;
  uint k, chunk = PGSIZE / sizeof(struct ktrec);
  int got = 0;

  if((tmp = (struct ktrec *)kalloc()) == NULL)
    return -1;
  while(got < n && (k = take(tmp, n - got < chunk ? n - got : chunk)) > 0){
    if(copyout(ubuf + got, tmp, k * sizeof(*tmp)) < 0){
      got = -1;
      break;
    }
    got += k;
  }
  kfree((char *)tmp);
  acquire(&rec.lock);
  b = detach();
  release(&rec.lock);
  if(b != NULL)
    kfreepages(b, ORDER);
  return got;
}

// KT_STAT: the recorder's state to ust.
static int
status(struct ktstat __user *ust)
{
  struct ktstat s;

  acquire(&rec.lock);
  s.on = rec.on;
  s.held = rec.n;
  s.dropped = rec.dropped;
  s.capacity = KT_CAP;
  release(&rec.lock);
  return copyout(ust, &s, sizeof(s));
}

// KT_CACHES: up to n cache records to ubuf: how many, or -1.
static int
caches(struct ktcache __user *ubuf, int n)
{
  struct ktcache t;
  uint i, m;

  acquire(&rec.lock);
  m = rec.ncaches;
  release(&rec.lock);
  // Entries below ncaches never change once made.
  for(i = 0; i < m && i < (uint)n; i++){
    memset(&t, 0, sizeof(t));
    t.id = i + 1;
    t.size = rec.caches[i].size;
    safestrcpy(t.name, rec.caches[i].name, sizeof(t.name));
    if(copyout(ubuf + i, &t, sizeof(t)) < 0)
      return -1;
  }
  return i;
}

// kmtrace(cmd, buf, n): run cmd; -1 for a bad cmd, n or pointer.
int
kmtrace(int cmd, void __user *buf, int n)
{
  // Address 0 is user text here, but no caller means it.
  if(buf == NULL && cmd != KT_ON && cmd != KT_OFF)
    return -1;
  switch(cmd){
  case KT_ON:
    return start();
  case KT_OFF:
    return stop();
  case KT_DRAIN:
    return n < 0 ? -1 : drain(buf, n);
  case KT_STAT:
    return status(buf);
  case KT_CACHES:
    return n < 0 ? -1 : caches(buf, n);
  }
  return -1;
}
