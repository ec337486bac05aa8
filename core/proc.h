// Per-CPU state and per-process state.
#ifndef MODX6_PROC_H
#define MODX6_PROC_H

// Each CPU's %gs segment starts at its own struct cpu (seginit), so
// self and proc, the first two fields, are one load away: mycpu() and
// myproc() below. trap entry (core/trapasm.S) reloads %gs.
struct cpu {
  struct cpu *self;            // this struct: %gs:0
  struct proc *proc;           // the process running on this cpu or null
  int id;                      // index in cpus[]
  uchar apicid;                // local APIC ID
  struct context *scheduler;   // swtch() here to enter scheduler
  struct taskstate ts;         // used by x86 to find stack for interrupt
  struct segdesc gdt[NSEGS];   // x86 global descriptor table
  volatile uint started;       // has the CPU started?
  int ncli;                    // depth of pushcli nesting
  int intena;                  // were interrupts enabled before pushcli?
  // Lock counters by class (core/spinlock.c), written only by this cpu.
  uint lockacq[NLOCKCLASS];    // acquires
  uint lockcont[NLOCKCLASS];   // acquires that had to wait
  uint lockspin[NLOCKCLASS];   // turns of those waits
} __attribute__((aligned(64))); // no cache line shared with the next cpu

extern struct cpu cpus[NCPU];
extern int ncpu;

// This CPU's struct cpu. Safe to call with interrupts on, but a caller
// that may be moved to another CPU (interrupts on, or sleeping in
// between) must not keep the result: it may name the CPU it left.
static inline struct cpu*
mycpu(void)
{
  struct cpu *c;

  asm volatile("movl %%gs:0, %0" : "=r" (c));
  return c;
}

// The process running on this CPU, or NULL in the scheduler. One load,
// so it needs no pushcli: if the caller moves to another CPU right after,
// that CPU runs the same process.
static inline struct proc*
myproc(void)
{
  struct proc *p;

  asm volatile("movl %%gs:%c1, %0"
               : "=r" (p) : "i" (__builtin_offsetof(struct cpu, proc)));
  return p;
}

// Saved registers for kernel context switches (core/swtch.S). The
// caller-saved registers and the segment registers need no saving.
struct context {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;
};

#define NSYSARG 6              // most argument words a system call takes

// UNUSED is only a zeroed struct proc before allocproc makes it EMBRYO.
enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

// A process's x87 and SSE registers as fxsave stores them (Intel SDM
// vol. 1, 10.5.1); only the fields the kernel sets are named.
struct fpustate {
  ushort fcw;                  // x87 control word
  ushort fsw;                  // x87 status word
  uchar rest1[20];             // tags, last instruction and operand
  uint mxcsr;                  // SSE control and status
  uchar rest2[484];            // x87 and XMM registers
} __attribute__((aligned(16)));

struct proc {
  uint sz;                     // size of the brk heap and below (bytes)
  uint textend;                // text and data end, the guard page begins
  uint ustack;                 // the guard page ends, the user stack begins
  uint heapbase;               // the user stack ends, the heap begins
  pde_t* pgdir;                // page table
  char *kstack;                // bottom of kernel stack for this process
  enum procstate state;
  int pid;
  struct proc *parent;
  struct trapframe *tf;        // trap frame for current syscall
  int nsysarg;                 // words of sysarg valid, -1 before the first fetch
  uint sysarg[NSYSARG];        // this system call's arguments (syscalls/syscall.c)
  struct context *context;     // swtch() here to run process
  void *chan;                  // if non-null, sleeping on chan
  int killed;                  // if non-zero, have been killed
  int nsleep;                  // sleep locks held (vm/mmap.c: I/O only at 0)
  struct file *ofile[NOFILE];  // open files
  struct inode *cwd;           // current directory
  char name[16];               // process name (debugging)
  struct vmspace *vms;         // mmap regions (vm/mmap.c), NULL if none
  struct kmtoks kmtoks;        // kmalloc tokens held (core/kmtok.c)
  struct proc *next;           // next on the process list (core/proc.c)
  struct proc **pprev;         // the link that points at this process
  struct fpustate fpu;         // user FPU registers while off CPU (core/fpu.c)
};

#endif
