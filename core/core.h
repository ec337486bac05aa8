// What core/ exports to the rest of the kernel: CPUs, processes, locks,
// the console and drivers, the physical page allocator, and small helpers.
#ifndef MODX6_CORE_H
#define MODX6_CORE_H

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "core/compiler.h"
#include "core/x86.h"
#include "core/spinlock.h"
#include "core/sleeplock.h"
#include "core/proc.h"

struct buf;
struct file;
struct inode;
struct stat;

// console.c: the console device, kernel printf and panic.
void            consoleinit(void);
void            cprintf(const char *fmt, ...);
void            consoleintr(int (*getc)(void));
void            panic(const char *s) __attribute__((noreturn));
extern volatile int panicked;

// power.c: leave the machine.
void            poweroff(void) __attribute__((noreturn));
void            haltcpu(void) __attribute__((noreturn));

// fpu.c: the user FPU.
extern const struct fpustate fpuclean;
void            fpuinit(void);

// ide.c: the disk driver.
void            ideinit(void);
void            ideintr(void);
void            iderw(struct buf *b);

// ioapic.c
void            ioapicenable(int irq, int cpu);
extern uchar    ioapicid;
void            ioapicinit(void);

// kalloc.c: physical pages.
char*           kalloc(void);
void            kfree(char *v);
void            kinit1(void *vstart, void *vend);
void            kinit2(void *vstart, void *vend);
uint            kfreecount(void);   // free physical pages
void            kpageget(char *v);
void            kpageput(char *v);

// kbd.c
void            kbdintr(void);

// lapic.c
int             lapicid(void);
extern volatile uint *lapic;
void            lapiceoi(void);
void            lapicinit(void);
void            lapicstartap(uchar apicid, uint addr);
void            lapicipi_all(int vector);
void            microdelay(int us);

// main.c: the boot page directory entry.S turns paging on with.
extern pde_t    entrypgdir[NPDENTRIES];

// mp.c
extern int      ismp;
void            mpinit(void);

// picirq.c
void            picinit(void);

// proc.c: processes and the scheduler.
int             cpuid(void);
void            exit(void) __attribute__((noreturn));
int             fork(void);
int             growproc(int n);
int             kill(int pid);
struct cpu*     mycpu(void);
struct proc*    myproc(void);
void            pinit(void);
void            procdump(void);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            sleep(void *chan, struct spinlock *lk);
void            userinit(void);
int             wait(void);
void            wakeup(void *chan);
void            yield(void);
int             procvisit(int pid, int (*fn)(struct proc *p, void *arg), void *arg);

// swtch.S
void            swtch(struct context **old, struct context *new);

// spinlock.c
void            acquire(struct spinlock *lk);
void            getcallerpcs(void *v, uint pcs[]);
int             holding(struct spinlock *lk);
void            initlock(struct spinlock *lk, char *name);
void            release(struct spinlock *lk);
void            pushcli(void);
void            popcli(void);

// sleeplock.c
void            acquiresleep(struct sleeplock *lk);
void            releasesleep(struct sleeplock *lk);
int             holdingsleep(struct sleeplock *lk);
void            initsleeplock(struct sleeplock *lk, char *name);

// string.c: freestanding string helpers (host-tested in tests/).
int             memcmp(const void *v1, const void *v2, uint n);
void*           memmove(void *dst, const void *src, uint n);
void*           memset(void *dst, int c, uint n);
void*           memcpy(void *dst, const void *src, uint n);
char*           safestrcpy(char *s, const char *t, int n);
int             strlen(const char *s);
int             strncmp(const char *p, const char *q, uint n);
char*           strncpy(char *s, const char *t, int n);

// trap.c
void            idtinit(void);
void            trap(struct trapframe *tf);
extern uint     ticks;
void            tvinit(void);
extern struct spinlock tickslock;

// uart.c
void            uartinit(void);
void            uartintr(void);
void            uartputc(int c);

#endif
