// A drained kernel allocation trace's file layout, and its conversion to
// kmreplay operations. Compiled by kmrec in the guest and by host tools
// and tests; needs only types.h, ktrace.h and kmreplay.h, no library.
#ifndef MODX6_KTCONV_H
#define MODX6_KTCONV_H

#include "types.h"
#include "ktrace.h"
#include "kmreplay.h"
#include "fs.h"

// A trace file: this header, ncache struct ktcache, then nrec records
// packed as struct ktfrec. A file holds at most MAXFILE blocks, so at
// most KTF_MAXREC records: a drain cuts the rest and counts them.
#define KTF_MAGIC 0x4b54524b   // "KRTK" read as a little-endian word
struct ktfile {
  uint magic;
  uint nrec;      // records in the file
  uint dropped;   // operations the recorder dropped for want of room
  uint cut;       // records drained but left out: the file was full
  uint ncache;
};

// A record in a file: the address, and op | cpu << 3 | (the cache's id,
// or kmalloc's size) << 8. A cache op's size is its cache's object size.
struct ktfrec {
  uint addr;
  uint what;
};

#define KTF_MAXREC ((MAXFILE * BSIZE - sizeof(struct ktfile) - \
                     KT_MAXCACHES * sizeof(struct ktcache)) / sizeof(struct ktfrec))

// Pack record r for a file.
static inline void
ktfpack(const struct ktrec *r, struct ktfrec *f)
{
  f->addr = r->addr;
  f->what = r->op | (r->cpu & 0x1f) << 3 |
            (r->cache ? (uint)r->cache : r->size) << 8;
}

// Unpack file record f into r, with the ncache caches of its file.
static inline void
ktfunpack(const struct ktfrec *f, const struct ktcache *caches, uint ncache,
          struct ktrec *r)
{
  uint v = f->what >> 8;

  r->op = f->what & 7;
  r->cpu = f->what >> 3 & 0x1f;
  r->addr = f->addr;
  r->tsc = 0;
  r->cache = 0;
  r->size = v;
  if(r->op == KT_CALLOC || r->op == KT_CFREE){
    r->cache = v;
    r->size = v >= 1 && v <= ncache ? caches[v - 1].size : 0;
  }
}

// The identity table: open addressing over (cache, addr), twice the
// slots so that probes stay short.
#define KTC_TAB   (2 * KMR_MAXSLOTS)
#define KTC_SKIP  0xffffffffU   // the slot of an object too big to replay

// One live object: its identity, slot and size; used 0 marks an empty entry.
struct ktlive {
  uint addr;
  unsigned short cache;
  unsigned short used;
  uint slot;
  uint size;
};

// The conversion's state and results; zero it before the first record.
struct ktconv {
  struct ktlive tab[KTC_TAB];
  uint busy[KMR_MAXSLOTS / 32];              // bit set: slot in use
  uint lowword;                              // no free slot below this word
  unsigned char seen[KMR_MAXSIZE / 8 + 1];   // bit set: size seen
  uint ops;         // replay operations written
  uint unmatched;   // frees of objects not seen allocated, skipped
  uint relive;      // allocations of objects seen live: a free was lost
  uint skipped;     // operations on objects above KMR_MAXSIZE, skipped
  uint sizes;       // distinct sizes allocated
  uint live;        // bytes live now
  uint peak_live;
  uint slots;       // highest slot used + 1
};

// Why a conversion stopped: more than KMR_MAXSLOTS objects live at once,
// or more than KMR_MAXOPS operations.
#define KTC_FULLSLOTS (-1)
#define KTC_FULLOPS   (-2)

// The table index where (cache, addr) starts its probe: the top bits of
// a multiplicative hash, which every bit of the key reaches.
static inline uint
ktchash(uint cache, uint addr)
{
  _Static_assert(KTC_TAB == 1 << 15, "ktchash keeps 15 bits");
  return ((addr >> 3) ^ (cache * 0x9e3779b9U)) * 2654435761U >> 17;
}

// The entry of (cache, addr), or the empty entry where it would go.
static inline struct ktlive *
ktcfind(struct ktconv *k, uint cache, uint addr)
{
  uint i = ktchash(cache, addr);

  while(k->tab[i].used && (k->tab[i].cache != cache || k->tab[i].addr != addr))
    i = (i + 1) % KTC_TAB;
  return &k->tab[i];
}

// Empty entry e, moving later entries of its probe run back so that every
// entry stays reachable from where its probe starts.
static inline void
ktcremove(struct ktconv *k, struct ktlive *e)
{
  uint hole = e - k->tab, i = hole, home;

  k->tab[hole].used = 0;
  for(i = (i + 1) % KTC_TAB; k->tab[i].used; i = (i + 1) % KTC_TAB){
    home = ktchash(k->tab[i].cache, k->tab[i].addr);
    // Move entry i into the hole unless its home lies in (hole, i].
    if((i > hole && (home <= hole || home > i)) ||
       (i < hole && home <= hole && home > i)){
      k->tab[hole] = k->tab[i];
      k->tab[i].used = 0;
      hole = i;
    }
  }
}

// Take the lowest free slot: its number, or KTC_SKIP if none is free.
static inline uint
ktcslot(struct ktconv *k)
{
  uint w, b;

  for(w = k->lowword; w < KMR_MAXSLOTS / 32 && k->busy[w] == ~0U; w++)
    ;
  k->lowword = w;
  if(w == KMR_MAXSLOTS / 32)
    return KTC_SKIP;
  for(b = 0; k->busy[w] & (1U << b); b++)
    ;
  k->busy[w] |= 1U << b;
  if(32 * w + b + 1 > k->slots)
    k->slots = 32 * w + b + 1;
  return 32 * w + b;
}

// Give slot s back.
static inline void
ktcunslot(struct ktconv *k, uint s)
{
  k->busy[s / 32] &= ~(1U << s % 32);
  if(s / 32 < k->lowword)
    k->lowword = s / 32;
}

// Append (slot, size) to out, which holds k->ops: 0, or KTC_FULLOPS.
static inline int
ktcput(struct ktconv *k, struct kmrop *out, uint slot, uint size)
{
  if(k->ops == KMR_MAXOPS)
    return KTC_FULLOPS;
  out[k->ops].slot = slot;
  out[k->ops].size = size;
  k->ops++;
  return 0;
}

// Free live object e: append its free unless it was skipped.
static inline int
ktcfree(struct ktconv *k, struct ktlive *e, struct kmrop *out)
{
  if(e->slot == KTC_SKIP){
    k->skipped++;
    ktcremove(k, e);
    return 0;
  }
  if(ktcput(k, out, e->slot, 0) < 0)
    return KTC_FULLOPS;
  ktcunslot(k, e->slot);
  k->live -= e->size;
  ktcremove(k, e);
  return 0;
}

// Allocate a new object of size bytes into empty entry e of (cache, addr).
static inline int
ktcalloc(struct ktconv *k, struct ktlive *e, uint cache, uint addr,
         uint size, struct kmrop *out)
{
  *e = (struct ktlive){ .addr = addr, .cache = cache, .used = 1,
                        .slot = KTC_SKIP, .size = size };
  if(size == 0 || size > KMR_MAXSIZE){
    k->skipped++;
    return 0;
  }
  if(k->ops == KMR_MAXOPS)
    return KTC_FULLOPS;
  if((e->slot = ktcslot(k)) == KTC_SKIP){
    ktcremove(k, e);
    return KTC_FULLSLOTS;
  }
  ktcput(k, out, e->slot, size);
  if(!(k->seen[size / 8] & (1 << size % 8))){
    k->seen[size / 8] |= 1 << size % 8;
    k->sizes++;
  }
  k->live += size;
  if(k->live > k->peak_live)
    k->peak_live = k->live;
  return 0;
}

// Convert record r, appending its operations to out: 0, KTC_FULLSLOTS or
// KTC_FULLOPS. An object gets the lowest free slot when allocated and
// gives it back when freed; a free of an object not seen allocated is
// skipped (unmatched); an allocation of an object seen live first frees
// it (relive), its free having been lost.
static inline int
ktcrec(struct ktconv *k, const struct ktrec *r, struct kmrop *out)
{
  struct ktlive *e = ktcfind(k, r->cache, r->addr);

  if(r->op == KT_FREE || r->op == KT_CFREE){
    if(!e->used){
      k->unmatched++;
      return 0;
    }
    return ktcfree(k, e, out);
  }
  if(e->used){
    k->relive++;
    if(ktcfree(k, e, out) < 0)
      return KTC_FULLOPS;
    e = ktcfind(k, r->cache, r->addr);
  }
  return ktcalloc(k, e, r->cache, r->addr, r->size, out);
}

#endif
