// Basic integer types shared by the kernel and user programs (xv6 names).
#ifndef MODX6_TYPES_H
#define MODX6_TYPES_H

#ifndef __ASSEMBLER__
typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;
typedef uint pde_t;

#ifndef NULL
#define NULL ((void *)0)
#endif
#endif

#endif
