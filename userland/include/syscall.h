// System call numbers. 1-21 are xv6's and keep its numbers.
#ifndef MODX6_SYSCALL_H
#define MODX6_SYSCALL_H

#define SYS_fork    1
#define SYS_exit    2
#define SYS_wait    3
#define SYS_pipe    4
#define SYS_read    5
#define SYS_kill    6
#define SYS_exec    7
#define SYS_fstat   8
#define SYS_chdir   9
#define SYS_dup    10
#define SYS_getpid 11
#define SYS_sbrk   12
#define SYS_sleep  13
#define SYS_uptime 14
#define SYS_open   15
#define SYS_write  16
#define SYS_mknod  17
#define SYS_unlink 18
#define SYS_link   19
#define SYS_mkdir  20
#define SYS_close  21
// modx6's own calls.
#define SYS_kmalloc 22
#define SYS_kmfree  23
#define SYS_kmstat  24
#define SYS_mmap    25
#define SYS_munmap  26
#define SYS_procmaps 27
#define SYS_kmreplay 28   // benchmark: replay an alloc/free trace in the kernel
#define SYS_procmem 29
#define SYS_halt    30
#define SYS_mprotect 31  // change the protection of mapped pages
#define SYS_msync   32   // write a shared file mapping's pages back
#define SYS_kmcheck 33   // check the kernel heap's and page allocator's invariants
#define SYS_slabinfo 34  // the kernel heap's caches, one record each
#define SYS_kmtrace 35   // the kernel allocation trace: on, off, drain, stat
#define SYS_lockstat 36  // lock statistics by lock class: copy, reset

#endif
