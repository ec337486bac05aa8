# The first user program: exec("/init", {"/init", 0}), and exit if that fails.
#include "syscall.h"
#include "traps.h"

.globl start
start:
  pushl $argv
  pushl $init
  pushl $0        # where a caller's return address would be
  movl $SYS_exec, %eax
  int $T_SYSCALL

exit:
  movl $SYS_exit, %eax
  int $T_SYSCALL
  jmp exit

init:
  .string "/init\0"

.p2align 2
argv:
  .long init
  .long 0
