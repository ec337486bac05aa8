// Interrupts, exceptions and system calls all enter the kernel here.
#include "core/core.h"
#include "vm/vm.h"
#include "traps.h"

static struct gatedesc idt[256];
extern uint vectors[];  // in vectors.S: array of 256 entry pointers
struct spinlock tickslock;
uint ticks;

// Fill the IDT: every vector an interrupt gate, except the system call
// vector, a trap gate that user code may raise with int $T_SYSCALL.
void
tvinit(void)
{
  int i;

  for(i = 0; i < 256; i++)
    SETGATE(idt[i], 0, SEG_KCODE<<3, vectors[i], 0);
  SETGATE(idt[T_SYSCALL], 1, SEG_KCODE<<3, vectors[T_SYSCALL], DPL_USER);

  initlock(&tickslock, "time");
}

// Load the IDT on this CPU.
void
idtinit(void)
{
  lidt(idt, sizeof(idt));
}

// A short name for an exception number.
static const char*
trapname(uint trapno)
{
  static const char *names[] = {
    [T_DIVIDE] = "divide error",    [T_DEBUG] = "debug exception",
    [T_NMI] = "non-maskable interrupt", [T_BRKPT] = "breakpoint",
    [T_OFLOW] = "overflow",         [T_BOUND] = "bounds check",
    [T_ILLOP] = "illegal instruction", [T_DEVICE] = "device not available",
    [T_DBLFLT] = "double fault",    [T_TSS] = "invalid TSS",
    [T_SEGNP] = "segment not present", [T_STACK] = "stack fault",
    [T_GPFLT] = "general protection fault", [T_PGFLT] = "page fault",
    [T_FPERR] = "floating point error", [T_ALIGN] = "alignment check",
    [T_MCHK] = "machine check",     [T_SIMDERR] = "SIMD floating point error",
  };

  if(trapno < NELEM(names) && names[trapno] != NULL)
    return names[trapno];
  return "unexpected trap";
}

// Kill the current process for a fault in user mode, saying so in one
// line; vmerr is pagefault's verdict on a page fault.
static void
userfault(struct trapframe *tf, int vmerr)
{
  struct proc *p = myproc();
  uint va = rcr2();
  const char *why;

  if(tf->trapno == T_PGFLT){
    if((va >= MMAPBASE && va < KERNBASE) || vmerr == VMF_NOMEM)
      why = vmfaultmsg(vmerr);
    else
      why = (tf->err & 1) ? "protection violation" : "page not mapped";
    cprintf("pid %d %s: page fault at 0x%x (%s, %s) eip 0x%x: killed\n",
            p->pid, p->name, va, (tf->err & 2) ? "write" : "read", why,
            tf->eip);
  } else
    cprintf("pid %d %s: %s (trap %d) at 0x%x eip 0x%x: killed\n",
            p->pid, p->name, trapname(tf->trapno), tf->trapno,
            tf->trapno == T_GPFLT ? tf->err : tf->eip, tf->eip);
  p->killed = 1;
}

// Handle a device interrupt; 0 if trapno is not one.
static int
devintr(struct trapframe *tf)
{
  switch(tf->trapno){
  case T_IRQ0 + IRQ_TIMER:
    if(cpuid() == 0){
      acquire(&tickslock);
      ticks++;
      wakeup(&ticks);
      release(&tickslock);
    }
    break;
  case T_IRQ0 + IRQ_IDE:
    ideintr();
    break;
  case T_IRQ0 + IRQ_IDE+1:
    // Bochs-style spurious IDE interrupt.
    break;
  case T_IRQ0 + IRQ_PARK:
    parkhere();
    break;
  case T_IRQ0 + IRQ_KBD:
    kbdintr();
    break;
  case T_IRQ0 + IRQ_COM1:
    uartintr();
    break;
  case T_IRQ0 + 7:
  case T_IRQ0 + IRQ_SPURIOUS:
    break;
  default:
    return 0;
  }
  lapiceoi();
  return 1;
}

// Run process p's system call; a killed process leaves before or after.
static inline void
sysentry(struct proc *p, struct trapframe *tf)
{
  if(p->killed)
    exit();
  p->tf = tf;
  syscall();
  if(p->killed)
    exit();
}

// Entry from alltraps: dispatch on the trap number.
void
trap(struct trapframe *tf)
{
  struct proc *p;
  int vmerr;

  if(panicked)
    haltcpu();
  // The process cannot change under us: after a switch to another CPU,
  // that CPU runs this same process.
  p = myproc();
  if(tf->trapno == T_SYSCALL){
    sysentry(p, tf);
    return;
  }

  if(!devintr(tf)){
    if(p == NULL || (tf->cs&3) == 0){
      cprintf("kernel trap %d (%s) err %d eip 0x%x cr2 0x%x\n",
              tf->trapno, trapname(tf->trapno), tf->err, tf->eip, rcr2());
      panic("trap");
    }
    if(tf->trapno != T_PGFLT)
      userfault(tf, 0);
    else if((vmerr = pagefault(rcr2(), tf->err & 2)) != 0)
      userfault(tf, vmerr);
  }

  // A killed process leaves only when it is about to return to user
  // space, never while holding kernel state.
  if(p && p->killed && (tf->cs&3) == DPL_USER)
    exit();

  // Give up the CPU at every clock tick.
  if(p && p->state == RUNNING && tf->trapno == T_IRQ0+IRQ_TIMER)
    yield();

  if(p && p->killed && (tf->cs&3) == DPL_USER)
    exit();
}
