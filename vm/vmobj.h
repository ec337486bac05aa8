// Memory objects (vm/vmobj.c): the pages behind shared anonymous mappings
// and file mappings, shared by every region that maps them. vm's own.
#ifndef MODX6_VMOBJ_H
#define MODX6_VMOBJ_H

#include "vm/pageset.h"

struct inode;

#define OBJNAME 14   // characters of a file's name kept (DIRSIZ)

// A reference-counted set of pages. Each page is one frame the object
// holds one reference to (kpageget/kpageput); every PTE mapping it holds
// another. An anonymous object's pages are zero at first touch; a file
// object's are read from its inode and written back when dirty.
struct vmobj {
  int ref;                 // objlock: regions, faults and drains holding it
  int queued;              // objlock: on the write-back queue
  struct vmobj *next;      // objlock: the list of file objects
  struct vmobj *qnext;     // objlock: the write-back queue
  struct inode *ip;        // a file's inode (one reference), NULL if anonymous
  char name[OBJNAME + 1];  // the file's last path element, "" if unknown
  struct spinlock lock;    // guards pages
  struct pageset pages;
};

void          vmobjinit(void);
struct vmobj* objanon(void);
struct vmobj* objfile(struct inode *ip, const char *name);
void          objget(struct vmobj *o);
void          objput(struct vmobj *o);
char*         objpage(struct vmobj *o, uint i);
char*         objzero(struct vmobj *o, uint i);
int           objread(struct vmobj *o, uint i, char **page);
void          objdirty(struct vmobj *o, uint i);
void          objdrain(void);

#endif
