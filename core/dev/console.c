// The console: output to the CGA screen and the serial port, line-edited
// input from the keyboard and the serial port, cprintf and panic.
#include "core/core.h"
#include "vm/vm.h"
#include "fs/file.h"
#include "traps.h"

volatile int panicked;

static struct {
  struct spinlock lock;
  int locking;
} cons;

#define BACKSPACE 0x100
#define CRTPORT 0x3d4
#define C(x)  ((x)-'@')  // Control-x

static ushort *crt = (ushort*)P2V(0xb8000);  // CGA memory

// Put c on the CGA screen, scrolling at the bottom.
static void
cgaputc(int c)
{
  int pos;

  outb(CRTPORT, 14);
  pos = inb(CRTPORT+1) << 8;
  outb(CRTPORT, 15);
  pos |= inb(CRTPORT+1);

  if(c == '\n')
    pos += 80 - pos%80;
  else if(c == BACKSPACE){
    if(pos > 0)
      --pos;
  } else
    crt[pos++] = (c&0xff) | 0x0700;  // black on white

  if(pos < 0 || pos > 25*80)
    pos = 0;
  if((pos/80) >= 24){
    memmove(crt, crt+80, sizeof(crt[0])*23*80);
    pos -= 80;
    memset(crt+pos, 0, sizeof(crt[0])*(24*80 - pos));
  }

  outb(CRTPORT, 14);
  outb(CRTPORT+1, pos>>8);
  outb(CRTPORT, 15);
  outb(CRTPORT+1, pos);
  crt[pos] = ' ' | 0x0700;
}

// Put c on both output devices.
static void
consputc(int c)
{
  if(c == BACKSPACE){
    uartputc('\b');
    uartputc(' ');
    uartputc('\b');
  } else
    uartputc(c);
  cgaputc(c);
}

// Print x in base with an optional sign.
static void
printint(uint x, int base, int sign)
{
  static const char digits[] = "0123456789abcdef";
  char buf[16];
  int i, neg;

  neg = sign && (int)x < 0;
  if(neg)
    x = -x;
  i = 0;
  do{
    buf[i++] = digits[x % base];
  }while((x /= base) != 0);
  if(neg)
    buf[i++] = '-';
  while(--i >= 0)
    consputc(buf[i]);
}

// Print one conversion c taking its argument from ap.
static void
printarg(int c, __builtin_va_list *ap)
{
  char *s;

  switch(c){
  case 'd': printint(__builtin_va_arg(*ap, int), 10, 1); break;
  case 'u': printint(__builtin_va_arg(*ap, uint), 10, 0); break;
  case 'x':
  case 'p': printint(__builtin_va_arg(*ap, uint), 16, 0); break;
  case 'c': consputc(__builtin_va_arg(*ap, int)); break;
  case 's':
    if((s = __builtin_va_arg(*ap, char*)) == NULL)
      s = "(null)";
    for(; *s; s++)
      consputc(*s);
    break;
  case '%': consputc('%'); break;
  default: consputc('%'); consputc(c); break;
  }
}

// Kernel printf to the console: %d %u %x %p %c %s %%.
void
cprintf(const char *fmt, ...)
{
  __builtin_va_list ap;
  int i, c, locking;

  locking = cons.locking;
  if(locking)
    acquire(&cons.lock);

  __builtin_va_start(ap, fmt);
  for(i = 0; (c = fmt[i] & 0xff) != 0; i++){
    if(c != '%'){
      consputc(c);
      continue;
    }
    c = fmt[++i] & 0xff;
    if(c == 0)
      break;
    printarg(c, &ap);
  }
  __builtin_va_end(ap);

  if(locking)
    release(&cons.lock);
}

// Print "panic: s", the CPU and a backtrace of return addresses, then
// stop this CPU; the others stop at their next timer interrupt.
void
panic(const char *s)
{
  uint pcs[10];
  int i;

  cli();
  cons.locking = 0;
  cprintf("panic: %s (cpu %d)\n", s, lapicid());
  getcallerpcs(&s, pcs);
  cprintf("backtrace:");
  for(i = 0; i < 10 && pcs[i]; i++)
    cprintf(" %p", pcs[i]);
  cprintf("\n");
  panicked = 1;
  lapicipi_all(T_IRQ0 + IRQ_TIMER);
  // Tell a headless test harness (isa-debug-exit) the run failed.
  outl(0xf4, 1);
  haltcpu();
}

#define INPUT_BUF 128
static struct {
  char buf[INPUT_BUF];
  uint r;  // Read index
  uint w;  // Write index
  uint e;  // Edit index
} input;

// Erase the line being edited.
static void
killline(void)
{
  while(input.e != input.w &&
        input.buf[(input.e-1) % INPUT_BUF] != '\n'){
    input.e--;
    consputc(BACKSPACE);
  }
}

// Add typed character c to the line being edited.
static void
addchar(int c)
{
  if(c == 0 || input.e-input.r >= INPUT_BUF)
    return;
  c = (c == '\r') ? '\n' : c;
  input.buf[input.e++ % INPUT_BUF] = c;
  consputc(c);
  if(c == '\n' || c == C('D') || input.e == input.r+INPUT_BUF){
    input.w = input.e;
    wakeup(&input.r);
  }
}

// Console input interrupt: take characters from getc (which returns -1
// when none is left), handle editing keys, wake readers at end of line.
void
consoleintr(int (*getc)(void))
{
  int c, dump = 0;

  acquire(&cons.lock);
  // Stop taking characters when the buffer is full: they wait in the
  // device, and consoleread fetches them once a reader makes room.
  while(input.e - input.r < INPUT_BUF && (c = getc()) >= 0){
    switch(c){
    case C('P'):
      dump = 1;  // print the process list outside the lock
      break;
    case C('U'):
      killline();
      break;
    case C('H'): case '\x7f':
      if(input.e != input.w){
        input.e--;
        consputc(BACKSPACE);
      }
      break;
    default:
      addchar(c);
      break;
    }
  }
  release(&cons.lock);
  if(dump)
    procdump();
}

// Read up to n bytes of typed input to user address dst; at most one
// line. Returns the count, 0 at ^D, -1 if killed or dst is bad.
static int
consoleread(struct inode *ip, char __user *dst, int n)
{
  int target, c, bad;
  char ch;

  iunlock(ip);
  // The interrupt is edge-triggered: bytes left waiting in the UART
  // (buffer full, or typed before boot) raise no new one, so look.
  uartintr();
  bad = 0;
  target = n;
  acquire(&cons.lock);
  while(n > 0){
    while(input.r == input.w){
      if(myproc()->killed){
        release(&cons.lock);
        ilock(ip);
        return -1;
      }
      sleep(&input.r, &cons.lock);
    }
    c = input.buf[input.r++ % INPUT_BUF];
    if(c == C('D')){
      // Keep ^D for the next read so it returns 0.
      if(n < target)
        input.r--;
      break;
    }
    ch = c;
    if(copyout(dst++, &ch, 1) < 0){
      bad = 1;
      break;
    }
    --n;
    if(c == '\n')
      break;
  }
  release(&cons.lock);
  ilock(ip);
  return bad ? -1 : target - n;
}

// Write n bytes from user address src to the console; -1 if src is bad.
static int
consolewrite(struct inode *ip, const char __user *src, int n)
{
  char buf[128];
  int i, m, done;

  iunlock(ip);
  acquire(&cons.lock);
  for(done = 0; done < n; done += m){
    m = n - done < (int)sizeof(buf) ? n - done : (int)sizeof(buf);
    if(copyin(buf, src + done, m) < 0){
      done = -1;
      break;
    }
    for(i = 0; i < m; i++)
      consputc(buf[i] & 0xff);
  }
  release(&cons.lock);
  ilock(ip);
  return done;
}

// Register the console device and enable keyboard interrupts.
void
consoleinit(void)
{
  initlock(&cons.lock, "console");

  devsw[CONSOLE].write = consolewrite;
  devsw[CONSOLE].read = consoleread;
  cons.locking = 1;

  ioapicenable(IRQ_KBD, 0);
}
