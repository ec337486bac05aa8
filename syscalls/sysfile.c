// File system calls: argument checking, then fs/ does the work.
// Every call that may write the disk runs inside begin_op/end_op.

#include "core/core.h"
#include "vm/vm.h"
#include "stat.h"
#include "fcntl.h"
#include "fs/file.h"
#include "syscalls/syscalls.h"

// Fetch the nth argument as a file descriptor of the current process:
// 0 with the descriptor in *pfd and its file in *pf (either may be
// NULL), or -1 if it is out of range or not open.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  struct file *f;

  if(argint(n, &fd) < 0)
    return -1;
  if(fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == NULL)
    return -1;
  if(pfd != NULL)
    *pfd = fd;
  if(pf != NULL)
    *pf = f;
  return 0;
}

// Give f the lowest free descriptor of the current process: the
// descriptor, or -1 if all are in use.
static int
fdalloc(struct file *f)
{
  int fd;
  struct proc *p = myproc();

  for(fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd] == NULL){
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

// dup(fd): a new descriptor for the same open file.
int
sys_dup(void)
{
  struct file *f;
  int fd;

  if(argfd(0, NULL, &f) < 0)
    return -1;
  if((fd = fdalloc(f)) < 0)
    return -1;
  filedup(f);
  return fd;
}

// Fetch the (fd, buf, n) arguments read and write share: 0 or -1.
static int
argrw(struct file **pf, char __user **pbuf, int *pn)
{
  void __user *buf;

  if(argfd(0, NULL, pf) < 0 || argint(2, pn) < 0 || *pn < 0)
    return -1;
  if(argptr(1, &buf, *pn) < 0)
    return -1;
  *pbuf = buf;
  return 0;
}

// read(fd, buf, n): bytes read, 0 at end of file, or -1.
int
sys_read(void)
{
  struct file *f;
  char __user *buf;
  int n;

  if(argrw(&f, &buf, &n) < 0)
    return -1;
  // A file page behind buf is read in now: under the locks the read
  // takes, a fault may not read a file (vm/mmap.c). Only the mmap
  // window holds file pages.
  if((__force uint)buf + n > MMAPBASE)
    vmprefault((__force uint)buf, n, 1);
  return fileread(f, buf, n);
}

// write(fd, buf, n): bytes written, or -1.
int
sys_write(void)
{
  struct file *f;
  char __user *buf;
  int n;

  if(argrw(&f, &buf, &n) < 0)
    return -1;
  if((__force uint)buf + n > MMAPBASE)
    vmprefault((__force uint)buf, n, 0);
  return filewrite(f, buf, n);
}

// close(fd): 0, or -1 if fd is not open.
int
sys_close(void)
{
  struct file *f;
  int fd;

  if(argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = NULL;
  fileclose(f);
  return 0;
}

// fstat(fd, st): 0 with *st filled in, or -1.
int
sys_fstat(void)
{
  struct file *f;
  void __user *st;

  if(argfd(0, NULL, &f) < 0 || argptr(1, &st, sizeof(struct stat)) < 0)
    return -1;
  return filestat(f, st);
}

// Add name for ip (locked, with its link already counted) in the parent
// directory of path: 0, or -1. Caller is inside a transaction.
static int
addlink(char *path, struct inode *ip)
{
  char name[DIRSIZ];
  struct inode *dp;

  if((dp = nameiparent(path, name)) == NULL)
    return -1;
  ilock(dp);
  if(dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0){
    iunlockput(dp);
    return -1;
  }
  iunlockput(dp);
  return 0;
}

// link(old, new): new names the file old names; 0, or -1.
int
sys_link(void)
{
  char old[MAXPATH], new[MAXPATH];
  struct inode *ip;

  if(argstr(0, old, sizeof(old)) < 0 || argstr(1, new, sizeof(new)) < 0)
    return -1;
  begin_op();
  if((ip = namei(old)) == NULL){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type == T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the link first: a crash then leaves a count too high, never too low.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);
  if(addlink(new, ip) < 0){
    ilock(ip);
    ip->nlink--;
    iupdate(ip);
    iunlockput(ip);
    end_op();
    return -1;
  }
  iput(ip);
  end_op();
  return 0;
}

// Whether directory dp holds nothing but "." and ".."; an unreadable
// entry (a damaged disk) counts as something.
static int
isdirempty(struct inode *dp)
{
  uint off;
  struct dirent de;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de))
      return 0;
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

// Remove entry name at offset off of the locked directory dp, whose
// target ip is locked too; both stay locked.
static void
dropentry(struct inode *dp, uint off, struct inode *ip)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  if(writei(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink: writei");
  if(ip->type == T_DIR){
    // The child's ".." no longer names dp.
    dp->nlink--;
    iupdate(dp);
  }
  ip->nlink--;
  iupdate(ip);
}

// Remove name from the locked directory dp: 0, or -1 if it is "." or
// "..", absent, a directory that is not empty, or a bad disk inode (not
// in use, or in use with no links). dp stays locked.
static int
removename(struct inode *dp, char *name)
{
  struct inode *ip;
  uint off;

  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    return -1;
  if((ip = dirlookup(dp, name, &off)) == NULL)
    return -1;
  ilock(ip);
  if(ip->type == 0 || ip->nlink < 1 ||
     (ip->type == T_DIR && !isdirempty(ip))){
    iunlockput(ip);
    return -1;
  }
  dropentry(dp, off, ip);
  iunlockput(ip);
  return 0;
}

// unlink(path): remove a name, freeing the file with its last link
// once no one has it open; 0, or -1.
int
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ];
  struct inode *dp;
  int r;

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;
  begin_op();
  if((dp = nameiparent(path, name)) == NULL){
    end_op();
    return -1;
  }
  ilock(dp);
  r = removename(dp, name);
  iunlockput(dp);
  end_op();
  return r;
}

// Give the fresh, locked inode ip its "." and ".." entries and the entry
// name in dp: 0, or -1 if a directory cannot grow.
static int
linknew(struct inode *dp, char *name, struct inode *ip)
{
  if(ip->type == T_DIR){
    if(dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      return -1;
  }
  if(dirlink(dp, name, ip->inum) < 0)
    return -1;
  if(ip->type == T_DIR){
    // The new directory's ".." is a link to dp.
    dp->nlink++;
    iupdate(dp);
  }
  return 0;
}

// Make a new inode of the given type named name in the locked directory
// dp: the new inode, locked, or NULL.
static struct inode*
makenode(struct inode *dp, char *name, short type, short major, short minor)
{
  struct inode *ip;

  if((ip = ialloc(dp->dev, type)) == NULL)
    return NULL;
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);
  if(linknew(dp, name, ip) < 0){
    // With no links, the last iput frees the inode and its blocks.
    ip->nlink = 0;
    iupdate(ip);
    iunlockput(ip);
    return NULL;
  }
  return ip;
}

// Create path as a new inode of the given type and return it locked; an
// existing regular file or device is returned instead when a regular
// file is asked for. NULL on any failure. Caller is inside a transaction.
static struct inode*
create(char *path, short type, short major, short minor)
{
  char name[DIRSIZ];
  struct inode *dp, *ip;

  if((dp = nameiparent(path, name)) == NULL)
    return NULL;
  ilock(dp);
  if((ip = dirlookup(dp, name, NULL)) != NULL){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV))
      return ip;
    iunlockput(ip);
    return NULL;
  }
  ip = makenode(dp, name, type, major, minor);
  iunlockput(dp);
  return ip;
}

// Find or create the inode open(path, omode) names: it, locked, or NULL
// if it is missing or a directory opened for anything but reading.
// Caller is inside a transaction.
static struct inode*
openinode(char *path, int omode)
{
  struct inode *ip;

  if(omode & O_CREATE)
    return create(path, T_FILE, 0, 0);
  if((ip = namei(path)) == NULL)
    return NULL;
  ilock(ip);
  if(ip->type == T_DIR && omode != O_RDONLY){
    iunlockput(ip);
    return NULL;
  }
  return ip;
}

// Attach the locked inode ip to a new open file and descriptor: the
// descriptor, or -1 with ip still locked and referenced.
static int
openfile(struct inode *ip, int omode)
{
  struct file *f;
  int fd;

  if((f = filealloc()) == NULL)
    return -1;
  if((fd = fdalloc(f)) < 0){
    fileclose(f);
    return -1;
  }
  f->type = FD_INODE;
  f->ip = ip;
  f->off = 0;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  return fd;
}

// Copy the last element of path, cut to DIRSIZ characters, to name.
static void
lastelem(const char *path, char *name)
{
  const char *s, *last;

  for(last = s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  safestrcpy(name, last, DIRSIZ + 1);
}

// open(path, omode): a descriptor for the file, or -1.
int
sys_open(void)
{
  char path[MAXPATH];
  int omode, fd;
  struct inode *ip;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &omode) < 0)
    return -1;
  begin_op();
  if((ip = openinode(path, omode)) == NULL){
    end_op();
    return -1;
  }
  if(ip->type == T_DEV && (ip->major < 0 || ip->major >= NDEV)){
    iunlockput(ip);
    end_op();
    return -1;
  }
  if((fd = openfile(ip, omode)) < 0){
    iunlockput(ip);
    end_op();
    return -1;
  }
  if((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);
  iunlock(ip);
  end_op();
  lastelem(path, myproc()->ofile[fd]->name);
  return fd;
}

// mkdir(path): 0, or -1 if path exists or its parent does not.
int
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DIR, 0, 0)) == NULL){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// mknod(path, major, minor): make a device file; 0, or -1.
int
sys_mknod(void)
{
  char path[MAXPATH];
  int major, minor;
  struct inode *ip;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &major) < 0 ||
     argint(2, &minor) < 0)
    return -1;
  if(major < 0 || major >= NDEV)
    return -1;
  begin_op();
  if((ip = create(path, T_DEV, major, minor)) == NULL){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// chdir(path): make the directory path names the current one; 0, or -1.
int
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;
  begin_op();
  if((ip = namei(path)) == NULL){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}

// pipe(fds): fds[0] becomes the read end and fds[1] the write end; 0,
// or -1 with nothing left open.
int
sys_pipe(void)
{
  void __user *ufds;
  struct file *rf, *wf;
  int fds[2];
  struct proc *p = myproc();

  if(argptr(0, &ufds, sizeof(fds)) < 0)
    return -1;
  if(pipealloc(&rf, &wf) < 0)
    return -1;
  fds[0] = fdalloc(rf);
  fds[1] = fds[0] < 0 ? -1 : fdalloc(wf);
  if(fds[1] < 0 || copyout(ufds, fds, sizeof(fds)) < 0){
    if(fds[0] >= 0)
      p->ofile[fds[0]] = NULL;
    if(fds[1] >= 0)
      p->ofile[fds[1]] = NULL;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  return 0;
}
