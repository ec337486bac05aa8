// Formatted output for user programs: printf(fd, fmt, ...) collects the
// text in a buffer so one call usually becomes one write.
#include "types.h"
#include "user.h"

// Output being assembled for one printf call.
struct out {
  int fd;
  int n;
  char buf[128];
};

// Write out whatever o has buffered.
static void
flush(struct out *o)
{
  if(o->n > 0)
    write(o->fd, o->buf, o->n);
  o->n = 0;
}

// Append the byte c to o, writing the buffer when it fills.
static void
putc(struct out *o, char c)
{
  if(o->n == sizeof(o->buf))
    flush(o);
  o->buf[o->n++] = c;
}

// Append the string s to o; NULL prints as "(null)".
static void
puts(struct out *o, const char *s)
{
  if(s == NULL)
    s = "(null)";
  while(*s)
    putc(o, *s++);
}

// Append x in base (10 or 16), with a '-' first if neg.
static void
putnum(struct out *o, uint x, int base, int neg)
{
  static const char digits[] = "0123456789abcdef";
  char tmp[12];
  int i = 0;

  do {
    tmp[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  if(neg)
    putc(o, '-');
  while(--i >= 0)
    putc(o, tmp[i]);
}

// Append a signed decimal; the magnitude is computed unsigned so that
// the most negative int prints correctly.
static void
putint(struct out *o, int x)
{
  if(x < 0)
    putnum(o, -(uint)x, 10, 1);
  else
    putnum(o, x, 10, 0);
}

// Append the argument for directive c (the byte after a '%'), taking
// it from *ap.
static void
directive(struct out *o, char c, __builtin_va_list *ap)
{
  switch(c){
  case 'd':
    putint(o, __builtin_va_arg(*ap, int));
    break;
  case 'u':
    putnum(o, __builtin_va_arg(*ap, uint), 10, 0);
    break;
  case 'x':
    putnum(o, __builtin_va_arg(*ap, uint), 16, 0);
    break;
  case 'p':
    puts(o, "0x");
    putnum(o, (uint)__builtin_va_arg(*ap, void *), 16, 0);
    break;
  case 's':
    puts(o, __builtin_va_arg(*ap, const char *));
    break;
  case 'c':
    putc(o, __builtin_va_arg(*ap, int));
    break;
  case '%':
    putc(o, '%');
    break;
  default:
    // Unknown directive: show it rather than guess what was meant.
    putc(o, '%');
    putc(o, c);
    break;
  }
}

// Print fmt to fd, replacing %d %u %x %p %s %c with the next argument
// and %% with a percent sign.
__attribute__((weak)) void
printf(int fd, const char *fmt, ...)
{
  __builtin_va_list ap;
  struct out o;

  o.fd = fd;
  o.n = 0;
  __builtin_va_start(ap, fmt);
  for(; *fmt; fmt++){
    if(*fmt != '%')
      putc(&o, *fmt);
    else if(*++fmt != 0)
      directive(&o, *fmt, &ap);
    else
      break;
  }
  __builtin_va_end(ap);
  flush(&o);
}
