// What core/ exports to the rest of the kernel: CPUs, processes, locks,
// traps, the drivers (core/dev/dev.h) and small helpers.
#ifndef MODX6_CORE_H
#define MODX6_CORE_H

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "core/compiler.h"
#include "core/x86.h"
#include "core/lockclass.h"
#include "core/spinlock.h"
#include "core/sleeplock.h"
#include "core/kmtok.h"
#include "core/proc.h"
#include "core/dev/dev.h"

struct buf;
struct file;
struct inode;
struct procmem;
struct stat;

// fpu.c: the user FPU.
extern const struct fpustate fpuclean;
void            fpuinit(void);

// ram.c: usable RAM from the boot loader's memory map; entry.S saves
// the loader's magic and information pointer in mbmagic and mbinfo.
extern uint     mbmagic;
extern uint     mbinfo;
void            ramranges(uint lo, uint hi, void (*fn)(void *vstart, void *vend));

// main.c: the boot page directory entry.S turns paging on with.
extern pde_t    entrypgdir[NPDENTRIES];

// park.c: stop the other CPUs while one checks shared state.
void            parkothers(void);
void            unparkothers(void);
void            parkhere(void);

// proc.c: processes and the scheduler.
int             cpuid(void);
void            exit(void) __attribute__((noreturn));
int             fork(void);
int             growproc(int n);
int             kill(int pid);
struct cpu*     cpubyapic(void);
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
int             procmem(int pid, struct procmem *pm);

// swtch.S
void            swtch(struct context **old, struct context *new);

// spinlock.c
void            acquire(struct spinlock *lk);
void            getcallerpcs(void *v, uint pcs[]);
int             holding(struct spinlock *lk);
void            initlock(struct spinlock *lk, char *name);
int             lockinfo(int i, struct lockstat *r);
void            lockreset(void);
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

// trap.c. trap() hands int $64 to syscall(), which the system call
// layer (syscalls/syscall.c) defines: it plugs into the trap layer here,
// and nothing in core/ includes syscalls/.
void            syscall(void);
void            idtinit(void);
void            trap(struct trapframe *tf);
extern uint     ticks;
void            tvinit(void);
extern struct spinlock tickslock;

#endif
