// A drained kernel allocation trace's file layout, and its conversion to
// kmreplay operations. Compiled by kmrec in the guest and by host tools
// and tests; needs only types.h, ktrace.h and kmreplay.h, no library.
#ifndef MODX6_KTCONV_H
#define MODX6_KTCONV_H

#include "types.h"
#include "ktrace.h"
#include "kmreplay.h"
#include "fs.h"

// A trace file: this header, ncache struct ktcache, then the nrec
// records encoded in nbytes bytes (ktfput). A file holds at most MAXFILE
// blocks, so at most KTF_MAXBYTES of records: a drain cuts the rest and
// counts them.
#define KTF_MAGIC 0x324b544b   // "KTK2" read as a little-endian word
struct ktfile {
  uint magic;
  uint nrec;      // records in the file
  uint nbytes;    // bytes they take
  uint dropped;   // operations the recorder dropped for want of room
  uint cut;       // records drained but left out: the file was full
  uint ncache;
};

#define KTF_MAXBYTES (MAXFILE * BSIZE - sizeof(struct ktfile) - \
                      KT_MAXCACHES * sizeof(struct ktcache))
#define KTF_MAXENC   16   // bytes one record takes at most
#define KTF_BIGCACHE 7    // the cache field's escape: the id follows

// Append v to buf at *pos, seven bits a byte, low first.
static inline void
ktfputv(unsigned char *buf, uint *pos, uint v)
{
  while(v >= 0x80){
    buf[(*pos)++] = v | 0x80;
    v >>= 7;
  }
  buf[(*pos)++] = v;
}

// The number ktfputv wrote at *pos, moving past it; the bytes end at end.
static inline uint
ktfgetv(const unsigned char *buf, uint *pos, uint end)
{
  uint v = 0, shift = 0;

  while(*pos < end && shift < 32){
    v |= (uint)(buf[*pos] & 0x7f) << shift;
    shift += 7;
    if(!(buf[(*pos)++] & 0x80))
      break;
  }
  return v;
}

// Append record r to buf at *pos, *prev being the last record's address:
// one byte of op - 1, cpu (3 bits) and cache (3 bits, KTF_BIGCACHE and
// then the id when it is larger), the address's change in units of
// KMALIGN (8) zigzagged (small either way), and kmalloc's size.
// KTF_MAXENC bytes at most.
static inline void
ktfput(unsigned char *buf, uint *pos, uint *prev, const struct ktrec *r)
{
  uint big = r->cache >= KTF_BIGCACHE, d = (r->addr >> 3) - (*prev >> 3);

  buf[(*pos)++] = (r->op - 1) | (r->cpu & 7) << 2 |
                  (big ? KTF_BIGCACHE : r->cache) << 5;
  if(big)
    ktfputv(buf, pos, r->cache);
  ktfputv(buf, pos, d << 1 ^ (uint)((int)d >> 31));
  if(r->op == KT_ALLOC)
    ktfputv(buf, pos, r->size);
  *prev = r->addr;
}

// Read the record ktfput wrote at *pos into r, a cache op's size from
// the file's ncache caches; the bytes end at end.
static inline void
ktfget(const unsigned char *buf, uint *pos, uint end, uint *prev,
       const struct ktcache *caches, uint ncache, struct ktrec *r)
{
  uint b = buf[(*pos)++], z;

  r->op = (b & 3) + 1;
  r->cpu = b >> 2 & 7;
  r->cache = b >> 5;
  if(r->cache == KTF_BIGCACHE)
    r->cache = ktfgetv(buf, pos, end);
  z = ktfgetv(buf, pos, end);
  r->addr = ((*prev >> 3) + (z >> 1 ^ -(z & 1))) << 3;
  *prev = r->addr;
  r->tsc = 0;
  r->size = 0;
  if(r->op == KT_ALLOC)
    r->size = ktfgetv(buf, pos, end);
  else if(r->cache >= 1 && r->cache <= ncache)
    r->size = caches[r->cache - 1].size;
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
