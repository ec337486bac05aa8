// Annotations for sparse: __user marks pointers into user memory, which
// the kernel may only reach through copyin/copyout (vm/uaccess.c).
#ifndef MODX6_COMPILER_H
#define MODX6_COMPILER_H

#ifdef __CHECKER__
#define __user  __attribute__((noderef, address_space(__user)))
#define __force __attribute__((force))
#else
#define __user
#define __force
#endif

#define NELEM(x) (sizeof(x)/sizeof((x)[0]))

#endif
