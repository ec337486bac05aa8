// The kernel allocation trace as the kmtrace system call (35) hands it
// out: its commands and records. Shared by the kernel and user programs.
#ifndef MODX6_KTRACE_H
#define MODX6_KTRACE_H

// kmtrace(cmd, buf, n) commands.
#define KT_ON     1   // start recording, clearing records and drops
#define KT_OFF    2   // stop recording; records stay until drained
#define KT_DRAIN  3   // move up to n records into buf: how many
#define KT_STAT   4   // fill the struct ktstat at buf
#define KT_CACHES 5   // copy up to n struct ktcache into buf: how many

// Record operations.
#define KT_ALLOC  1   // kmalloc
#define KT_FREE   2   // kmfree
#define KT_CALLOC 3   // kmcache_alloc
#define KT_CFREE  4   // kmcache_free

#define KT_CAP     65536   // records the buffer holds
#define KT_NAMELEN 16      // a cache name's bytes, with its 0
#define KT_MAXCACHES 64    // caches given an id; later ones share id 0xffff
#define KT_NOCACHE 0xffff  // the id of a cache created past KT_MAXCACHES

// One operation. addr is the object's kernel address, a number only: it
// identifies the object and is never a pointer in user space.
struct ktrec {
  unsigned char op;      // KT_ALLOC .. KT_CFREE
  unsigned char cpu;     // the CPU that made the call
  unsigned short cache;  // 0 for kmalloc/kmfree, else the cache's id
  uint size;             // kmalloc: bytes asked; kmfree: 0; cache: object size
  uint addr;             // the object's kernel address
  uint tsc;              // the time-stamp counter's low 32 bits
};

// What KT_STAT reports.
struct ktstat {
  uint on;         // 1 while recording
  uint held;       // records waiting to be drained
  uint dropped;    // operations not recorded because the buffer was full
  uint capacity;   // KT_CAP
};

// One cache, as KT_CACHES reports it; ids start at 1.
struct ktcache {
  uint id;
  uint size;                 // its objects' size
  char name[KT_NAMELEN];
};

#endif
