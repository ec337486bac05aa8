// System call stubs: each puts its number in %eax and traps into the
// kernel, which finds the arguments on the user stack.
#include "syscall.h"
#include "traps.h"

// stub name, number: a global function `name` that makes system call `number`.
.macro stub name, num
  .globl \name
  .type \name, @function
\name:
  movl $\num, %eax
  int $T_SYSCALL
  ret
  .size \name, . - \name
.endm

stub fork, SYS_fork
stub exit, SYS_exit
stub wait, SYS_wait
stub pipe, SYS_pipe
stub read, SYS_read
stub kill, SYS_kill
stub exec, SYS_exec
stub fstat, SYS_fstat
stub chdir, SYS_chdir
stub dup, SYS_dup
stub getpid, SYS_getpid
stub sbrk, SYS_sbrk
stub sleep, SYS_sleep
stub uptime, SYS_uptime
stub open, SYS_open
stub write, SYS_write
stub mknod, SYS_mknod
stub unlink, SYS_unlink
stub link, SYS_link
stub mkdir, SYS_mkdir
stub close, SYS_close
stub kmalloc, SYS_kmalloc
stub kmfree, SYS_kmfree
stub kmstat, SYS_kmstat
stub mmap, SYS_mmap
stub munmap, SYS_munmap
stub mprotect, SYS_mprotect
stub msync, SYS_msync
stub procmaps, SYS_procmaps
stub kmreplay, SYS_kmreplay
stub procmem, SYS_procmem
stub halt, SYS_halt
stub kmcheck, SYS_kmcheck
stub slabinfo, SYS_slabinfo
stub kmtrace, SYS_kmtrace
stub lockstat, SYS_lockstat

// The stubs need no executable stack.
.section .note.GNU-stack, "", @progbits
