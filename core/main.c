// Kernel start-up: main runs on the boot CPU, mpenter on each other CPU.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "vm/vm.h"
#include "fs/file.h"
#include "core/kmalloc.h"

static void startothers(void);
static void mpmain(void) __attribute__((noreturn));
extern char end[]; // first address after kernel loaded from ELF file

// Memory the boot page directory maps, which every machine we boot on
// has (the Makefile's MEM is at least 16 MiB): kinit1 takes it blindly.
#define BOOTMEM (4*1024*1024)

#ifdef KDEBUG
static const char debugnote[] = ", DEBUG=1 (heap poisoning and red zones)";
#else
static const char debugnote[] = "";
#endif

// Bring up the boot CPU's devices and memory, start the others, and
// become this CPU's scheduler.
int
main(void)
{
  kinit1(end, P2V(BOOTMEM)); // phys page allocator
  kvmalloc();      // kernel page table
  mpinit();        // detect other processors
  lapicinit();     // interrupt controller
  seginit();       // segment descriptors
  picinit();       // disable pic
  ioapicinit();    // another interrupt controller
  consoleinit();   // console hardware
  uartinit();      // serial port
  pinit();         // process table
  tvinit();        // trap vectors
  binit();         // buffer cache
  ideinit();       // disk
  startothers();   // start other processors
  ramranges(BOOTMEM, PHYSTOP, kaddrange); // the rest of RAM
  kinit2();        // locking, now that the other CPUs run
  kmallocinit();   // kernel heap
  mmapinit();      // mmap region records
  fileinit();      // open file, pipe and inode caches
  cprintf("modx6: %d cpus, allocator %s, placement %s%s, %d free pages\n",
          ncpu, kmalloc_ops.name, placename(), debugnote, kfreecount());
  userinit();      // first user process
  mpmain();        // finish this processor's setup
}

// Entry for the other CPUs from entryother.S: switch to the full
// kernel page table and join the scheduler.
static void __attribute__((noreturn))
mpenter(void)
{
  switchkvm();
  seginit();
  lapicinit();
  mpmain();
}

// Common CPU setup: load the IDT, enable the FPU, say we started, run
// the scheduler.
static void
mpmain(void)
{
  idtinit();
  fpuinit();
  xchg(&(mycpu()->started), 1); // tell startothers() we're up
  scheduler();
}

// Start the non-boot CPUs one at a time, each on its own kernel stack.
static void
startothers(void)
{
  extern uchar _entryother_start[], _entryother_end[];
  uchar *code;
  struct cpu *c;
  char *stack;

  // The code must live below 1 MiB for a real-mode start; its
  // parameters go just below it (see entryother.S).
  code = P2V(0x7000);
  memmove(code, _entryother_start, _entryother_end - _entryother_start);

  for(c = cpus; c < cpus+ncpu; c++){
    if(c == mycpu())
      continue;
    stack = kalloc();
    if(stack == NULL)
      panic("startothers: no memory");
    *(void**)(code-4) = stack + KSTACKSIZE;
    *(void(**)(void))(code-8) = mpenter;
    *(int**)(code-12) = (void *) V2P(entrypgdir);

    lapicstartap(c->apicid, V2P(code));

    while(c->started == 0)
      ;
  }
}

// The boot page directory maps virtual [0, 4 MiB) and [KERNBASE,
// KERNBASE+4 MiB) to physical [0, 4 MiB) with one large page each.
__attribute__((__aligned__(PGSIZE)))
pde_t entrypgdir[NPDENTRIES] = {
  [0] = (0) | PTE_P | PTE_W | PTE_PS,
  [KERNBASE>>PDXSHIFT] = (0) | PTE_P | PTE_W | PTE_PS,
};
