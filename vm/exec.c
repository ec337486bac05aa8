// exec: replace the current process's image with an ELF program.
#include "core/core.h"
#include "vm/vm.h"
#include "vm/elf.h"
#include "stat.h"
#include "fs/file.h"

// One stack page as in xv6 (its tests expect arguments larger than a page
// to make exec fail), with an inaccessible guard page below it.
#define USTACKPAGES 1

// Load ip's loadable segments into pgdir; the image size, or 0 if the
// file is not a valid 32-bit x86 executable or memory runs out.
static uint
loadsegs(pde_t *pgdir, struct inode *ip, uint *entry)
{
  struct elfhdr elf;
  struct proghdr ph;
  uint i, off, sz;

  if(readi(ip, 0, (uint)&elf, 0, sizeof(elf)) != sizeof(elf))
    return 0;
  if(elf.magic != ELF_MAGIC || elf.machine != 3)
    return 0;
  sz = 0;
  for(i = 0, off = elf.phoff; i < elf.phnum; i++, off += sizeof(ph)){
    if(readi(ip, 0, (uint)&ph, off, sizeof(ph)) != sizeof(ph))
      return 0;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr)
      return 0;
    if(ph.vaddr % PGSIZE != 0 || ph.vaddr + ph.memsz > MMAPBASE)
      return 0;
    if((sz = allocuvm(pgdir, sz, ph.vaddr + ph.memsz)) == 0)
      return 0;
    if(loaduvm(pgdir, (char*)ph.vaddr, ip, ph.off, ph.filesz) < 0)
      return 0;
  }
  *entry = elf.entry;
  return sz;
}

// Build the initial stack at top in pgdir: the argument strings, then
// argv[], argc and a fake return address. The new stack pointer, or 0.
static uint
pushargs(pde_t *pgdir, uint top, char **argv)
{
  uint ustack[3+MAXARG+1];
  uint sp, argc, len;

  sp = top;
  for(argc = 0; argv[argc]; argc++){
    if(argc >= MAXARG)
      return 0;
    len = strlen(argv[argc]) + 1;
    sp = (sp - len) & ~3;
    if(copyoutvm(pgdir, sp, argv[argc], len) < 0)
      return 0;
    ustack[3+argc] = sp;
  }
  ustack[3+argc] = 0;

  ustack[0] = 0xffffffff;  // fake return PC
  ustack[1] = argc;
  ustack[2] = sp - (argc+1)*4;  // argv pointer

  sp -= (3+argc+1) * 4;
  if(copyoutvm(pgdir, sp, ustack, (3+argc+1)*4) < 0)
    return 0;
  return sp;
}

// Make pgdir, sz bytes big with its stack at the top, the current
// process's image, named after path's last element, starting at entry;
// record where text and data end and the stack lies, for procmem.
static void
commit(pde_t *pgdir, uint sz, uint sp, uint entry, char *path)
{
  struct proc *curproc = myproc();
  pde_t *oldpgdir;
  uint oldsz;
  char *s, *last;

  for(last=s=path; *s; s++)
    if(*s == '/')
      last = s+1;
  safestrcpy(curproc->name, last, sizeof(curproc->name));

  unmapall(curproc);
  oldpgdir = curproc->pgdir;
  oldsz = curproc->sz;
  curproc->pgdir = pgdir;
  curproc->sz = sz;
  curproc->heapbase = sz;
  curproc->ustack = sz - USTACKPAGES*PGSIZE;
  curproc->textend = curproc->ustack - PGSIZE;
  curproc->tf->eip = entry;
  curproc->tf->esp = sp;
  // A new program starts with a clean FPU; this process owns the registers.
  fxrstor(&fpuclean);
  switchuvm(curproc);
  freeuvm(oldpgdir, oldsz);
}

// Replace the current image with the program at path, argv a
// NULL-terminated array of kernel strings. -1 (old image intact) on error.
int
exec(char *path, char **argv)
{
  uint sz, sp, entry;
  struct inode *ip;
  pde_t *pgdir = NULL;

  begin_op();
  if((ip = namei(path)) == NULL){
    end_op();
    return -1;
  }
  ilock(ip);
  sz = 0;
  // Only a regular file: reading a device such as the console here would
  // wait for input inside the transaction, stalling every file system
  // call in the machine.
  if(ip->type == T_FILE && (pgdir = setupkvm()) != NULL)
    sz = loadsegs(pgdir, ip, &entry);
  iunlockput(ip);
  end_op();
  if(sz == 0)
    goto bad;

  sz = PGROUNDUP(sz);
  if((sz = allocuvm(pgdir, sz, sz + (USTACKPAGES+1)*PGSIZE)) == 0)
    goto bad;
  clearpteu(pgdir, (char*)(sz - (USTACKPAGES+1)*PGSIZE));
  if((sp = pushargs(pgdir, sz, argv)) == 0)
    goto bad;
  commit(pgdir, sz, sp, entry, path);
  return 0;

bad:
  // How far the image got is not known here: free all below the window.
  if(pgdir)
    freeuvm(pgdir, MMAPBASE);
  return -1;
}
