# Start-up code for the other CPUs, copied to physical 0x7000 by startothers
# (core/main.c). It enters protected mode and paging like entry.S, using the
# stack, entry function and page directory startothers leaves just below it.
#include "types.h"
#include "memlayout.h"
#include "mmu.h"

#define SEG_NULLASM  .word 0, 0; .byte 0, 0, 0, 0
#define SEG_ASM(type,base,lim) \
  .word (((lim) >> 12) & 0xffff), ((base) & 0xffff); \
  .byte (((base) >> 16) & 0xff), (0x90 | (type)), \
        (0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)

.code16
.globl start
start:
  cli
  xorw    %ax,%ax
  movw    %ax,%ds
  movw    %ax,%es
  movw    %ax,%ss

  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0
  ljmpl    $(SEG_KCODE<<3), $(start32)

.code32
start32:
  movw    $(SEG_KDATA<<3), %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  movw    $0, %ax
  movw    %ax, %fs
  movw    %ax, %gs

  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4
  movl    (start-12), %eax
  movl    %eax, %cr3
  movl    %cr0, %eax
  orl     $(CR0_PE|CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  movl    (start-4), %esp
  call	 *(start-8)

  # mpenter does not return; stop here if it ever does.
spin:
  hlt
  jmp     spin

.p2align 2
gdt:
  SEG_NULLASM
  SEG_ASM(STA_X|STA_R, 0, 0xffffffff)
  SEG_ASM(STA_W, 0, 0xffffffff)

gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt
