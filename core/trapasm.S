# Common trap entry and exit: build a struct trapframe, call trap(tf),
# and return to the interrupted context.
#include "mmu.h"

.globl alltraps
alltraps:
  cld              # the kernel's string copies (rep movs) assume DF=0; iret restores the user's
  pushl %ds
  pushl %es
  pushl %fs
  pushl %gs
  pushal

  movw $(SEG_KDATA<<3), %ax
  movw %ax, %ds
  movw %ax, %es
  # User code may have changed %gs; mycpu() needs this CPU's segment.
  movw $(SEG_KCPU<<3), %ax
  movw %ax, %gs

  pushl %esp
  call trap
  addl $4, %esp

.globl trapret
trapret:
  popal
  popl %gs
  popl %fs
  popl %es
  popl %ds
  addl $0x8, %esp  # trapno and errcode
  iret

.section .note.GNU-stack,"",@progbits
