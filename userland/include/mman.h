// Memory mappings: mmap's and msync's flags (Linux's values), what
// procmaps reports, and what procmem reports of the memory below the
// mmap window. Shared by the kernel and user programs.
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

#define MS_ASYNC       1   // msync's flags
#define MS_INVALIDATE  2
#define MS_SYNC        4

#ifndef __ASSEMBLER__
// One mapping as procmaps reports it (the pmap program prints them).
struct mapinfo {
  uint start;         // first address
  uint end;           // address past the last byte
  int prot;           // PROT_ bits
  int flags;          // MAP_SHARED or MAP_PRIVATE
  uint resident;      // pages present in memory
  uint inum;          // the mapped file's inode number, 0 for anonymous memory
  uint cow;           // present pages mapped copy-on-write (PTE_COW)
  char file[16];      // the file's name as opened (last path element), or ""
};

// A process's memory below the mmap window as procmem reports it, each
// part running up to where the next begins: text and data [0, guard),
// the inaccessible guard page [guard, stack), the stack [stack, heap),
// the heap sbrk moves [heap, brk). A heap shrunk below heap leaves
// brk lower; the parts above brk are then gone.
// mmaptables counts the page-table pages the mmap window holds, one kept
// empty for reuse included (vm/mmap.c says when).
// cow counts the pages of the whole user half mapped copy-on-write now:
// shared with a parent or child since a fork, until a write breaks them.
struct procmem {
  uint guard;         // text and data end here
  uint stack;         // lowest stack address
  uint heap;          // the stack ends and the heap begins here
  uint brk;           // the break: sbrk(0)
  char name[16];      // the program's name
  uint mmaptables;    // page-table pages of the mmap window
  uint heapres;       // present pages of the lazy heap [heap, brk)
  uint cow;           // pages mapped copy-on-write now, whole user half
};
#endif

#endif
