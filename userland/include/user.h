// The user-side C interface: system calls and the small C library (xv6's user.h).
#ifndef MODX6_USER_H
#define MODX6_USER_H

struct stat;

// system calls
int fork(void);
int exit(void) __attribute__((noreturn));
int wait(void);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int uptime(void);
int halt(void);

// modx6: the kernel heap seen from user space (system calls 22-24).
// kmalloc returns an opaque token (never an address), 0 on failure.
#include "kmstat.h"
#include "kmreplay.h"
void* kmalloc(uint nbytes);
int kmfree(void *token);
int kmstat(struct kmstat *st);
// 0 if the kernel heap's and page allocator's invariants hold, else -1
// (the first broken one is printed on the console).
int kmcheck(void);
// The kernel heap's caches (system call 34; see slabinfo.h): copies up to
// max records to buf and returns how many caches there are, or -1 for a
// bad pointer or a negative max.
#include "slabinfo.h"
int slabinfo(struct slabinfo *buf, int max);
// The kernel allocation trace (system call 35): cmd is one of ktrace.h's
// KT_ commands, buf its records (or struct ktstat), n how many fit.
#include "ktrace.h"
int kmtrace(int cmd, void *buf, int n);
// Lock statistics (system call 36; see lockstat.h): copies up to max
// class records to buf, then with flags LS_RESET zeroes every count;
// returns how many classes there are, or -1 for a bad pointer, max or
// flags.
#include "lockstat.h"
int lockstat(struct lockstat *buf, int max, int flags);

// modx6: memory mappings, anonymous or of a file open as fd from a page
// aligned offset (system calls 25-27, 31, 32), and the layout of the
// memory below them (29); see mman.h.
#include "mman.h"
void* mmap(void *addr, uint length, int prot, int flags, int fd, int offset);
int munmap(void *addr, uint length);
int mprotect(void *addr, uint len, int prot);
int msync(void *addr, uint len, int flags);
int procmaps(int pid, struct mapinfo *buf, int max);
int procmem(int pid, struct procmem *pm);

// ulib.c
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
char* strstr(const char*, const char*);
int strcmp(const char*, const char*);
void printf(int, const char*, ...);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
void* malloc(uint);
void free(void*);
int atoi(const char*);
int parseint(const char *s, int lo, int hi, int *n);
char* findopt(int argc, char *argv[]);
void helponly(int argc, char *argv[], const char *name, const char *usage);
void noargs(int argc, char *argv[], const char *name, const char *usage,
            const char *note);
// The time-stamp counter's low 32 bits: guest instructions under ICOUNT=1.
uint rdtsc(void);
// What an empty measurement (two rdtsc() in a row) costs, the cheapest
// of 16: take it off every rdtsc() difference.
uint rdtscover(void);
// rdtsc ticks (at least 1) one fork of the caller + the child's exit + wait take, or
// 0 if fork or wait failed (a benchmark's fork case).
uint timefork(void);
// Free pages once the kernel heap has given back what it can, with the
// page tables this process's mmap window keeps for reuse counted as free:
// a leak check's figure. 0 if the kernel cannot say.
uint reapedpages(void);
// Print x tenths on fd with one digit after the point; sum / n in tenths
// (0 when n is 0): the BENCH lines' figures.
void printtenths(int fd, uint x);
// Write v in decimal (as tenths, with one decimal, if frac) at the end of
// buf, NUMBUF bytes, NUL-terminated; return where the digits start.
#define NUMBUF 16
char* fmtuint(char *buf, uint v, int frac);
uint per10(unsigned long long sum, uint n);
// Run batches + 1 batches of n calls of op (n > 0), each returning the
// rdtsc cost of one operation, the first batch only to warm up: the
// smallest timed batch's mean cost less over, in tenths (ubench's and
// vmbench's method).
uint bestmean(uint (*op)(void), uint n, uint batches, uint over);
// The costs of a kmreplay run's operations ops[from, to), by kind.
struct kmrcost {
  unsigned long long asum;   // costs of the allocations
  unsigned long long fsum;   // and of the frees
  uint nalloc;
  uint nfree;
  uint max;                  // the dearest operation
};
void kmrcosts(const struct kmrop *ops, const uint *costs, uint from, uint to,
              struct kmrcost *c);
#define INTMAX 0x7fffffff
#define INTMIN (-INTMAX - 1)

#endif
