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
struct kmstat {
  char allocator[8];  // "kr" or "slab"
  uint allocs;        // kmalloc calls that succeeded, since boot
  uint frees;         // kmfree calls
  uint fails;         // kmalloc calls that returned NULL
  uint live_bytes;    // bytes requested and not yet freed
  uint held_bytes;    // bytes the heap holds from the page allocator
  uint free_pages;    // free physical pages
};
void* kmalloc(uint nbytes);
int kmfree(void *token);
int kmstat(struct kmstat *st);

// modx6: anonymous memory mappings (system calls 25-27), Linux's values.
#define PROT_NONE      0x0
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_POPULATE   0x8000
#define MAP_FAILED     ((void *)-1)

// One mapping as procmaps reports it (the pmap program prints them).
struct mapinfo {
  uint start;         // first address
  uint end;           // address past the last byte
  int prot;           // PROT_ bits
  int flags;          // MAP_SHARED or MAP_PRIVATE
  uint resident;      // pages present in memory
};
void* mmap(void *addr, uint length, int prot, int flags, int fd, int offset);
int munmap(void *addr, uint length);
int procmaps(int pid, struct mapinfo *buf, int max);

// ulib.c
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void printf(int, const char*, ...);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
void* malloc(uint);
void free(void*);
int atoi(const char*);

#endif
