# Kernel entry from a multiboot loader (QEMU -kernel): turn on paging with
# the static entrypgdir (core/main.c) and jump to main at its high address.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"

.set MB_MAGIC, 0x1badb002
.set MB_FLAGS, 0x2          # ask for the memory map (core/ram.c reads it)

.section .text.multiboot
.p2align 2
multiboot_header:
  .long MB_MAGIC
  .long MB_FLAGS
  .long (-MB_MAGIC - MB_FLAGS)

# The loader jumps to the ELF entry before paging is on, so the entry
# point is entry's physical address.
.globl _start
_start = V2P_WO(entry)

.text
.globl entry
entry:
  # The loader's magic and info pointer, kept until bss is cleared.
  movl    %eax, %esi
  movl    %ebx, %edx
  # 4 MiB pages let entrypgdir map the kernel with two entries.
  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4
  movl    $(V2P_WO(entrypgdir)), %eax
  movl    %eax, %cr3
  movl    %cr0, %eax
  orl     $(CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  # The loader may leave data in what becomes bss; clear it.
  movl $edata, %edi
  movl $end, %ecx
  subl %edi, %ecx
  xorl %eax, %eax
  cld
  rep stosb
  movl %esi, mbmagic
  movl %edx, mbinfo

  movl $(stack + KSTACKSIZE), %esp
  movl $0, %ebp
  mov $main, %eax
  jmp *%eax

.comm stack, KSTACKSIZE

.section .note.GNU-stack,"",@progbits
