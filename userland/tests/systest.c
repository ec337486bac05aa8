// systest: the base kernel's in-guest test suite, in the spirit of xv6's
// usertests, and of the standard programs' argument checking. Each test
// runs in its own child process; the runner prints "ok NAME" or
// "FAIL NAME: reason" for each and a summary line at the end.

#include "types.h"
#include "param.h"
#include "stat.h"
#include "fcntl.h"
#include "fs.h"
#include "memlayout.h"
#include "mmu.h"
#include "user.h"
#include "syscall.h"
#include "traps.h"

#define WATCHDOG 6000     // ticks a test may run before it is killed (fsreuse
                          // needs about 3000 under emulation)
#define BUFSZ    16384    // size of each scratch buffer
#define ECHO     "/echo"  // the program the exec tests run
#define NBAD     6        // bad user pointers the pointer tests try
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define KMAXPATH 128      // the kernel's longest path with its NUL (fs/file.h)

#include "runner.h"

extern char end[];        // first address past the program's bss (ld)

static char buf[BUFSZ];   // scratch space, static so forks stay cheap
static char buf2[BUFSZ];
static uint bad[NBAD];    // filled by setbad()
static char *argvbuf[MAXARG + 2];
static char *echoargv[] = { "echo", "hello", "world", NULL };

// ---- verdicts and helpers ------------------------------------------------

// Report failure naming a file.
static NORETURN void
fails(const char *why, const char *path)
{
  printf(resfd, "f%s %s\n", why, path);
  exit();
}

// open, failing the test if it cannot.
static int
xopen(const char *path, int mode)
{
  int fd;

  if((fd = open(path, mode)) < 0)
    fails("cannot open", path);
  return fd;
}

// Replace path with a fresh file holding the n bytes at data.
static void
putfile(const char *path, const char *data, int n)
{
  int fd;

  unlink(path);
  fd = xopen(path, O_CREATE | O_WRONLY);
  if(write(fd, data, n) != n)
    fails("short write to", path);
  close(fd);
}

// Read up to max bytes of path into out: the count, or -1 if it will not open.
static int
getfile(const char *path, char *out, int max)
{
  int fd, n, total;

  if((fd = open(path, O_RDONLY)) < 0)
    return -1;
  total = 0;
  while(total < max && (n = read(fd, out + total, max - total)) > 0)
    total += n;
  close(fd);
  return total;
}

// Fail unless path holds exactly the n bytes at want.
static void
expectfile(const char *path, const char *want, int n)
{
  if(getfile(path, buf2, BUFSZ) != n || !equal(buf2, want, n))
    fails("wrong contents in", path);
}

// The stat of path, failing the test if there is none.
static void
xstat(const char *path, struct stat *st)
{
  if(stat(path, st) < 0)
    fails("cannot stat", path);
}

// Whether the DIRSIZ-byte directory entry name de spells the string s.
static int
namematch(const char *de, const char *s)
{
  int i;

  for(i = 0; i < DIRSIZ; i++){
    if(de[i] != s[i])
      return 0;
    if(s[i] == 0)
      return 1;
  }
  return s[DIRSIZ] == 0;
}

// Count the live entries of directory dir, only those named name if it is non-NULL.
static int
dirscan(const char *dir, const char *name)
{
  struct dirent de;
  int fd, n;

  fd = xopen(dir, O_RDONLY);
  n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de))
    if(de.inum != 0 && (name == NULL || namematch(de.name, name)))
      n++;
  close(fd);
  return n;
}

// Write "<c><two digits of i>" into name.
static void
nameof(char *name, char c, int i)
{
  name[0] = c;
  name[1] = '0' + i / 10 % 10;
  name[2] = '0' + i % 10;
  name[3] = 0;
}

// Does a child that reads (or writes) the byte at addr die for it?
static int
faults(uint addr, int dowrite)
{
  int p[2], pid, n;
  volatile char *a = (volatile char*)addr;
  char c;

  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    if(dowrite)
      *a = 'x';
    c = *a;
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  if(wait() != pid)
    fail("wait for the faulting child");
  n = read(p[0], &c, 1);
  close(p[0]);
  return n == 0;
}

// Grow the heap to a page boundary with a fresh page below it; return the
// new break, the first unmapped address above the heap.
static char*
brkpage(void)
{
  uint b = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(b) + PGSIZE - b) == (char*)-1)
    fail("sbrk of one page");
  return sbrk(0);
}

// Fill bad[] with pointers no system call may accept: wrapping, kernel,
// unmapped, and a 4-byte tail of the heap that runs into unmapped memory.
static void
setbad(void)
{
  char *top = brkpage();

  bad[0] = 0xffffffff;
  bad[1] = 0xfffffff8;
  bad[2] = KERNBASE;
  bad[3] = KERNBASE - 4;
  bad[4] = (uint)top;
  bad[5] = (uint)top - 4;
  memset(top - 4, 'a', 4);
}

// The lowest free descriptor.
static int
freefd(void)
{
  int fd = dup(0);

  if(fd < 0)
    fail("dup(0)");
  close(fd);
  return fd;
}

// Run path with argv in a child whose standard output and error are a
// pipe; gather up to max bytes of that output in out. The count, or -1 if
// exec returned -1.
static int
capture(char *path, char **argv, char *out, int max)
{
  int p[2], q[2], pid, n, total, r;

  xpipe(p);
  xpipe(q);
  pid = spawnout(path, argv, p, q[1]);
  close(p[1]);
  close(q[1]);
  total = 0;
  while(total < max && (n = read(p[0], out + total, max - total)) > 0)
    total += n;
  close(p[0]);
  n = read(q[0], &r, sizeof(r));
  close(q[0]);
  if(wait() != pid)
    fail("wait for the exec child");
  if(n == sizeof(r) && r != -1)
    failv("exec returned", r);
  return n == sizeof(r) ? -1 : total;
}

// Does exec(path, argv) return -1, leaving its caller running? The child
// trying it has no standard output, so a wrong success prints nothing.
static int
execfails(char *path, char **argv)
{
  int p[2], pid, r;

  xpipe(p);
  if((pid = xfork()) == 0){
    close(1);
    close(p[0]);
    r = exec(path, argv);
    write(p[1], &r, sizeof(r));
    exit();
  }
  close(p[1]);
  if(read(p[0], &r, sizeof(r)) != sizeof(r))
    r = 0;
  close(p[0]);
  if(wait() != pid)
    fail("wait for the exec child");
  return r == -1;
}

// ---- processes -------------------------------------------------------------

#define NKIDS 10

// wait returns each child's pid exactly once, then -1.
static void
forkwait(void)
{
  int pids[NKIDS], seen[NKIDS], i, j, pid;

  for(i = 0; i < NKIDS; i++){
    if((pid = xfork()) == 0)
      exit();
    pids[i] = pid;
    seen[i] = 0;
  }
  for(i = 0; i < NKIDS; i++){
    pid = wait();
    for(j = 0; j < NKIDS && pids[j] != pid; j++)
      ;
    if(j == NKIDS)
      failv("wait returned a pid that is not a child", pid);
    if(seen[j]++)
      failv("wait returned a pid twice", pid);
  }
  if((pid = wait()) != -1)
    failv("wait after the last child", pid);
}

// wait in a process that has no children returns -1 at once.
static void
waitnone(void)
{
  int pid;

  if((pid = wait()) != -1)
    failv("wait with no children", pid);
}

// A child sees its own pid, the one fork gave the parent.
static void
getpidtest(void)
{
  int p[2], me, pid, cpid;

  me = getpid();
  if(me <= 0)
    failv("getpid", me);
  xpipe(p);
  if((pid = xfork()) == 0){
    cpid = getpid();
    write(p[1], &cpid, sizeof(cpid));
    exit();
  }
  close(p[1]);
  if(read(p[0], &cpid, sizeof(cpid)) != sizeof(cpid))
    fail("child sent no pid");
  if(wait() != pid)
    fail("wait for the child");
  if(cpid != pid)
    failv("child's getpid differs from fork's return", cpid);
  if(cpid == me || getpid() != me)
    fail("parent and child share a pid");
}

// Fork children that exit at once until fork fails; return the count.
static int
forkall(void)
{
  int n, pid;

  for(n = 0; n <= NPROC; n++){
    if((pid = fork()) < 0)
      return n;
    if(pid == 0)
      exit();
  }
  fail("fork never failed with NPROC processes");
}

// Reap n children: wait must return a pid each time, and then -1.
static void
reapall(int n)
{
  int pid;

  while(n-- > 0)
    if(wait() < 0)
      fail("wait lost a child");
  if((pid = wait()) != -1)
    failv("wait after the last child", pid);
}

// fork fails once the process table is full; reaping frees every slot.
static void
forkmax(void)
{
  int n, m;

  if((n = forkall()) == 0)
    fail("no fork succeeded");
  reapall(n);
  if((m = forkall()) < n)
    failv("fewer forks after reaping", m);
  reapall(m);
}

// A child spinning in user space dies when killed, and wait returns it.
static void
killspin(void)
{
  int pid, w;

  if((pid = xfork()) == 0)
    for(;;)
      ;
  if(kill(pid) != 0)
    fail("kill of a running child");
  if((w = wait()) != pid)
    failv("wait after kill", w);
}

// kill of a pid no process has returns -1.
static void
killbad(void)
{
  int pid;

  if(kill(0) != -1 || kill(-1) != -1 || kill(1000000) != -1)
    fail("kill of a pid no process has");
  if((pid = xfork()) == 0)
    exit();
  if(wait() != pid)
    fail("wait for the child");
  if(kill(pid) != -1)
    fail("kill of a reaped child");
}

// kill(1) of init returns -1 and init lives on: the orphan made here
// wakes it, and a killed init would exit and panic the kernel.
static void
killinit(void)
{
  int pid;

  if(kill(1) != -1)
    fail("kill of init");
  if((pid = xfork()) == 0){
    if(xfork() == 0)
      exit();
    exit();
  }
  if(wait() != pid)
    fail("wait for the child");
  sleep(2);
}

// sleep(n) lasts at least n ticks of uptime.
static void
sleeptest(void)
{
  int t0, t1;

  t0 = uptime();
  if(sleep(10) != 0)
    fail("sleep(10)");
  t1 = uptime();
  if(t1 - t0 < 10)
    failv("uptime advanced less than sleep(10)", t1 - t0);
  if(sleep(0) != 0)
    fail("sleep(0)");
}

// wait finds a child that exited while the parent slept, and one that
// exits while the parent waits.
static void
exitsleep(void)
{
  int pid, w;

  if((pid = xfork()) == 0)
    exit();
  sleep(5);
  if((w = wait()) != pid)
    failv("wait for a child that exited during sleep", w);
  if((pid = xfork()) == 0){
    sleep(5);
    exit();
  }
  if((w = wait()) != pid)
    failv("wait for a sleeping child", w);
}

// The middle process of orphan: start a grandchild that runs on after we
// exit, send its pid, and exit.
static NORETURN void
orphanparent(int *p)
{
  int q[2], gpid;
  char c;

  close(p[0]);
  if(pipe(q) < 0)
    exit();
  if((gpid = fork()) == 0){
    close(q[1]);
    read(q[0], &c, 1);  // end of file: our parent has exited
    write(p[1], "g", 1);
    exit();
  }
  write(p[1], &gpid, sizeof(gpid));
  exit();
}

// A grandchild outlives its parent: it keeps running, exits, and our
// wait never sees it.
static void
orphan(void)
{
  int p[2], pid, gpid, w;
  char c;

  xpipe(p);
  if((pid = xfork()) == 0)
    orphanparent(p);
  close(p[1]);
  if(wait() != pid)
    fail("wait for the child");
  if(read(p[0], &gpid, sizeof(gpid)) != sizeof(gpid) || gpid < 0)
    fail("the child started no grandchild");
  if(read(p[0], &c, 1) != 1 || c != 'g')
    fail("the orphan did not run after its parent exited");
  if(read(p[0], &c, 1) != 0)
    fail("no end of file once the orphan exited");
  if((w = wait()) != -1)
    failv("wait returned a grandchild", w);
}

// ---- pipes -------------------------------------------------------------------

#define NSEQ 3000

// Write bytes 0..NSEQ-1 (mod 251) to fd in chunks of varying size, then exit.
static NORETURN void
seqwriter(int fd)
{
  int i, j, n;

  for(i = 0, n = 1; i < NSEQ; i += n, n = n * 3 % 700 + 1){
    if(n > NSEQ - i)
      n = NSEQ - i;
    for(j = 0; j < n; j++)
      buf[j] = (i + j) % 251;
    if(write(fd, buf, n) != n)
      exit();
  }
  exit();
}

// Bytes come out of a pipe in the order they went in, across fork.
static void
pipeorder(void)
{
  int p[2], pid, i, n, chunk, total;

  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    seqwriter(p[1]);
  }
  close(p[1]);
  total = 0;
  chunk = 1;
  while((n = read(p[0], buf2, chunk)) > 0){
    for(i = 0; i < n; i++)
      if((uchar)buf2[i] != (total + i) % 251)
        failv("byte out of order at offset", total + i);
    total += n;
    chunk = chunk * 5 % 613 + 1;
  }
  if(n < 0)
    fail("read from the pipe");
  if(total != NSEQ)
    failv("bytes through the pipe", total);
  if(wait() != pid)
    fail("wait for the writer");
}

#define NWRITERS 5
#define PERWRITER 300

// Five writers share a pipe: every byte each wrote arrives.
static void
pipewriters(void)
{
  int p[2], k, n, i, count[NWRITERS];

  xpipe(p);
  for(k = 0; k < NWRITERS; k++){
    if(xfork() == 0){
      close(p[0]);
      memset(buf, 'a' + k, 30);
      for(i = 0; i < PERWRITER / 30; i++)
        write(p[1], buf, 30);
      exit();
    }
    count[k] = 0;
  }
  close(p[1]);
  while((n = read(p[0], buf2, 100)) > 0)
    for(i = 0; i < n; i++){
      k = buf2[i] - 'a';
      if(k < 0 || k >= NWRITERS)
        failv("a byte no writer wrote", buf2[i]);
      count[k]++;
    }
  for(k = 0; k < NWRITERS; k++)
    if(count[k] != PERWRITER)
      failv("bytes from one writer", count[k]);
  reapall(NWRITERS);
}

// read returns the bytes left, then 0 once every write end is closed.
static void
pipeeof(void)
{
  int p[2], d;
  char c[4];

  xpipe(p);
  if(write(p[1], "abc", 3) != 3)
    fail("write to the pipe");
  if((d = dup(p[1])) < 0)
    fail("dup of the write end");
  close(p[1]);
  if(read(p[0], c, 4) != 3 || !equal(c, "abc", 3))
    fail("read of buffered bytes");
  if(write(d, "x", 1) != 1)
    fail("write through the dup'd end");
  close(d);
  if(read(p[0], c, 4) != 1 || c[0] != 'x')
    fail("read of the last byte");
  if(read(p[0], c, 4) != 0 || read(p[0], c, 4) != 0)
    fail("read after all writers closed is not 0");
}

// Writing to a pipe whose reader has gone fails instead of blocking.
static void
pipenoreader(void)
{
  int p[2], pid, n;

  xpipe(p);
  close(p[0]);
  if(write(p[1], "x", 1) != -1)
    fail("write with no reader");
  close(p[1]);
  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[1]);
    read(p[0], buf, 10);
    exit();
  }
  close(p[0]);
  if((n = write(p[1], buf, 4000)) == 4000)
    fail("4000 bytes written to a pipe whose reader left");
  if(wait() != pid)
    fail("wait for the reader");
  if(write(p[1], "x", 1) != -1)
    fail("write after the reader exited");
}

#define BIGPIPE 10000

// One write far larger than the pipe's buffer arrives whole and intact.
static void
pipebig(void)
{
  int p[2], pid, i, n, total;

  for(i = 0; i < BIGPIPE; i++)
    buf[i] = i % 253;
  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    write(p[1], buf, BIGPIPE);
    exit();
  }
  close(p[1]);
  total = 0;
  while(total <= BIGPIPE && (n = read(p[0], buf2 + total, 1000)) > 0)
    total += n;
  if(total != BIGPIPE)
    failv("bytes received", total);
  if(!equal(buf, buf2, BIGPIPE))
    fail("data corrupted in the pipe");
  if(wait() != pid)
    fail("wait for the writer");
}

// ---- file system -------------------------------------------------------------

// A file written is read back the same; after unlink it is gone.
static void
filerw(void)
{
  int i;

  for(i = 0; i < 1500; i++)
    buf[i] = 'a' + i % 23;
  putfile("rwfile", buf, 1500);
  expectfile("rwfile", buf, 1500);
  if(unlink("rwfile") != 0)
    fail("unlink");
  if(open("rwfile", O_RDONLY) >= 0)
    fail("open after unlink succeeded");
}

// Descriptors allow only what their open mode says.
static void
openmodes(void)
{
  int fd;
  char c;

  putfile("omfile", "xyz", 3);
  fd = xopen("omfile", O_RDONLY);
  if(write(fd, "a", 1) != -1)
    fail("write to an O_RDONLY descriptor");
  close(fd);
  fd = xopen("omfile", O_WRONLY);
  if(read(fd, &c, 1) != -1)
    fail("read from an O_WRONLY descriptor");
  close(fd);
  fd = xopen("omfile", O_RDWR);
  if(write(fd, "a", 1) != 1 || read(fd, &c, 1) != 1 || c != 'y')
    fail("O_RDWR descriptor");
  close(fd);
  expectfile("omfile", "ayz", 3);
  unlink("omfile");
}

// O_TRUNC empties a file, including one that uses the indirect block.
static void
trunctest(void)
{
  int fd;
  struct stat st;

  putfile("trfile", "abcdef", 6);
  fd = xopen("trfile", O_WRONLY | O_TRUNC);
  if(fstat(fd, &st) < 0 || st.size != 0)
    fail("size after O_TRUNC");
  if(write(fd, "xy", 2) != 2)
    fail("write after O_TRUNC");
  close(fd);
  expectfile("trfile", "xy", 2);
  memset(buf, 'b', (NDIRECT + 4) * BSIZE);
  putfile("trfile", buf, (NDIRECT + 4) * BSIZE);
  fd = xopen("trfile", O_RDWR | O_TRUNC | O_CREATE);
  if(fstat(fd, &st) < 0 || st.size != 0 || read(fd, buf2, 10) != 0)
    fail("a large file survived O_TRUNC");
  close(fd);
  unlink("trfile");
}

// O_CREATE opens an existing file as it is, and refuses a directory.
static void
createexist(void)
{
  int fd;
  struct stat st;

  putfile("cefile", "hello", 5);
  fd = xopen("cefile", O_CREATE | O_RDWR);
  if(fstat(fd, &st) < 0 || st.size != 5)
    fail("O_CREATE changed an existing file");
  if(read(fd, buf, 10) != 5 || !equal(buf, "hello", 5))
    fail("read through O_CREATE descriptor");
  close(fd);
  unlink("cefile");
  unlink("cedir");
  if(mkdir("cedir") != 0)
    fail("mkdir");
  if(open("cedir", O_CREATE | O_RDWR) >= 0)
    fail("O_CREATE opened a directory for writing");
  unlink("cedir");
}

// Opening a missing file, or one under a missing or non-directory
// parent, fails and creates nothing.
static void
openmissing(void)
{
  unlink("nosuch");
  if(open("nosuch", O_RDONLY) >= 0)
    fail("open of a missing file");
  if(open("nosuch", O_RDWR) >= 0 || open("nosuch", O_RDONLY) >= 0)
    fail("open without O_CREATE created a file");
  if(open("nosuchdir/x", O_CREATE | O_RDWR) >= 0)
    fail("create under a missing directory");
  putfile("nsfile", "x", 1);
  if(open("nsfile/x", O_CREATE | O_RDWR) >= 0 || mkdir("nsfile/x") == 0)
    fail("create under a regular file");
  unlink("nsfile");
}

// Directories nest; chdir makes relative paths start there.
static void
dirs(void)
{
  unlink("dtop/dsub/f");
  unlink("dtop/dsub");
  unlink("dtop");
  if(mkdir("dtop") != 0 || mkdir("dtop/dsub") != 0)
    fail("mkdir");
  if(mkdir("dtop") != -1)
    fail("mkdir of an existing name");
  if(chdir("dtop/dsub") != 0)
    fail("chdir dtop/dsub");
  putfile("f", "in sub", 6);
  if(chdir("/") != 0)
    fail("chdir /");
  expectfile("dtop/dsub/f", "in sub", 6);
  if(chdir("dtop") != 0)
    fail("chdir dtop");
  expectfile("dsub/f", "in sub", 6);
  expectfile("/dtop/dsub/f", "in sub", 6);
  if(open("/dtop", O_RDWR) >= 0 || open("/dtop", O_WRONLY) >= 0)
    fail("a directory opened for writing");
  if(chdir("dsub/f") != -1 || chdir("nosuch") != -1)
    fail("chdir to a file or a missing name");
  if(unlink("dsub/f") != 0 || unlink("dsub") != 0 || unlink("/dtop") != 0)
    fail("unlink of the tree");
}

// The i-number of path.
static uint
ino(const char *path)
{
  struct stat st;

  xstat(path, &st);
  return st.ino;
}

// "." names a directory itself and ".." its parent, up to the root.
static void
dotdot(void)
{
  unlink("dd/ee");
  unlink("dd/up");
  unlink("dd");
  if(mkdir("dd") != 0 || mkdir("dd/ee") != 0)
    fail("mkdir");
  if(ino("/") != ROOTINO || ino("/..") != ROOTINO || ino("/.") != ROOTINO)
    fail("the root is not ROOTINO");
  if(chdir("dd/ee") != 0)
    fail("chdir dd/ee");
  if(ino(".") != ino("/dd/ee") || ino("./../ee/.") != ino("/dd/ee"))
    fail(". does not name the directory");
  if(ino("..") != ino("/dd") || ino("../..") != ROOTINO)
    fail(".. does not name the parent");
  putfile("../up", "up", 2);
  expectfile("/dd/up", "up", 2);
  if(chdir("..") != 0 || ino(".") != ino("/dd"))
    fail("chdir ..");
  if(unlink("up") != 0 || unlink("ee") != 0 || unlink("/dd") != 0)
    fail("unlink of the tree");
}

// The link count of path.
static int
nlinks(const char *path)
{
  struct stat st;

  xstat(path, &st);
  return st.nlink;
}

// link adds a name and a count; unlink removes them; an open file
// outlives its last name.
static void
linkunlink(void)
{
  int fd;

  unlink("lk2");
  putfile("lk1", "data", 4);
  if(link("lk1", "lk2") != 0)
    fail("link");
  if(nlinks("lk1") != 2 || nlinks("lk2") != 2)
    failv("nlink after link", nlinks("lk1"));
  expectfile("lk2", "data", 4);
  if(link("lk1", "lk2") != -1 || link("nosuch", "lk3") != -1)
    fail("link onto an existing name or from a missing one");
  if(link(".", "lkdir") != -1)
    fail("link of a directory");
  if(unlink("lk1") != 0 || nlinks("lk2") != 1)
    fail("nlink after unlink");
  fd = xopen("lk2", O_RDONLY);
  if(unlink("lk2") != 0)
    fail("unlink of the last name");
  if(read(fd, buf, 10) != 4 || !equal(buf, "data", 4))
    fail("read of an open file after its last unlink");
  close(fd);
  if(open("lk2", O_RDONLY) >= 0)
    fail("open after the last unlink");
}

// A directory can be unlinked only once it is empty.
static void
unlinkdir(void)
{
  unlink("ud/f");
  unlink("ud");
  if(mkdir("ud") != 0)
    fail("mkdir");
  putfile("ud/f", "x", 1);
  if(unlink("ud") != -1)
    fail("unlink of a non-empty directory");
  expectfile("ud/f", "x", 1);
  if(unlink("ud/f") != 0 || unlink("ud") != 0)
    fail("unlink of an emptied directory");
  if(open("ud", O_RDONLY) >= 0)
    fail("open after unlink");
}

// ".", ".." and the root cannot be unlinked.
static void
unlinkdot(void)
{
  unlink("ud2");
  if(mkdir("ud2") != 0)
    fail("mkdir");
  if(chdir("ud2") != 0)
    fail("chdir");
  if(unlink(".") != -1 || unlink("..") != -1)
    fail("unlink of . or ..");
  if(chdir("/") != 0)
    fail("chdir /");
  if(unlink("ud2/.") != -1 || unlink("ud2/..") != -1 || unlink("/") != -1)
    fail("unlink of dir/., dir/.. or /");
  if(ino("ud2/..") != ROOTINO)
    fail("ud2/.. lost");
  if(unlink("ud2") != 0)
    fail("unlink of the empty directory");
}

// Write "i<three digits of n>" under /fi into path.
static void
fipath(char *path, int n)
{
  strcpy(path, "/fi/i");
  path[5] = '0' + n / 100 % 10;
  path[6] = '0' + n / 10 % 10;
  path[7] = '0' + n % 10;
  path[8] = 0;
}

// How many more files the disk's inode table holds: fill it with empty
// files in a scratch directory /fi, count them (and /fi), remove them.
static int
freeinodes(void)
{
  char path[16];
  int n, i, fd;

  if(mkdir("/fi") != 0)
    fail("mkdir /fi");
  for(n = 0; n < 1000; n++){
    fipath(path, n);
    if((fd = open(path, O_CREATE | O_RDWR)) < 0)
      break;
    close(fd);
  }
  for(i = 0; i < n; i++){
    fipath(path, i);
    if(unlink(path) != 0)
      fails("unlink", path);
  }
  if(unlink("/fi") != 0)
    fail("unlink /fi");
  return n + 1;
}

#define NRMCWD 20

// A process may remove its own current directory; files it then tries to
// create there must not take inodes for good (NRMCWD rounds).
static void
rmcwd(void)
{
  int before, after, r, fd, made = 0;

  before = freeinodes();
  for(r = 0; r < NRMCWD; r++){
    unlink("/rc");
    if(mkdir("/rc") != 0 || chdir("/rc") != 0)
      failv("mkdir and chdir /rc in round", r);
    if(unlink("/rc") != 0)
      failv("unlink of the current directory in round", r);
    if((fd = open("f", O_CREATE | O_RDWR)) >= 0){
      made++;
      close(fd);
    }
    if(chdir("/") != 0)
      fail("chdir /");
  }
  after = freeinodes();
  if(after != before)
    failv("inodes lost after removing the current directory", before - after);
  if(made != 0)
    failv("files created in a removed directory", made);
}

// In a removed current directory nothing can be looked up or created,
// not even "." or ".."; chdir out by an absolute path still works.
static void
rmcwdnames(void)
{
  struct stat st;

  unlink("/rn");
  if(mkdir("/rn") != 0 || chdir("/rn") != 0)
    fail("mkdir and chdir /rn");
  if(unlink("/rn") != 0)
    fail("unlink of the current directory");
  if(open("f", O_CREATE | O_RDWR) >= 0 || mkdir("d") == 0 ||
     mknod("n", 1, 1) == 0 || link("/README.md", "l") == 0)
    fail("a name made in a removed directory");
  if(stat(".", &st) == 0 || stat("..", &st) == 0 || chdir("..") == 0)
    fail("a lookup in a removed directory");
  if(chdir("/") != 0 || ino(".") != ROOTINO)
    fail("chdir / out of a removed directory");
}

// A process whose current directory and its parent are both removed
// (the parent's inode freed) gets -1 for "..", not a kernel panic.
static void
rmparent(void)
{
  unlink("/rp/c");
  unlink("/rp");
  if(mkdir("/rp") != 0 || mkdir("/rp/c") != 0 || chdir("/rp/c") != 0)
    fail("mkdir and chdir /rp/c");
  if(unlink("/rp/c") != 0 || unlink("/rp") != 0)
    fail("unlink of the current directory and its parent");
  if(chdir("..") != -1 || open("..", O_RDONLY) >= 0)
    fail("\"..\" of a removed directory whose parent is gone");
  if(chdir("/") != 0)
    fail("chdir /");
}

// Fill b with a pattern particular to block i.
static void
fillblock(char *b, int i)
{
  int j;

  for(j = 0; j < BSIZE; j++)
    b[j] = (i * 7 + j) % 253;
}

// Write MAXFILE blocks to a new file bigf; one byte more must fail.
static void
writebig(void)
{
  int fd, i;
  struct stat st;

  unlink("bigf");
  fd = xopen("bigf", O_CREATE | O_RDWR);
  for(i = 0; i < MAXFILE; i++){
    fillblock(buf, i);
    if(write(fd, buf, BSIZE) != BSIZE)
      failv("write of block", i);
  }
  if(write(fd, buf, 1) != -1)
    fail("write past MAXFILE blocks succeeded");
  if(fstat(fd, &st) < 0 || st.size != MAXFILE * BSIZE)
    failv("size of the largest file", st.size);
  close(fd);
}

// A file of MAXFILE blocks reads back intact.
static void
bigfile(void)
{
  int fd, i;

  writebig();
  fd = xopen("bigf", O_RDONLY);
  for(i = 0; i < MAXFILE; i++){
    if(read(fd, buf, BSIZE) != BSIZE)
      failv("read of block", i);
    fillblock(buf2, i);
    if(!equal(buf, buf2, BSIZE))
      failv("wrong contents in block", i);
  }
  if(read(fd, buf, 1) != 0)
    fail("read past the end");
  close(fd);
  if(unlink("bigf") != 0)
    fail("unlink");
}

#define NMANY 100

// 100 files in one directory are created, listed, read and removed.
static void
manyfiles(void)
{
  char name[4];
  int i;

  mkdir("many");
  if(chdir("many") != 0)
    fail("chdir many");
  for(i = 0; i < NMANY; i++){
    nameof(name, 'f', i);
    putfile(name, name, 3);
  }
  if(dirscan(".", NULL) != NMANY + 2)
    failv("entries in the directory", dirscan(".", NULL));
  for(i = 0; i < NMANY; i++){
    nameof(name, 'f', i);
    expectfile(name, name, 3);
    if(unlink(name) != 0)
      fails("unlink", name);
  }
  if(dirscan(".", NULL) != 2)
    failv("entries left after unlinking all", dirscan(".", NULL));
  if(chdir("/") != 0 || unlink("many") != 0)
    fail("unlink many");
}

#define NCONC 4
#define NCFILE 10

// One of concreate's children: create NCFILE files of its own and race
// the others to create the shared names.
static NORETURN void
concchild(int k)
{
  char name[4], c = '0' + k;
  int i, fd;

  if(chdir("cc") != 0)
    exit();
  for(i = 0; i < NCFILE; i++){
    nameof(name, 'a' + k, i);
    if((fd = open(name, O_CREATE | O_RDWR)) >= 0){
      write(fd, &c, 1);
      close(fd);
    }
    nameof(name, 's', i);
    if((fd = open(name, O_CREATE | O_RDWR)) >= 0)
      close(fd);
  }
  exit();
}

// Check and remove what concreate's children made.
static void
concheck(void)
{
  char name[4], c;
  int k, i;

  for(k = 0; k < NCONC; k++)
    for(i = 0; i < NCFILE; i++){
      nameof(name, 'a' + k, i);
      c = '0' + k;
      expectfile(name, &c, 1);
      unlink(name);
    }
  for(i = 0; i < NCFILE; i++){
    nameof(name, 's', i);
    if(dirscan(".", name) != 1)
      fails("a raced name is not in the directory exactly once:", name);
    unlink(name);
  }
}

// Several processes create files in one directory at the same time.
static void
concreate(void)
{
  int k;

  mkdir("cc");
  for(k = 0; k < NCONC; k++)
    if(xfork() == 0)
      concchild(k);
  reapall(NCONC);
  if(chdir("cc") != 0)
    fail("chdir cc");
  if(dirscan(".", NULL) != NCONC * NCFILE + NCFILE + 2)
    failv("entries in the directory", dirscan(".", NULL));
  concheck();
  if(chdir("/") != 0 || unlink("cc") != 0)
    fail("unlink cc");
}

#define NRACE 4000   // operations each racer makes

// One racer: create, link to and unlink the same name "race" in random
// order, as fast as it can.
static NORETURN void
racer(uint seed)
{
  int i;

  for(i = 0; i < NRACE; i++){
    seed = seed * 1103515245 + 12345;
    switch((seed >> 16) % 3){
    case 0: close(open("race", O_CREATE | O_RDWR)); break;
    case 1: link(ECHO, "race"); break;
    case 2: unlink("race"); break;
    }
  }
  exit();
}

// Two processes racing create, link and unlink on one name in one
// directory both finish: creating a file must not hold the new inode's
// lock while it waits for the directory's (which unlink holds while it
// waits for the file's).
static void
linkrace(void)
{
  mkdir("lr");
  if(chdir("lr") != 0)
    fail("chdir lr");
  if(xfork() == 0)
    racer(1);
  if(xfork() == 0)
    racer(97);
  reapall(2);
  unlink("race");
  if(chdir("/") != 0 || unlink("lr") != 0)
    fail("unlink lr");
}

// stat reports directories, files and devices with their sizes and links.
static void
fstattypes(void)
{
  struct stat st;

  xstat("/", &st);
  if(st.type != T_DIR || st.ino != ROOTINO)
    failv("type of /", st.type);
  putfile("stfile", "12345", 5);
  xstat("stfile", &st);
  if(st.type != T_FILE || st.size != 5 || st.nlink != 1)
    failv("type of a file", st.type);
  unlink("stdev");
  if(mknod("stdev", 1, 1) != 0)
    fail("mknod");
  xstat("stdev", &st);
  if(st.type != T_DEV)
    failv("type of a device", st.type);
  if(unlink("stdev") != 0 || unlink("stfile") != 0)
    fail("unlink");
}

// Descriptors from dup share one offset, for writing and for reading.
static void
dupoffset(void)
{
  int fd, d;

  unlink("dupf");
  fd = xopen("dupf", O_CREATE | O_RDWR);
  if((d = dup(fd)) < 0)
    fail("dup");
  if(write(fd, "abc", 3) != 3 || write(d, "def", 3) != 3)
    fail("write");
  close(fd);
  close(d);
  expectfile("dupf", "abcdef", 6);
  fd = xopen("dupf", O_RDONLY);
  d = dup(fd);
  if(read(fd, buf, 2) != 2 || read(d, buf + 2, 2) != 2 || !equal(buf, "abcd", 4))
    fail("reads through dup'd descriptors do not share the offset");
  close(fd);
  close(d);
  unlink("dupf");
}

// open and dup return the lowest free descriptor, as redirection relies on.
static void
lowestfd(void)
{
  int a, b, c;

  putfile("lowf", "x", 1);
  a = xopen("lowf", O_RDONLY);
  b = xopen("lowf", O_RDONLY);
  close(a);
  if((c = dup(b)) != a)
    failv("dup did not take the lowest free descriptor", c);
  close(c);
  close(b);
  if((c = xopen("lowf", O_RDONLY)) != a)
    failv("open did not take the lowest free descriptor", c);
  close(c);
  unlink("lowf");
}

// A child's writes to an inherited descriptor advance the parent's offset.
static void
forkfd(void)
{
  int fd, pid;

  unlink("forkf");
  fd = xopen("forkf", O_CREATE | O_RDWR);
  if(write(fd, "abc", 3) != 3)
    fail("write");
  if((pid = xfork()) == 0){
    write(fd, "def", 3);
    exit();
  }
  if(wait() != pid)
    fail("wait");
  if(write(fd, "ghi", 3) != 3)
    fail("write after the child");
  close(fd);
  expectfile("forkf", "abcdefghi", 9);
  unlink("forkf");
}

// Names of exactly DIRSIZ characters work as directories and files.
static void
dirsiz(void)
{
  char *n14 = "abcdefghijklmn", *n13 = "abcdefghijklm";
  char *path = "abcdefghijklmn/abcdefghijklmn";

  unlink(path);
  unlink(n14);
  if(mkdir(n14) != 0)
    fail("mkdir of a DIRSIZ name");
  if(chdir(n14) != 0)
    fail("chdir to a DIRSIZ name");
  putfile(n14, "deep", 4);
  if(chdir("/") != 0)
    fail("chdir /");
  expectfile(path, "deep", 4);
  if(dirscan("/", n14) != 1 || dirscan(n14, n14) != 1)
    fail("DIRSIZ name not listed");
  if(open(n13, O_RDONLY) >= 0)
    fail("a shorter prefix opened the DIRSIZ name");
  if(unlink(path) != 0 || unlink(n14) != 0)
    fail("unlink");
}

#define REUSE_ROUNDS (FSSIZE / MAXFILE + 2)
#define REUSE_CHUNK  (4 * BSIZE)

// Writing and deleting a MAXFILE-block file more times than the disk
// could hold at once works only if unlink returns the blocks.
static void
fsreuse(void)
{
  int r, i, fd;

  memset(buf, 'r', REUSE_CHUNK);
  unlink("reuse");
  for(r = 0; r < REUSE_ROUNDS; r++){
    if((fd = open("reuse", O_CREATE | O_RDWR)) < 0)
      failv("create in round", r);
    for(i = 0; i < MAXFILE * BSIZE; i += REUSE_CHUNK)
      if(write(fd, buf, REUSE_CHUNK) != REUSE_CHUNK)
        failv("disk full in round", r);
    close(fd);
    if(unlink("reuse") != 0)
      failv("unlink in round", r);
  }
}

// ---- memory ------------------------------------------------------------------

// sbrk grows the heap with usable memory, moves the break consistently,
// and shrinking returns the old break.
static void
sbrkgrow(void)
{
  char *a, *b;
  int i;

  a = brkpage();
  if((b = sbrk(3 * PGSIZE)) != a)
    failx("sbrk returned", (uint)b);
  if(sbrk(0) != a + 3 * PGSIZE)
    fail("sbrk(0) after growth");
  for(i = 0; i < 3 * PGSIZE; i++)
    if(a[i] != 0)
      failv("fresh heap memory not zero at", i);
  for(i = 0; i < 3 * PGSIZE; i++)
    a[i] = i % 127;
  for(i = 0; i < 3 * PGSIZE; i++)
    if(a[i] != i % 127)
      failv("heap memory did not keep a value at", i);
  if((b = sbrk(-3 * PGSIZE)) != a + 3 * PGSIZE)
    failx("shrinking sbrk returned", (uint)b);
  if(sbrk(0) != a)
    fail("sbrk(0) after shrinking");
}

// Memory given back by sbrk is gone; growing again gives zeroed pages.
static void
sbrkfree(void)
{
  char *a;

  a = brkpage();
  if(sbrk(PGSIZE) != a)
    fail("sbrk");
  memset(a, 'z', PGSIZE);
  if(sbrk(-PGSIZE) != a + PGSIZE)
    fail("shrinking sbrk");
  if(!faults((uint)a, 0))
    fail("memory freed by sbrk is still readable");
  if(sbrk(PGSIZE) != a)
    fail("sbrk after shrinking");
  if(a[0] != 0 || a[PGSIZE - 1] != 0)
    fail("regrown heap shows old contents");
}

#define BIGGROW (60 * 1024 * 1024)
#define TABLEGROW (12 * 1024 * 1024)

// Free physical pages, from kmstat.
static uint
freepages(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0)
    fail("kmstat failed");
  return st.free_pages;
}

// Shrinking the heap frees the page tables it leaves empty, not only the
// pages: growing by 12 MiB (three page tables' worth) and back leaves
// exactly as many free pages as before.
static void
sbrktables(void)
{
  uint before, after;
  char *a;
  int i;

  before = freepages();
  if((a = sbrk(TABLEGROW)) == (char*)-1)
    fail("sbrk of 12 MiB failed");
  for(i = 0; i < TABLEGROW; i += PGSIZE)
    a[i] = 1;
  if(sbrk(-TABLEGROW) != a + TABLEGROW)
    fail("shrinking sbrk");
  after = freepages();
  if(after != before)
    failv("free pages after growing and shrinking the heap, minus before",
          after - before);
}

// A large heap is usable and given back: four rounds of 60 MB exceed
// what the kernel has, so they work only if shrinking frees the pages.
static void
sbrkbig(void)
{
  char *a, *b;
  int r, i;

  for(r = 0; r < 4; r++){
    a = sbrk(BIGGROW);
    if(a == (char*)-1)
      failv("sbrk of 60 MB failed in round", r);
    for(i = 0; i < BIGGROW; i += PGSIZE)
      a[i] = i / PGSIZE;
    for(i = 0; i < BIGGROW; i += PGSIZE)
      if(a[i] != (char)(i / PGSIZE))
        failv("large heap lost a value at", i);
    if((b = sbrk(-BIGGROW)) != a + BIGGROW)
      failx("shrinking sbrk returned", (uint)b);
  }
}

// sbrk refuses to cross MMAPBASE or go below zero and then changes nothing.
static void
sbrkceiling(void)
{
  char *cur;

  cur = sbrk(0);
  if(sbrk(MMAPBASE - (uint)cur + PGSIZE) != (char*)-1)
    fail("sbrk across MMAPBASE succeeded");
  if(sbrk(0) != cur)
    fail("failed sbrk moved the break");
  if(sbrk(0x7fffffff) != (char*)-1 || sbrk(0) != cur)
    fail("sbrk(0x7fffffff)");
  if(sbrk(-((int)cur + PGSIZE)) != (char*)-1 || sbrk(0) != cur)
    fail("sbrk below zero");
}

#define LAZYGROW (256 * 1024 * 1024)   // more than the machine's memory
#define TABLESPAN (4 * 1024 * 1024)    // the bytes one page table maps

// Pages the kernel could give out now: free ones and those its heap holds.
static uint
sparepages(void)
{
  struct kmstat st;

  if(kmstat(&st) < 0)
    fail("kmstat failed");
  return st.free_pages + st.held_bytes / PGSIZE + st.token_pages;
}

// Grow the heap to a page boundary (the partly used page is present
// already) and then by n lazy bytes; return their start.
static char*
lazygrow(uint n)
{
  uint b = (uint)sbrk(0);
  char *a;

  if(sbrk(PGROUNDUP(b) - b) == (char*)-1 || (a = sbrk(n)) == (char*)-1)
    fail("sbrk of the lazy heap failed");
  return a;
}

// sbrk of more than the machine has costs nothing until touched; a first
// touch reads zero and costs one page (and at most one page table); the
// shrink gives back exactly what was touched.
static void
lazyheap(void)
{
  uint before, f0, f1;
  char *a, *t;

  before = freepages();
  a = lazygrow(LAZYGROW);
  if((f0 = freepages()) != before)
    failv("growing the heap by 256 MiB took pages:", before - f0);
  t = (char*)PGROUNDUP((uint)a + 2 * TABLESPAN);
  t = (char*)((uint)t & ~(TABLESPAN - 1));
  if(t[0] != 0 || t[100] != 0)
    fail("a first touch did not read zero");
  f1 = freepages();
  if(f0 - f1 < 1 || f0 - f1 > 2)
    failv("a first touch took pages:", f0 - f1);
  t[PGSIZE] = 7;
  if(f1 - freepages() != 1 || t[PGSIZE] != 7)
    failv("a touch in a present table took pages:", f1 - freepages());
  if(sbrk(-LAZYGROW) != a + LAZYGROW)
    fail("shrinking sbrk");
  if(freepages() != before)
    failv("free pages after the shrink, minus before", freepages() - before);
}

// The kernel reads (pipe write) and writes (pipe read) untouched heap
// pages as a user access would: zeros out, the data in.
static void
lazycopy(void)
{
  char *a, buf[256];
  int p[2], i, n;

  a = lazygrow(2 * PGSIZE);
  xpipe(p);
  for(n = 0; n < PGSIZE; n += sizeof(buf)){
    if(write(p[1], a + n, sizeof(buf)) != sizeof(buf))
      fail("pipe write from an untouched heap page");
    memset(buf, 1, sizeof(buf));
    if(read(p[0], buf, sizeof(buf)) != sizeof(buf))
      fail("pipe read back");
    for(i = 0; i < (int)sizeof(buf); i++)
      if(buf[i] != 0)
        failv("untouched heap page read nonzero at", n + i);
  }
  memset(buf, 'z', 64);
  if(write(p[1], buf, 64) != 64)
    fail("pipe write");
  if(read(p[0], a + PGSIZE, 64) != 64)
    fail("pipe read into an untouched heap page");
  if(!equal(a + PGSIZE, buf, 64))
    fail("read into an untouched heap page lost the data");
  close(p[0]);
  close(p[1]);
}

// A child that touches a heap bigger than memory is killed at the fault
// that finds none; the parent sees it exit, gets every page back, and
// can still fork.
static void
lazyoom(void)
{
  uint before, n, i;
  int p[2], pid;
  char c = 'x', *a;

  before = sparepages();
  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    n = MMAPBASE - PGROUNDUP((uint)sbrk(0)) - PGSIZE;
    a = lazygrow(n);
    for(i = 0; i < n; i += PGSIZE)
      a[i] = 1;
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  if(wait() != pid)
    fail("wait for the child out of memory");
  if(read(p[0], &c, 1) != 0)
    fail("the child touched more than memory and lived");
  close(p[0]);
  if(sparepages() != before)
    failv("spare pages after the killed child, minus before",
          sparepages() - before);
  if(faults(0, 0) || !faults(KERNBASE, 0))
    fail("forks after the out-of-memory kill");
}

// fork of a process with a big untouched heap copies only what is
// present: the child costs a few pages, not the heap's 65,536.
static void
lazyfork(void)
{
  uint before, inchild;
  int p[2], pid;
  char *a;

  a = lazygrow(LAZYGROW);
  a[0] = 1;
  xpipe(p);
  before = sparepages();
  if((pid = xfork()) == 0){
    inchild = sparepages();
    if(a[0] != 1 || a[PGSIZE] != 0)
      inchild = 0;
    write(p[1], &inchild, sizeof(inchild));
    exit();
  }
  if(read(p[0], &inchild, sizeof(inchild)) != sizeof(inchild) || wait() != pid)
    fail("the child's report");
  if(inchild == 0)
    fail("the child saw wrong heap contents");
  if(before - inchild > 64)
    failv("fork with an untouched 256 MiB heap took pages:", before - inchild);
}

// Touching kernel memory kills the child that tries, nothing else.
static void
kernread(void)
{
  if(!faults(KERNBASE, 0))
    fail("a child read KERNBASE");
  if(!faults(KERNBASE + 0x100000, 0))
    fail("a child read the kernel's text");
  if(!faults(0xfffffff0, 0))
    fail("a child read 0xfffffff0");
  if(!faults(KERNBASE + 0x100000, 1))
    fail("a child wrote the kernel's text");
}

// The page below the stack is a guard: touching it kills the child.
static void
guardpage(void)
{
  uint guard = PGROUNDUP((uint)end);
  int local;

  if((uint)&local < guard + PGSIZE)
    failx("stack pointer not above the guard page", (uint)&local);
  if(!faults(guard, 0) || !faults(guard + PGSIZE - 1, 0))
    failx("a child read the guard page at", guard);
  if(!faults(guard + PGSIZE - 4, 1))
    failx("a child wrote the guard page at", guard);
}

// ---- procmem and pmap -------------------------------------------------------

// Whether the string s holds the string t.
static int
contains(const char *s, const char *t)
{
  int n = strlen(t);

  for(; *s; s++)
    if(equal(s, t, n))
      return 1;
  return 0;
}

// Write n in decimal into s (room for 12 bytes); return s.
static char*
decimal(char *s, uint n)
{
  char t[12];
  int i = 0, j = 0;

  do {
    t[i++] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  while(i > 0)
    s[j++] = t[--i];
  s[j] = 0;
  return s;
}

// procmem, failing the test if it refuses.
static void
xprocmem(int pid, struct procmem *pm)
{
  if(procmem(pid, pm) < 0)
    failv("procmem refused pid", pid);
}

// procmem of the caller agrees with the program's end, a local variable
// on the stack and sbrk(0), and follows the break.
static void
procmemself(void)
{
  struct procmem pm, again;
  int local;

  xprocmem(0, &pm);
  if(pm.brk != (uint)sbrk(0))
    failx("brk is not sbrk(0) but", pm.brk);
  if(pm.guard != PGROUNDUP((uint)end))
    failx("text and data do not end at the program's end but at", pm.guard);
  if(pm.stack != pm.guard + PGSIZE || pm.heap != pm.stack + PGSIZE)
    failx("the stack is not the page above the guard page but at", pm.stack);
  if((uint)&local < pm.stack || (uint)&local >= pm.heap)
    failx("a local variable lies outside the stack at", (uint)&local);
  if(pm.brk < pm.heap || strcmp(pm.name, "systest") != 0)
    fails("wrong break or name", pm.name);
  xprocmem(getpid(), &again);
  if(!equal((char*)&pm, (char*)&again, sizeof(pm)))
    fail("procmem of the caller's pid differs from procmem(0)");
  sbrk(3 * PGSIZE);
  xprocmem(0, &again);
  if(again.brk != pm.brk + 3 * PGSIZE || again.heap != pm.heap)
    failx("after sbrk the break is", again.brk);
}

// procmem's heapres counts the heap's present pages only: a lazy growth
// adds none, each page touched adds one, the shrink takes them away.
static void
procmemlazy(void)
{
  struct procmem a, b;
  char *p;

  xprocmem(0, &a);
  p = lazygrow(16 * PGSIZE);
  xprocmem(0, &b);
  if(b.heapres != a.heapres)
    failv("16 untouched heap pages are resident:", b.heapres - a.heapres);
  p[0] = p[5 * PGSIZE] = p[15 * PGSIZE] = 1;
  xprocmem(0, &b);
  if(b.heapres != a.heapres + 3)
    failv("3 touched heap pages, resident more:", b.heapres - a.heapres);
  sbrk(-16 * PGSIZE);
  xprocmem(0, &b);
  if(b.heapres != a.heapres)
    failv("after the shrink, resident more:", b.heapres - a.heapres);
}

// A forked child starts with its parent's layout, and its parent sees
// the child's break move.
static void
procmemfork(void)
{
  struct procmem pm, child;
  int ready[2], done[2], pid;
  char c;

  xpipe(ready);
  xpipe(done);
  xprocmem(0, &pm);
  if((pid = xfork()) == 0){
    // Only the copy-on-write counts may differ: each process has written
    // its stack since the fork.
    if(procmem(0, &child) == 0){
      child.cow = pm.cow;
      if(equal((char*)&pm, (char*)&child, sizeof(pm))){
        sbrk(2 * PGSIZE);
        write(ready[1], "r", 1);
      }
    }
    read(done[0], &c, 1);
    exit();
  }
  close(ready[1]);
  if(read(ready[0], &c, 1) != 1)
    fail("the child's layout is not its parent's");
  xprocmem(pid, &child);
  write(done[1], "d", 1);
  wait();
  if(child.brk != pm.brk + 2 * PGSIZE || child.heap != pm.heap)
    failx("the parent sees the child's break at", child.brk);
}

// After exec, procmem describes the new program: the child runs cat,
// which waits on its input while the parent looks.
static void
procmemexec(void)
{
  static char *catargv[] = { "cat", NULL };
  struct procmem pm, cat;
  int in[2], pid, i;

  xpipe(in);
  xprocmem(0, &pm);
  if((pid = xfork()) == 0){
    close(0);
    dup(in[0]);
    close(in[0]);
    close(in[1]);
    exec("/cat", catargv);
    exit();
  }
  close(in[0]);
  // Wait until exec has renamed the child.
  for(i = 0; i < 100; i++){
    xprocmem(pid, &cat);
    if(strcmp(cat.name, "cat") == 0)
      break;
    sleep(1);
  }
  close(in[1]);
  wait();
  if(strcmp(cat.name, "cat") != 0)
    fails("the child is not named cat but", cat.name);
  if(cat.guard % PGSIZE != 0 || cat.guard >= pm.guard)
    failx("cat's text and data do not end below systest's:", cat.guard);
  if(cat.stack != cat.guard + PGSIZE || cat.heap != cat.stack + PGSIZE ||
     cat.brk < cat.heap)
    failx("cat's stack and heap are not above its guard page:", cat.stack);
}

// procmem refuses a pid that is not a live process and every bad
// pointer, including the caller's own guard page.
static void
procmembad(void)
{
  struct procmem pm;
  int i, pid;

  if(procmem(99999, &pm) != -1 || procmem(-1, &pm) != -1)
    fail("procmem of a missing pid");
  if((pid = xfork()) == 0)
    exit();
  wait();
  if(procmem(pid, &pm) != -1)
    fail("procmem of a reaped child");
  setbad();
  for(i = 0; i < NBAD; i++)
    if(procmem(0, (struct procmem*)bad[i]) != -1)
      failx("procmem took the bad pointer", bad[i]);
  xprocmem(0, &pm);
  if(procmem(0, (struct procmem*)pm.guard) != -1)
    failx("procmem wrote the guard page at", pm.guard);
}

// Run pmap with argv[1] = arg (none if NULL) into buf (NUL-terminated).
static void
runpmap(char *arg)
{
  char *av[] = { "pmap", arg, NULL };
  int n;

  if((n = capture("/pmap", av, buf, BUFSZ - 1)) < 0)
    fail("exec pmap");
  buf[n] = 0;
}

// pmap refuses a bad pid with one line naming it, and prints no map.
static void
pmapbad(void)
{
  static char *args[] = { "abc", "12x", "", "0", "-3", "99999999999" };
  static char want[64];
  int i;

  for(i = 0; i < NELEM(args); i++){
    runpmap(args[i]);
    strcpy(want, "pmap: bad pid '");
    strcpy(want + strlen(want), args[i]);
    strcpy(want + strlen(want), "' (a positive number)\n");
    if(strcmp(buf, want) != 0)
      fails("pmap printed", buf);
  }
  runpmap("99999");
  if(strcmp(buf, "pmap: no process 99999\n") != 0)
    fails("pmap 99999 printed", buf);
}

// pmap of a process shows every part of its address space (a heap once
// it has one) and its mapping, with the pid, header and total.
static void
pmapshows(void)
{
  static char *parts[] = {
    "Address", "[ text+data ]", "[ guard ]", "[ stack ]", "[ heap ]",
    "40000000       8K       4K rw-s [ mmap ]", "total",
  };
  char pidstr[12], *m;
  int ready[2], done[2], pid, i;
  char c;

  xpipe(ready);
  xpipe(done);
  if((pid = xfork()) == 0){
    sbrk(PGSIZE);
    m = mmap((void*)MMAPBASE, 2 * PGSIZE, PROT_READ | PROT_WRITE,
             MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if(m != MAP_FAILED){
      m[0] = 1;
      write(ready[1], "r", 1);
    }
    read(done[0], &c, 1);
    exit();
  }
  close(ready[1]);
  if(read(ready[0], &c, 1) != 1)
    fail("the child could not map");
  runpmap(decimal(pidstr, pid));
  write(done[1], "d", 1);
  wait();
  if(!equal(buf, pidstr, strlen(pidstr)) || !contains(buf, "systest"))
    fails("pmap does not start with the pid and name:", buf);
  for(i = 0; i < NELEM(parts); i++)
    if(!contains(buf, parts[i]))
      fails("pmap does not show", parts[i]);
}

// ---- the programs' arguments -------------------------------------------------

// Run /prog with arguments a and b (either may be NULL) into buf and,
// unless want is NULL, fail naming the program if its output differs.
static void
expect(char *prog, char *a, char *b, const char *want)
{
  char path[16], *av[] = { prog, a, b, NULL };
  int n;

  path[0] = '/';
  strcpy(path + 1, prog);
  if((n = capture(path, av, buf, BUFSZ - 1)) < 0)
    fails("cannot exec", path);
  buf[n] = 0;
  if(want != NULL && strcmp(buf, want) != 0)
    fails(prog, buf);
}

// The benchmarks (ubench, vmbench) refuse bad arguments by name, for
// progrefuse.
static void
benchrefuse(void)
{
  expect("ubench", "-x", NULL,
         "ubench: unknown argument '-x' (only -n ops or -h)\n");
  expect("ubench", "-n", NULL,
         "ubench: -n needs a value (a whole number 1..100)\n");
  expect("ubench", "-n", "0", "ubench: bad -n '0' (a whole number 1..100)\n");
  expect("vmbench", "-x", NULL,
         "vmbench: unknown argument '-x' (only -w fork|fault, -n ops or -h)\n");
  expect("vmbench", "-n", NULL,
         "vmbench: -n needs a value (a whole number 1..100)\n");
  expect("vmbench", "-n", "101",
         "vmbench: bad -n '101' (a whole number 1..100)\n");
  expect("vmbench", "-w", NULL, "vmbench: -w needs a value (fork or fault)\n");
  expect("vmbench", "-w", "x", "vmbench: bad -w 'x' (fork or fault)\n");
}

// Every program refuses a bad argument with one line naming it.
static void
progrefuse(void)
{
  static char *names[] = { "cat", "grep", "ln", "ls", "mkdir", "rm", "wc" };
  static char *none[] = { "halt", "init", "sh" };
  static char want[128];
  int i;

  for(i = 0; i < NELEM(names); i++){
    strcpy(want, names[i]);
    strcpy(want + strlen(want), ": unknown option '-x' (only -h)\n");
    expect(names[i], "-x", NULL, want);
  }
  for(i = 0; i < NELEM(none); i++){
    strcpy(want, none[i]);
    strcpy(want + strlen(want), ": unexpected argument 'x' (");
    strcpy(want + strlen(want), none[i]);
    strcpy(want + strlen(want), " takes none");
    strcpy(want + strlen(want), i == 2 ? "; it reads commands from standard "
           "input)\n" : ")\n");
    expect(none[i], "x", NULL, want);
  }
  expect("kill", "abc", NULL, "kill: bad pid 'abc' (a positive number)\n");
  expect("kill", "0x", NULL, "kill: bad pid '0x' (a positive number)\n");
  expect("kill", "", NULL, "kill: bad pid '' (a positive number)\n");
  expect("ln", "a", NULL, "ln: 1 names given, needs 2: old new\n");
  expect("pmap", "1", "2",
         "pmap: 2 arguments given, takes at most one: a pid\n");
  benchrefuse();
  expect("slabinfo", "-x", NULL,
         "slabinfo: unknown argument '-x' (only -a or -h)\n");
}

// Every program prints one line of usage for -h and does nothing else.
static void
proghelp(void)
{
  static char *names[] = {
    "cat", "echo", "grep", "halt", "init", "kill", "ln", "ls", "mkdir",
    "pmap", "rm", "sh", "slabinfo", "ubench", "vmbench", "wc",
  };
  static char want[32];
  int i, n;

  for(i = 0; i < NELEM(names); i++){
    expect(names[i], "-h", NULL, NULL);
    strcpy(want, "usage: ");
    strcpy(want + strlen(want), names[i]);
    n = strlen(want);
    if(!equal(buf, want, n) || (buf[n] != ':' && buf[n] != ' '))
      fails("no usage:", buf);
    if(strchr(buf, '\n') != buf + strlen(buf) - 1)
      fails("usage is not one line:", buf);
  }
}

// A refused argument anywhere means the program does nothing at all:
// rm removes no file, mkdir makes no directory, kill kills no process.
static void
progrunsnothing(void)
{
  char pidstr[12], c;
  int p[2], q[2], pid;

  close(xopen("progfile", O_CREATE | O_RDWR));
  expect("rm", "progfile", "-x", "rm: unknown option '-x' (only -h)\n");
  if(unlink("progfile") < 0)
    fail("rm removed a file before refusing -x");
  expect("mkdir", "progdir", "-x", "mkdir: unknown option '-x' (only -h)\n");
  if(unlink("progdir") == 0)
    fail("mkdir made a directory before refusing -x");
  xpipe(p);
  xpipe(q);
  if((pid = xfork()) == 0){
    close(q[0]);
    if(read(p[0], &c, 1) == 1)
      write(q[1], "a", 1);
    exit();
  }
  close(q[1]);
  expect("kill", decimal(pidstr, pid), "abc",
         "kill: bad pid 'abc' (a positive number)\n");
  write(p[1], "g", 1);
  if(read(q[0], &c, 1) != 1)
    fail("kill killed a process before refusing abc");
  wait();
}

// ---- exec --------------------------------------------------------------------

// exec runs a program with its arguments.
static void
exececho(void)
{
  int n;

  n = capture(ECHO, echoargv, buf, BUFSZ);
  if(n != 12 || !equal(buf, "hello world\n", 12))
    failv("echo hello world printed bytes:", n);
}

// exec of a missing file, a directory or a non-ELF file returns -1.
static void
execbad(void)
{
  if(!execfails("/nosuch", echoargv))
    fail("exec of a missing file");
  if(!execfails("/", echoargv))
    fail("exec of a directory");
  if(!execfails("/README.md", echoargv))
    fail("exec of README.md");
}

// exec of a device returns -1 at once, without reading it: reading the
// console would wait for a line with the file system busy, and eat it.
static void
execdev(void)
{
  if(mknod("xdev", 1, 1) != 0)
    fail("mknod xdev");
  if(!execfails("xdev", echoargv) || !execfails("/console", echoargv))
    fail("exec of a device");
  if(unlink("xdev") != 0)
    fail("unlink xdev");
}

// Fill argvbuf with "echo" and MAXARG-2 arguments of len bytes each.
static void
bigargs(int len)
{
  char *s = buf;
  int i, j;

  argvbuf[0] = "echo";
  for(i = 1; i < MAXARG - 1; i++){
    argvbuf[i] = s;
    for(j = 0; j < len; j++)
      s[j] = 'a' + (i + j) % 26;
    s[len] = 0;
    s += len + 1;
  }
  argvbuf[MAXARG - 1] = NULL;
}

// Whether the n bytes at out are argvbuf's arguments as echo prints them.
static int
echoed(char *out, int n)
{
  int i, len;

  for(i = 1; argvbuf[i] != NULL; i++){
    len = strlen(argvbuf[i]);
    if(n < len + 1 || !equal(out, argvbuf[i], len))
      return 0;
    if(out[len] != (argvbuf[i + 1] != NULL ? ' ' : '\n'))
      return 0;
    out += len + 1;
    n -= len + 1;
  }
  return n == 0;
}

// exec passes MAXARG-1 arguments of 100 bytes intact.
static void
execmaxarg(void)
{
  int n;

  bigargs(100);
  n = capture(ECHO, argvbuf, buf2, BUFSZ);
  if(!echoed(buf2, n))
    failv("echo of MAXARG-1 arguments printed bytes:", n);
}

// MAXARG-1 arguments of 400 bytes need more than the one stack page
// (as on xv6): exec returns -1 and its caller carries on unharmed.
static void
execbigarg(void)
{
  int n;

  bigargs(400);
  n = capture(ECHO, argvbuf, buf2, BUFSZ);
  if(n != -1)
    failv("exec of MAXARG-1 400-byte arguments did not fail; echo printed", n);
}

// exec with more than MAXARG arguments returns -1.
static void
exectoomany(void)
{
  int i;

  argvbuf[0] = "echo";
  for(i = 1; i < MAXARG + 1; i++)
    argvbuf[i] = "x";
  argvbuf[MAXARG + 1] = NULL;
  if(!execfails(ECHO, argvbuf))
    fail("exec with MAXARG+1 arguments");
}

// ---- bad arguments -----------------------------------------------------------

// read and write with a bad buffer return -1 and change nothing.
static void
badrw(void)
{
  int i, fd, p[2];
  struct stat st;

  setbad();
  memset(buf, 'q', 1024);
  putfile("bprw", buf, 1024);
  xpipe(p);
  write(p[1], buf, 100);
  for(i = 0; i < NBAD; i++){
    fd = xopen("bprw", O_RDWR);
    if(read(fd, (char*)bad[i], 16) != -1)
      failx("read into", bad[i]);
    if(write(fd, (char*)bad[i], 16) != -1)
      failx("write from", bad[i]);
    close(fd);
    if(read(p[0], (char*)bad[i], 16) != -1)
      failx("pipe read into", bad[i]);
    if(write(p[1], (char*)bad[i], 16) != -1)
      failx("pipe write from", bad[i]);
  }
  xstat("bprw", &st);
  if(st.size != 1024)
    failv("bad writes changed the file size", st.size);
  unlink("bprw");
}

// pipe and fstat with a bad pointer return -1 and leak no descriptor.
static void
badpipefstat(void)
{
  int i, fd, low;

  setbad();
  putfile("bpst", "x", 1);
  fd = xopen("bpst", O_RDONLY);
  low = freefd();
  for(i = 0; i < NBAD; i++){
    if(pipe((int*)bad[i]) != -1)
      failx("pipe at", bad[i]);
    if(fstat(fd, (struct stat*)bad[i]) != -1)
      failx("fstat into", bad[i]);
  }
  if(freefd() != low)
    failv("a failed pipe kept descriptors; lowest free is now", freefd());
  close(fd);
  unlink("bpst");
}

// Every path-taking call refuses the bad string s.
static void
badpathone(char *s)
{
  if(open(s, O_RDONLY) != -1 || open(s, O_CREATE | O_RDWR) != -1)
    failx("open of", (uint)s);
  if(mknod(s, 1, 1) != -1)
    failx("mknod of", (uint)s);
  if(unlink(s) != -1)
    failx("unlink of", (uint)s);
  if(link(s, "bplink") != -1 || link("bpfile", s) != -1)
    failx("link with", (uint)s);
  if(mkdir(s) != -1)
    failx("mkdir of", (uint)s);
  if(chdir(s) != -1)
    failx("chdir to", (uint)s);
  if(!execfails(s, echoargv))
    failx("exec of", (uint)s);
}

// Path arguments that are bad pointers, or strings running into
// unmapped memory, are refused.
static void
badpath(void)
{
  int i;

  setbad();
  putfile("bpfile", "x", 1);
  unlink("bplink");
  for(i = 0; i < NBAD; i++)
    badpathone((char*)bad[i]);
  if(open("bplink", O_RDONLY) >= 0)
    fail("a refused link made a name");
  unlink("bpfile");
}

// exec refuses a bad argv, a bad argument and an argv with no end.
static void
badexec(void)
{
  char **av;
  int i;

  setbad();
  for(i = 0; i < NBAD; i++){
    if(!execfails(ECHO, (char**)bad[i]))
      failx("exec with argv at", bad[i]);
    argvbuf[0] = "echo";
    argvbuf[1] = (char*)bad[i];
    argvbuf[2] = NULL;
    if(!execfails(ECHO, argvbuf))
      failx("exec with an argument at", bad[i]);
  }
  av = (char**)(bad[4] - 8);
  av[0] = "echo";
  av[1] = "x";
  if(!execfails(ECHO, av))
    fail("exec with an argv that runs into unmapped memory");
}

// Descriptors that are out of range or not open are refused.
static void
badfd(void)
{
  int fds[5], i;
  struct stat st;

  fds[0] = -1;
  fds[1] = NOFILE;
  fds[2] = NOFILE + 1000;
  fds[3] = 1000000;
  putfile("bpfd", "x", 1);
  fds[4] = xopen("bpfd", O_RDONLY);
  close(fds[4]);
  for(i = 0; i < 5; i++){
    if(read(fds[i], buf, 1) != -1 || write(fds[i], "x", 1) != -1)
      failv("read or write of descriptor", fds[i]);
    if(close(fds[i]) != -1 || dup(fds[i]) != -1)
      failv("close or dup of descriptor", fds[i]);
    if(fstat(fds[i], &st) != -1)
      failv("fstat of descriptor", fds[i]);
  }
  unlink("bpfd");
}

// read and write of a negative length return -1; of zero, 0.
static void
badlen(void)
{
  int fd, p[2];

  putfile("bplen", "0123456789", 10);
  fd = xopen("bplen", O_RDWR);
  if(read(fd, buf, -1) != -1 || write(fd, buf, -1) != -1)
    fail("file read or write of length -1");
  if(read(fd, buf, 0) != 0 || write(fd, buf, 0) != 0)
    fail("file read or write of length 0");
  close(fd);
  expectfile("bplen", "0123456789", 10);
  xpipe(p);
  write(p[1], "abc", 3);
  if(read(p[0], buf, -5) != -1 || write(p[1], buf, -5) != -1)
    fail("pipe read or write of length -5");
  if(read(p[0], buf, 10) != 3)
    fail("pipe lost bytes to a bad call");
  unlink("bplen");
}

// ---- arguments and strings at page edges -------------------------------------

// Make system call num with the user stack pointer at sp, so that its
// arguments are the words from sp+4 up, as the library stubs leave them,
// and with the direction flag set if df (as after a std with no cld):
// the call's result.
static int
rawcall(int num, uint sp, int df)
{
  int r;

  asm volatile("movl %%esp, %%esi\n\t"
               "testl %4, %4\n\t"
               "jz 1f\n\t"
               "std\n"
               "1:\tmovl %2, %%esp\n\t"
               "int %3\n\t"
               "cld\n\t"
               "movl %%esi, %%esp"
               : "=a"(r) : "0"(num), "r"(sp), "i"(T_SYSCALL), "r"(df)
               : "esi", "cc", "memory");
  return r;
}

// With top the first unmapped address above a mapped page, system calls
// whose argument words end exactly at top get them: write with three,
// dup with one, getpid with none (its stack pointer is top-4).
static void
edgecalls(uint top)
{
  uint *a = (uint*)(top - 12);
  int p[2], fd;
  char c;

  xpipe(p);
  a[0] = p[1];
  a[1] = (uint)"e";
  a[2] = 1;
  if(rawcall(SYS_write, top - 16, 0) != 1)
    failx("write with its arguments ending at", top);
  if(read(p[0], &c, 1) != 1 || c != 'e')
    fail("write with its arguments at a page end wrote the wrong byte");
  a[2] = p[0];
  if((fd = rawcall(SYS_dup, top - 8, 0)) < 0)
    failx("dup with its argument in the last word below", top);
  close(fd);
  if(rawcall(SYS_getpid, top - 4, 0) != getpid())
    failx("getpid with its stack pointer at the last word below", top);
  close(p[0]);
  close(p[1]);
}

// Arguments in the last words of the heap, the next page unmapped, and of
// a mapping followed by a hole, are fetched: only what is passed need be
// mapped.
static void
argedge(void)
{
  char *m;

  edgecalls((uint)brkpage());
  m = mmap(NULL, 2 * PGSIZE, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if(m == MAP_FAILED || munmap(m + PGSIZE, PGSIZE) != 0)
    fail("mmap two pages and unmap the second");
  edgecalls((uint)m + PGSIZE);
}

// System calls whose argument words are unmapped, partly unmapped, or in
// the kernel get -1 and do nothing.
static void
argunmapped(void)
{
  uint top = (uint)brkpage(), *a = (uint*)(top - 4);
  uint sps[] = { top, top + PGSIZE, KERNBASE - 4, KERNBASE - 8, 0xfffffff8 };
  int p[2], i;
  char c;

  xpipe(p);
  *a = p[1];
  if(rawcall(SYS_write, top - 8, 0) != -1)
    fail("write with only its first argument mapped");
  for(i = 0; i < NELEM(sps); i++){
    if(rawcall(SYS_write, sps[i], 0) != -1)
      failx("write with its stack pointer at", sps[i]);
    if(rawcall(SYS_dup, sps[i], 0) != -1)
      failx("dup with its stack pointer at", sps[i]);
  }
  write(p[1], "z", 1);
  if(read(p[0], &c, 1) != 1 || c != 'z')
    fail("a refused write put bytes in the pipe");
  if(freefd() != p[1] + 1)
    fail("a refused dup made a descriptor");
}

// A program that traps with the direction flag set (std without cld)
// still has its bytes copied forwards: write, read and a path argument
// all see them in order.
static void
dirflag(void)
{
  static char path[] = "/dfpath";
  uint a[4];
  int p[2], fd;
  char in[8];

  xpipe(p);
  a[1] = p[1];
  a[2] = (uint)"abcdefg";
  a[3] = 8;
  if(rawcall(SYS_write, (uint)a, 1) != 8)
    fail("write with the direction flag set");
  a[1] = p[0];
  a[2] = (uint)in;
  if(rawcall(SYS_read, (uint)a, 1) != 8 || !equal(in, "abcdefg", 8))
    fail("read with the direction flag set got the bytes out of order");
  a[1] = (uint)path;
  a[2] = O_CREATE | O_RDWR;
  if((fd = rawcall(SYS_open, (uint)a, 1)) < 0)
    fail("open with the direction flag set");
  close(fd);
  if(unlink("/dfpath") != 0)
    fail("open with the direction flag set did not make /dfpath");
}

// open(O_CREATE) of the path at s, which spells /name, then open of
// /name and unlink through s: each must succeed.
static void
pathworks(char *s, const char *name)
{
  int fd;

  if((fd = open(s, O_CREATE | O_RDWR)) < 0)
    failx("open(O_CREATE) of the path at", (uint)s);
  close(fd);
  if((fd = open(name, O_RDONLY)) < 0)
    fails("the path at a page edge did not make", name);
  close(fd);
  if(unlink(s) != 0)
    failx("unlink of the path at", (uint)s);
}

// Paths at page edges are taken whole: one that crosses into the next
// mapped page, one whose NUL is the last byte of a page, and one of the
// longest length (KMAXPATH bytes with its NUL) ending there too.
static void
pathedge(void)
{
  char *b = brkpage(), *top, *s;
  int n;

  if(sbrk(PGSIZE) != b)
    fail("sbrk of a second page");
  top = b + PGSIZE;
  s = b - 4;
  strcpy(s, "/pathedge");
  pathworks(s, "/pathedge");
  s = top - 5;
  strcpy(s, "/pe2");
  pathworks(s, "/pe2");
  s = top - KMAXPATH;
  n = KMAXPATH - 4;
  memset(s, '/', n);
  strcpy(s + n, "pe3");
  pathworks(s, "/pe3");
}

// Paths that run into unmapped memory before their NUL, or are KMAXPATH
// bytes without one, are refused by every path-taking call.
static void
pathbad(void)
{
  char *top = brkpage(), *s;
  int fd;

  s = top - 100;
  memset(s, 'a', 100);
  badpathone(s);
  s = buf;
  memset(s, '/', KMAXPATH - 3);
  strcpy(s + KMAXPATH - 3, "pe4");
  badpathone(s);
  if((fd = open("/pe4", O_RDONLY)) >= 0)
    fail("a path of KMAXPATH bytes without NUL made /pe4");
}

// A path whose NUL lies in a mapped page the program never touched is
// taken whole: the kernel faults the page in as the program would.
static void
pathuntouched(void)
{
  char *m;

  m = mmap(NULL, 2 * PGSIZE, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if(m == MAP_FAILED)
    fail("mmap of two pages");
  memmove(m + PGSIZE - 4, "/pe5", 4);
  pathworks(m + PGSIZE - 4, "/pe5");
}

// ---- kill of blocked processes -------------------------------------------------

// Kill the child pid, which said on ready that it is about to block;
// it must die without writing to ready again.
static void
killblocked(int pid, int *ready)
{
  char c;
  int w;

  close(ready[1]);
  if(read(ready[0], &c, 1) != 1)
    fail("the child never got ready");
  sleep(2);
  if(kill(pid) != 0)
    fail("kill");
  if((w = wait()) != pid)
    failv("wait after kill", w);
  if(read(ready[0], &c, 1) != 0)
    fail("the killed child ran on");
}

// A process blocked reading an empty pipe dies when killed.
static void
killpipe(void)
{
  int p[2], ready[2], pid;
  char c;

  xpipe(p);
  xpipe(ready);
  if((pid = xfork()) == 0){
    close(ready[0]);
    write(ready[1], "r", 1);
    read(p[0], &c, 1);
    write(ready[1], "s", 1);
    exit();
  }
  killblocked(pid, ready);
}

// A process in a long sleep dies when killed.
static void
killsleep(void)
{
  int ready[2], pid;

  xpipe(ready);
  if((pid = xfork()) == 0){
    close(ready[0]);
    write(ready[1], "r", 1);
    sleep(100000);
    write(ready[1], "s", 1);
    exit();
  }
  killblocked(pid, ready);
}

// ---- the FPU ---------------------------------------------------------------

#define NFPU       3        // processes sharing the FPU in fpuswitch
#define FPUROUNDS  300      // rounds each
#define FPUSPIN    100000   // loop turns a value stays in the FPU per round
#define FPUSLEEPS  30       // a round in this many also sleeps

// The FPU tests move integers through the x87 stack (fild, fistp), so
// the compiler keeps no values of its own there: a comparison made with
// values from a shared stack could pass however wrong they are.

// Push v on the x87 stack, spin n turns, and return what comes off it.
static int
fpuspin(int v, int n)
{
  int r;

  asm volatile("fildl %2\n"
               "1: decl %1\n"
               "jnz 1b\n"
               "fistpl %0\n"
               : "=m"(r), "+r"(n) : "m"(v) : "cc");
  return r;
}

// Hold v on the x87 stack through a sleep(1), so other processes run
// meanwhile; return what comes off the stack.
static int
fpusleep(int v)
{
  int r;

  asm volatile("fildl (%%esi)\n"
               "pushl $1\n"
               "call sleep\n"
               "addl $4, %%esp\n"
               "fistpl (%%ebx)\n"
               : "=m"(r) : "S"(&v), "b"(&r)
               : "eax", "ecx", "edx", "cc", "memory");
  return r;
}

// Hold x in %xmm0 through a sleep(1); return what %xmm0 then holds.
static int
ssesleep(int x)
{
  asm volatile("movd %%edi, %%xmm0\n"
               "pushl $1\n"
               "call sleep\n"
               "addl $4, %%esp\n"
               "movd %%xmm0, %%edi\n"
               : "+D"(x) : : "eax", "ecx", "edx", "cc", "memory");
  return x;
}

// One of fpuswitch's processes: hold values of its own (k) in the x87
// FPU while spinning and sleeping; the count of wrong ones.
static int
fpurounds(int k)
{
  int r, bad = 0, v;

  for(r = 0; r < FPUROUNDS; r++){
    v = k * 1000 + r;
    if(fpuspin(v, FPUSPIN) != v)
      bad++;
    if(r % FPUSLEEPS == 0 && fpusleep(v) != v)
      bad++;
  }
  return bad;
}

// One of fpusse's processes: hold values of its own (k) in %xmm0 across
// sleeps; the count of wrong ones.
static int
sserounds(int k)
{
  int r, bad = 0;

  for(r = 0; r < FPUROUNDS / FPUSLEEPS; r++)
    if(ssesleep(k * 1000 + r) != k * 1000 + r)
      bad++;
  return bad;
}

// Run rounds(1..NFPU) in NFPU processes at once; their wrong rounds, summed.
static int
fpumany(int (*rounds)(int))
{
  int p[2], k, n, bad = 0;

  xpipe(p);
  for(k = 0; k < NFPU; k++){
    if(xfork() == 0){
      n = rounds(k + 1);
      write(p[1], &n, sizeof(n));
      exit();
    }
  }
  close(p[1]);
  for(k = 0; k < NFPU; k++){
    if(read(p[0], &n, sizeof(n)) != sizeof(n))
      fail("a process holding FPU values died");
    bad += n;
  }
  close(p[0]);
  for(k = 0; k < NFPU; k++)
    wait();
  return bad;
}

// Each of NFPU processes gets its own x87 values back, however they are
// switched.
static void
fpuswitch(void)
{
  int bad;

  if((bad = fpumany(fpurounds)) != 0)
    failv("rounds that got another process's x87 values", bad);
}

// SSE is usable, and each of NFPU processes gets its own %xmm0 back.
static void
fpusse(void)
{
  int bad;

  if((bad = fpumany(sserounds)) != 0)
    failv("rounds that got another process's %xmm0", bad);
}

// The x87 control word.
static ushort
fpucw(void)
{
  ushort cw;

  asm volatile("fnstcw %0" : "=m"(cw));
  return cw;
}

// Set the x87 control word to cw.
static void
fpusetcw(ushort cw)
{
  asm volatile("fldcw %0" : : "m"(cw));
}

#define FPUCWDOWN 0x077f    // round down instead of to nearest

// A forked child starts with its parent's FPU: the value on the stack at
// fork and the control word.
static void
fpufork(void)
{
  int v = 12345, r, p[2], pid;
  ushort cw;

  xpipe(p);
  fpusetcw(FPUCWDOWN);
  asm volatile("fildl (%%esi)\n"
               "call fork\n"
               "fistpl (%%ebx)\n"
               : "=m"(r), "=a"(pid) : "S"(&v), "b"(&r)
               : "ecx", "edx", "cc", "memory");
  if(pid == 0){
    cw = fpucw();
    write(p[1], &r, sizeof(r));
    write(p[1], &cw, sizeof(cw));
    exit();
  }
  if(pid < 0)
    fail("fork");
  close(p[1]);
  if(read(p[0], &r, sizeof(r)) != sizeof(r) ||
     read(p[0], &cw, sizeof(cw)) != sizeof(cw))
    fail("the child sent nothing");
  close(p[0]);
  wait();
  if(r != v)
    fail("the child's x87 stack differs from its parent's at fork");
  if(cw != FPUCWDOWN)
    failv("the child's x87 control word", cw);
}

#define FPUCWZE 0x037b      // the default, but raise division by zero

// An x87 error the program unmasked (division by zero) kills just that
// process, as a page fault does.
static void
fpufault(void)
{
  int p[2], pid, one = 1, zero = 0, r;

  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    fpusetcw(FPUCWZE);
    asm volatile("fildl %1\n"
                 "fidivl %2\n"
                 "fistpl %0\n"
                 "fwait\n"
                 : "=m"(r) : "m"(one), "m"(zero));
    write(p[1], &r, sizeof(r));
    exit();
  }
  close(p[1]);
  if(read(p[0], &r, sizeof(r)) != 0)
    fail("a division by zero the program unmasked did not kill it");
  close(p[0]);
  if(wait() != pid)
    fail("wait for the child");
}

// The kernel finds its per-CPU state through %gs: a program that puts
// its own selector there (the null one) still gets working system calls
// and interrupts, and finds its %gs as it left it.
static void
gsuser(void)
{
  ushort gs;
  int i, pid;

  asm volatile("movw %w0, %%gs" : : "r"(0));
  for(i = 0; i < 50; i++){
    if((pid = getpid()) <= 0)
      fail("getpid with a null %gs");
    sleep(0);
  }
  if((pid = xfork()) == 0)
    exit();
  if(wait() != pid)
    fail("fork and wait with a null %gs");
  asm volatile("movw %%gs, %w0" : "=r"(gs));
  if(gs != 0)
    failv("the kernel changed the program's %gs", gs);
}

// The kernel's per-CPU segment is not the program's: loading its
// selector is a protection fault that kills only the program.
static void
gskernel(void)
{
  int p[2], pid, r = 1;

  xpipe(p);
  if((pid = xfork()) == 0){
    close(p[0]);
    asm volatile("movw %w0, %%gs" : : "r"((SEG_KCPU << 3) | DPL_USER));
    write(p[1], &r, sizeof(r));
    exit();
  }
  close(p[1]);
  if(read(p[0], &r, sizeof(r)) != 0)
    fail("a program loaded the kernel's per-CPU segment into %gs");
  close(p[0]);
  if(wait() != pid)
    fail("wait for the child");
}

// The FPU is as FNINIT leaves it (and SSE's MXCSR as at reset): control
// word 0x37f, no register in use, MXCSR 0x1f80. exec must give a program
// this state (see fpuexec).
static void
fpuclean(void)
{
  ushort env[14];
  uint mxcsr;

  asm volatile("fnstenv %0" : "=m"(env));
  if(env[0] != 0x37f)
    failv("x87 control word", env[0]);
  if((env[2] & 0x3800) != 0)
    failv("x87 stack top", (env[2] >> 11) & 7);
  if(env[4] != 0xffff)
    failv("x87 tag word (registers in use)", env[4]);
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  if(mxcsr != 0x1f80)
    failv("MXCSR", mxcsr);
}

// A program that exec starts gets a clean FPU (fpuclean), whatever state
// the process had: capture's child inherits this one's dirty FPU.
static void
fpuexec(void)
{
  static char *av[] = { "systest", "fpuclean", NULL };
  char *nl;
  int n, v = 35;

  fpusetcw(FPUCWDOWN);
  asm volatile("fildl %0" : : "m"(v));
  n = capture("/systest", av, buf, BUFSZ - 1);
  buf[n < 0 ? 0 : n] = 0;
  if(!equal(buf, "ok fpuclean\n", 12)){
    if((nl = strchr(buf, '\n')) != NULL)
      *nl = 0;
    fails("exec left the FPU dirty:", buf);
  }
}

// ---- stress -w smp -----------------------------------------------------------

// The number after " key=" in line, into *v: 0, or -1 if key is missing
// or has no digits.
static int
benchfield(const char *line, const char *key, uint *v)
{
  int n = strlen(key);
  const char *p;

  for(p = line; *p && *p != '\n'; p++)
    if(*p == ' ' && equal(p + 1, key, n) && p[n + 1] == '=')
      break;
  if(*p != ' ')
    return -1;
  p += n + 2;
  if(*p < '0' || *p > '9')
    return -1;
  for(*v = 0; *p >= '0' && *p <= '9'; p++)
    *v = *v * 10 + (*p - '0');
  return *p == ' ' || *p == '\n' || *p == 0 ? 0 : -1;
}

// A small stress -w smp (4 processes of heap traces, sbrk rounds and
// forks at once) prints a BENCH line whose fields parse and add up, and
// loses no page or heap byte.
static void
stresssmp(void)
{
  static char out[2048];
  static const char *keys[] = { "cpus", "procs", "ops", "heap_acquires",
    "heap_contended", "page_acquires", "page_contended", "wall" };
  char *argv[] = { "stress", "-w", "smp", "-p", "4", "-c", "3000", "-s",
                   "3", NULL };
  struct kmstat st;
  uint v[8];
  char *line;
  int i, n;

  n = capture("/stress", argv, out, sizeof(out) - 1);
  out[n < 0 ? 0 : n] = 0;
  for(line = out; *line && !equal(line, "BENCH kind=smp ", 15); line++)
    ;
  if(*line == 0)
    fail("stress -w smp printed no BENCH kind=smp line");
  for(i = 0; i < 8; i++)
    if(benchfield(line, keys[i], &v[i]) < 0)
      fail("a BENCH kind=smp field is missing or not a number");
  if(kmstat(&st) < 0 || !contains(line, st.allocator))
    fail("the BENCH line does not name the allocator");
  if(v[0] < 1 || v[0] > NCPU || v[1] != 4 || v[2] != 12000)
    failv("cpus, procs or ops wrong; cpus", v[0]);
  if(v[3] == 0 || v[4] > v[3] || v[5] == 0 || v[6] > v[5])
    fail("lock counts: none, or more contended than acquires");
  if(!contains(out, "smp: no page or object lost") || contains(out, "FAIL"))
    fail("stress -w smp lost pages or heap bytes");
}

// ---- the runner ----------------------------------------------------------------

static struct test tests[] = {
  { "linkrace", linkrace },
  { "forkwait", forkwait },       { "waitnone", waitnone },
  { "getpid", getpidtest },       { "forkmax", forkmax },
  { "killspin", killspin },       { "killbad", killbad },
  { "killinit", killinit },
  { "sleep", sleeptest },         { "exitsleep", exitsleep },
  { "orphan", orphan },           { "pipeorder", pipeorder },
  { "pipewriters", pipewriters }, { "pipeeof", pipeeof },
  { "pipenoreader", pipenoreader }, { "pipebig", pipebig },
  { "filerw", filerw },           { "openmodes", openmodes },
  { "trunc", trunctest },         { "createexist", createexist },
  { "openmissing", openmissing }, { "dirs", dirs },
  { "dotdot", dotdot },           { "linkunlink", linkunlink },
  { "unlinkdir", unlinkdir },     { "unlinkdot", unlinkdot },
  { "rmcwd", rmcwd },             { "rmcwdnames", rmcwdnames },
  { "rmparent", rmparent },
  { "bigfile", bigfile },         { "manyfiles", manyfiles },
  { "concreate", concreate },     { "fstattypes", fstattypes },
  { "dupoffset", dupoffset },     { "lowestfd", lowestfd },
  { "forkfd", forkfd },           { "dirsiz", dirsiz },
  { "fsreuse", fsreuse },         { "sbrkgrow", sbrkgrow },
  { "sbrkfree", sbrkfree },       { "sbrkbig", sbrkbig },
  { "sbrktables", sbrktables },
  { "sbrkceiling", sbrkceiling }, { "kernread", kernread },
  { "lazyheap", lazyheap },       { "lazycopy", lazycopy },
  { "lazyoom", lazyoom },         { "lazyfork", lazyfork },
  { "procmemlazy", procmemlazy },
  { "guardpage", guardpage },     { "procmemself", procmemself },
  { "procmemfork", procmemfork }, { "procmemexec", procmemexec },
  { "procmembad", procmembad },   { "pmapbad", pmapbad },
  { "pmapshows", pmapshows },     { "progrefuse", progrefuse },
  { "proghelp", proghelp },       { "progrunsnothing", progrunsnothing },
  { "exececho", exececho },       { "execbad", execbad },
  { "execdev", execdev },
  { "execmaxarg", execmaxarg },   { "execbigarg", execbigarg },
  { "exectoomany", exectoomany }, { "badrw", badrw },
  { "badpipefstat", badpipefstat }, { "badpath", badpath },
  { "badexec", badexec },         { "badfd", badfd },
  { "badlen", badlen },           { "argedge", argedge },
  { "argunmapped", argunmapped }, { "pathedge", pathedge },
  { "pathbad", pathbad },         { "pathuntouched", pathuntouched },
  { "dirflag", dirflag },
  { "killpipe", killpipe },
  { "killsleep", killsleep },
  { "fpuswitch", fpuswitch },     { "fpusse", fpusse },
  { "fpufork", fpufork },         { "fpuclean", fpuclean },
  { "fpuexec", fpuexec },         { "fpufault", fpufault },
  { "gsuser", gsuser },           { "gskernel", gskernel },
  { "stresssmp", stresssmp },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

// Run the tests named on the command line, or all of them, and sum up.
int
main(int argc, char *argv[])
{
  int npass = 0, nfail = 0;

  runtests(tests, NTESTS, argc, argv, WATCHDOG, NULL, &npass, &nfail);
  printf(1, "systest: %d passed, %d failed\n", npass, nfail);
  exit();
}
