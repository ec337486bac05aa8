// What syscalls/ exports: the dispatcher and the argument fetchers the
// sys_ functions share.
#ifndef MODX6_SYSCALLS_H
#define MODX6_SYSCALLS_H

#include "core/core.h"

// Fetch the nth 32-bit argument from the user stack: 0 or -1.
int             argint(int n, int *ip);
// Fetch the nth argument as a user pointer to size bytes; -1 if the
// range wraps or reaches the kernel. Memory is reached only via copyin/out.
int             argptr(int n, void __user **pp, uint size);
// Copy the nth argument, a user string, into buf: its length, or -1
// if the pointer is bad or the string does not fit in max bytes.
int             argstr(int n, char *buf, int max);

// The system calls, one per number in syscall.h; each returns the
// value the user sees, -1 on any bad argument.
int sys_fork(void);   int sys_exit(void);   int sys_wait(void);
int sys_pipe(void);   int sys_read(void);   int sys_kill(void);
int sys_exec(void);   int sys_fstat(void);  int sys_chdir(void);
int sys_dup(void);    int sys_getpid(void); int sys_sbrk(void);
int sys_sleep(void);  int sys_uptime(void); int sys_open(void);
int sys_write(void);  int sys_mknod(void);  int sys_unlink(void);
int sys_link(void);   int sys_mkdir(void);  int sys_close(void);
int sys_halt(void);
int sys_kmalloc(void); int sys_kmfree(void);  int sys_kmstat(void);
int sys_mmap(void);    int sys_munmap(void);  int sys_procmaps(void);
int sys_kmreplay(void); int sys_procmem(void); int sys_kmcheck(void);
int sys_slabinfo(void); int sys_mprotect(void);
int sys_msync(void);
int sys_kmtrace(void);
int sys_lockstat(void);

#endif
