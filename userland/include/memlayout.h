// Memory layout: physical memory, the kernel's virtual addresses, the mmap window.
#ifndef MODX6_MEMLAYOUT_H
#define MODX6_MEMLAYOUT_H

#define EXTMEM  0x100000            // start of extended memory
#define PHYSTOP 0xE000000           // top of physical memory the kernel uses
#define DEVSPACE 0xFE000000         // other devices are at high addresses

#define KERNBASE 0x80000000         // first kernel virtual address
#define KERNLINK (KERNBASE+EXTMEM)  // address where kernel is linked
#define MMAPBASE 0x40000000         // start of the mmap window; sbrk stops below it

#define V2P(a) (((uint) (a)) - KERNBASE)
#define P2V(a) ((void *)(((char *) (a)) + KERNBASE))

#define V2P_WO(x) ((x) - KERNBASE)    // same as V2P, but without casts
#define P2V_WO(x) ((x) + KERNBASE)    // same as P2V, but without casts

#endif
