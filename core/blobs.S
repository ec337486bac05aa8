# Raw binaries the kernel carries: the first user program and the other
# CPUs' start-up code (built by the Makefile into the build directory).
.section .rodata
.p2align 2
.globl _initcode_start, _initcode_end
_initcode_start:
  .incbin "initcode.bin"
_initcode_end:

.p2align 2
.globl _entryother_start, _entryother_end
_entryother_start:
  .incbin "entryother.bin"
_entryother_end:

.section .note.GNU-stack,"",@progbits
