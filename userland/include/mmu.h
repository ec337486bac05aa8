// x86 memory management unit: segments, page tables, gates, task state.
#ifndef MODX6_MMU_H
#define MODX6_MMU_H

// EFLAGS
#define FL_IF           0x00000200      // interrupt enable

// CR0
#define CR0_PE          0x00000001      // protection enable
#define CR0_MP          0x00000002      // monitor coprocessor (WAIT honours TS)
#define CR0_EM          0x00000004      // emulation: x87 instructions trap
#define CR0_TS          0x00000008      // task switched: next x87 use traps
#define CR0_NE          0x00000020      // x87 errors raise #MF, not IRQ 13
#define CR0_WP          0x00010000      // write protect
#define CR0_PG          0x80000000      // paging

#define CR4_PSE         0x00000010      // page size extension
#define CR4_OSFXSR      0x00000200      // fxsave/fxrstor cover SSE; SSE usable
#define CR4_OSXMMEXCPT  0x00000400      // SSE errors raise #XM, not #UD

// Segment selectors' indexes in the GDT.
#define SEG_KCODE 1  // kernel code
#define SEG_KDATA 2  // kernel data+stack
#define SEG_UCODE 3  // user code
#define SEG_UDATA 4  // user data+stack
#define SEG_TSS   5  // this process's task state
#define SEG_KCPU  6  // this CPU's struct cpu, through %gs
#define NSEGS     7

#define DPL_USER    0x3     // user privilege level

// Application segment type bits
#define STA_X       0x8     // executable segment
#define STA_W       0x2     // writeable (non-executable segments)
#define STA_R       0x2     // readable (executable segments)

// System segment type bits
#define STS_T32A    0x9     // available 32-bit TSS
#define STS_IG32    0xE     // 32-bit interrupt gate
#define STS_TG32    0xF     // 32-bit trap gate

// A virtual address has a page directory index, a page table index
// and an offset within the page.
#define PDX(va)         (((uint)(va) >> PDXSHIFT) & 0x3FF)
#define PTX(va)         (((uint)(va) >> PTXSHIFT) & 0x3FF)
#define PGADDR(d, t, o) ((uint)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define NPDENTRIES      1024    // directory entries per page directory
#define NPTENTRIES      1024    // PTEs per page table
#define PGSIZE          4096    // bytes mapped by a page

#define PTXSHIFT        12      // offset of PTX in a linear address
#define PDXSHIFT        22      // offset of PDX in a linear address

#define PGROUNDUP(sz)  (((sz)+PGSIZE-1) & ~(PGSIZE-1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE-1))

// Page table/directory entry flags.
#define PTE_P           0x001   // present
#define PTE_W           0x002   // writeable
#define PTE_U           0x004   // user
#define PTE_A           0x020   // accessed (set by the CPU)
#define PTE_D           0x040   // dirty: written since cleared (set by the CPU)
#define PTE_PS          0x080   // 4 MiB page
// Ours, in a bit the CPU leaves to software: the page is shared
// copy-on-write; PTE_W is off and a write fault copies it (vm/fault.c).
#define PTE_COW         0x200

#define PTE_ADDR(pte)   ((uint)(pte) & ~0xFFF)
#define PTE_FLAGS(pte)  ((uint)(pte) &  0xFFF)

#ifndef __ASSEMBLER__
typedef uint pte_t;

// A segment descriptor, as the GDT holds it.
struct segdesc {
  uint lim_15_0 : 16;  // low bits of segment limit
  uint base_15_0 : 16; // low bits of segment base address
  uint base_23_16 : 8; // middle bits of segment base address
  uint type : 4;       // segment type (see STS_ constants)
  uint s : 1;          // 0 = system, 1 = application
  uint dpl : 2;        // descriptor privilege level
  uint p : 1;          // present
  uint lim_19_16 : 4;  // high bits of segment limit
  uint avl : 1;        // unused (available for software use)
  uint rsv1 : 1;       // reserved
  uint db : 1;         // 0 = 16-bit segment, 1 = 32-bit segment
  uint g : 1;          // granularity: limit scaled by 4K when set
  uint base_31_24 : 8; // high bits of segment base address
};

// Normal segment with 4 KiB granularity.
#define SEG(type, base, lim, dpl) (struct segdesc)                 \
{ ((lim) >> 12) & 0xffff, (uint)(base) & 0xffff,                   \
  ((uint)(base) >> 16) & 0xff, type, 1, dpl, 1,                    \
  (uint)(lim) >> 28, 0, 0, 1, 1, (uint)(base) >> 24 }
// Segment with byte granularity (used for the TSS).
#define SEG16(type, base, lim, dpl) (struct segdesc)               \
{ (lim) & 0xffff, (uint)(base) & 0xffff,                           \
  ((uint)(base) >> 16) & 0xff, type, 1, dpl, 1,                    \
  (uint)(lim) >> 16, 0, 0, 1, 0, (uint)(base) >> 24 }

// Task state segment: only the kernel stack fields are used.
struct taskstate {
  uint link;
  uint esp0;         // stack pointer after a privilege change
  ushort ss0;        // stack segment after a privilege change
  ushort padding1;
  uint *esp1;
  ushort ss1;
  ushort padding2;
  uint *esp2;
  ushort ss2;
  ushort padding3;
  void *cr3;
  uint *eip;
  uint eflags;
  uint eax, ecx, edx, ebx;
  uint *esp;
  uint *ebp;
  uint esi, edi;
  ushort es, padding4;
  ushort cs, padding5;
  ushort ss, padding6;
  ushort ds, padding7;
  ushort fs, padding8;
  ushort gs, padding9;
  ushort ldt, padding10;
  ushort t;
  ushort iomb;       // I/O map base address
};

// An interrupt or trap gate descriptor.
struct gatedesc {
  uint off_15_0 : 16;   // low 16 bits of offset in segment
  uint cs : 16;         // code segment selector
  uint args : 5;        // # args, 0 for interrupt/trap gates
  uint rsv1 : 3;        // reserved(should be zero I guess)
  uint type : 4;        // type(STS_{IG32,TG32})
  uint s : 1;           // must be 0 (system)
  uint dpl : 2;         // descriptor privilege level
  uint p : 1;           // present
  uint off_31_16 : 16;  // high bits of offset in segment
};

// Fill gate g: istrap selects a trap gate (interrupts stay enabled),
// sel is the code segment, off the handler, d the privilege needed to
// raise it with an int instruction.
#define SETGATE(gate, istrap, sel, off, d)                \
do {                                                      \
  (gate).off_15_0 = (uint)(off) & 0xffff;                 \
  (gate).cs = (sel);                                      \
  (gate).args = 0;                                        \
  (gate).rsv1 = 0;                                        \
  (gate).type = (istrap) ? STS_TG32 : STS_IG32;           \
  (gate).s = 0;                                           \
  (gate).dpl = (d);                                       \
  (gate).p = 1;                                           \
  (gate).off_31_16 = (uint)(off) >> 16;                   \
} while (0)

#endif

#endif
