// Kernel-heap system calls: kmalloc, kmfree and kmstat from user space.
// A user never sees a kernel address: kmalloc returns an opaque token
// naming a slot of the token table, checked in O(1) by kmfree.
#include "core/core.h"
#include "alloc/kalloc.h"
#include "core/kmalloc.h"
#include "vm/vm.h"
#include "syscalls/syscalls.h"
#include "kmstat.h"

// A token is (generation << TOKSHIFT) | slot; the generation changes
// each time a slot is reused, so a stale or forged token does not match.
#define TOKORDER 9                       // table pages: 2^9, 2 MiB
#define NTOK     ((PGSIZE << TOKORDER) / sizeof(struct tok))
#define TOKSHIFT 17
#define TOKNONE  KMTOKNONE
#define TOKMAX   32768   // live tokens one process may hold

// One slot: a live allocation owned by pid, linked into its owner's
// list (so exit frees in time proportional to what it holds) or, when
// free, into the free list through next.
struct tok {
  void *ptr;       // the kernel block, NULL when the slot is free
  uint size;       // bytes requested
  int pid;         // owner
  uint gen;        // generation, 1..(1 << (32-TOKSHIFT)) - 1
  uint prev, next; // owner's list, or free list (next only)
};

static struct {
  struct spinlock lock;
  struct tok *t;
  uint free;       // head of the free slots
} toks;

// Set up the token table; called once from main after kmallocinit.
void
kmtokinit(void)
{
  uint i;

  initlock(&toks.lock, "kmtok");
  if((toks.t = kallocpages(TOKORDER)) == NULL)
    panic("kmtokinit");
  for(i = 0; i < NTOK; i++){
    toks.t[i].ptr = NULL;
    toks.t[i].gen = 1;
    toks.t[i].next = i + 1 < NTOK ? i + 1 : TOKNONE;
  }
  toks.free = 0;
}

// Reserve a free slot for p and link it to p's list; its index, or
// TOKNONE when the table is full or p holds TOKMAX. The slot stays
// invisible to toklookup until its ptr is set. toks.lock is held.
static uint
tokget(struct proc *p)
{
  struct tok *k;
  uint i;

  if((i = toks.free) == TOKNONE || p->kmntoks >= TOKMAX)
    return TOKNONE;
  k = &toks.t[i];
  toks.free = k->next;
  k->ptr = NULL;
  k->pid = p->pid;
  p->kmntoks++;
  k->prev = TOKNONE;
  k->next = p->kmtoks;
  if(p->kmtoks != TOKNONE)
    toks.t[p->kmtoks].prev = i;
  p->kmtoks = i;
  return i;
}

// Unlink slot i from p's list, retire its generation and free it;
// returns its kernel block. toks.lock is held.
static void*
tokdrop(struct proc *p, uint i)
{
  struct tok *k = &toks.t[i];
  void *ptr = k->ptr;

  if(k->prev != TOKNONE)
    toks.t[k->prev].next = k->next;
  else
    p->kmtoks = k->next;
  if(k->next != TOKNONE)
    toks.t[k->next].prev = k->prev;
  k->ptr = NULL;
  p->kmntoks--;
  k->gen = (k->gen + 1) & ((1 << (32 - TOKSHIFT)) - 1);
  if(k->gen == 0)
    k->gen = 1;
  k->next = toks.free;
  toks.free = i;
  return ptr;
}

// The slot a token names if it is live and owned by p, else TOKNONE.
static uint
toklookup(struct proc *p, uint token)
{
  uint i = token & ((1 << TOKSHIFT) - 1);

  if(i >= NTOK)
    return TOKNONE;
  if(toks.t[i].ptr == NULL || toks.t[i].pid != p->pid)
    return TOKNONE;
  if(toks.t[i].gen != token >> TOKSHIFT)
    return TOKNONE;
  return i;
}

// Free every allocation p still holds; called when p exits.
void
kmtokexit(struct proc *p)
{
  void *ptr;

  acquire(&toks.lock);
  while(p->kmtoks != TOKNONE){
    ptr = tokdrop(p, p->kmtoks);
    release(&toks.lock);
    kmfree(ptr);
    acquire(&toks.lock);
  }
  release(&toks.lock);
}

// kmalloc(n): a token for a fresh n-byte kernel block, or 0. The slot
// is reserved first, so a full table fails before touching the heap.
int
sys_kmalloc(void)
{
  struct proc *p = myproc();
  int n;
  void *ptr;
  uint i, token;

  if(argint(0, &n) < 0)
    return 0;
  acquire(&toks.lock);
  i = tokget(p);
  release(&toks.lock);
  if(i == TOKNONE){
    kmrefused();
    return 0;
  }
  ptr = kmalloc(n);
  acquire(&toks.lock);
  if(ptr == NULL){
    tokdrop(p, i);
    release(&toks.lock);
    return 0;
  }
  toks.t[i].ptr = ptr;
  toks.t[i].size = n;
  token = (toks.t[i].gen << TOKSHIFT) | i;
  release(&toks.lock);
  return token;
}

// kmfree(token): 0, or -1 if token is not a live token of the caller.
int
sys_kmfree(void)
{
  int token;
  uint i;
  void *ptr;

  if(argint(0, &token) < 0)
    return -1;
  acquire(&toks.lock);
  if((i = toklookup(myproc(), token)) == TOKNONE){
    release(&toks.lock);
    return -1;
  }
  ptr = tokdrop(myproc(), i);
  release(&toks.lock);
  kmfree(ptr);
  return 0;
}

// kmstat(st): fill *st; 0, or -1 for a bad pointer.
int
sys_kmstat(void)
{
  struct kmstat u;
  struct kmstats s;
  void __user *st;

  // Address 0 is user text here, but no caller means it.
  if(argptr(0, &st, sizeof(u)) < 0 || st == NULL)
    return -1;
  kmstats(&s);
  memset(&u, 0, sizeof(u));
  safestrcpy(u.allocator, kmalloc_ops.name, sizeof(u.allocator));
  u.allocs = s.allocs;
  u.frees = s.frees;
  u.fails = s.fails;
  u.live_bytes = s.live_bytes;
  u.held_bytes = s.held_bytes;
  u.free_pages = kfreecount();
  return copyout(st, &u, sizeof(u));
}
