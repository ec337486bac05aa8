// Anonymous memory mappings: mmap's flags (Linux's values) and what
// procmaps reports. Shared by the kernel and user programs.
#ifndef MODX6_MMAN_H
#define MODX6_MMAN_H

#define PROT_NONE      0x0
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4

#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_POPULATE   0x8000

#define MAP_FAILED     ((void *)-1)

#ifndef __ASSEMBLER__
// One mapping as procmaps reports it (the pmap program prints them).
struct mapinfo {
  uint start;         // first address
  uint end;           // address past the last byte
  int prot;           // PROT_ bits
  int flags;          // MAP_SHARED or MAP_PRIVATE
  uint resident;      // pages present in memory
};
#endif

#endif
