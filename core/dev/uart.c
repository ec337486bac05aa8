// The 8250/16550 serial port COM1: the console of headless runs.
#include "core/core.h"
#include "traps.h"

#define COM1    0x3f8

static int uart;    // is there a uart?

// Set COM1 to 115200 8N1 with receive interrupts, if it exists.
void
uartinit(void)
{
  char *p;

  outb(COM1+2, 0);          // FIFOs off
  outb(COM1+3, 0x80);       // divisor latch on
  outb(COM1+0, 115200/115200);
  outb(COM1+1, 0);
  outb(COM1+3, 0x03);       // latch off, 8 data bits, 1 stop, no parity
  outb(COM1+4, 0);
  outb(COM1+1, 0x01);       // interrupt on received data

  // All ones in the line status register means no UART.
  if(inb(COM1+5) == 0xFF)
    return;
  uart = 1;

  // Clear a pending interrupt identification; bytes already received
  // stay for the console's first read.
  inb(COM1+2);
  ioapicenable(IRQ_COM1, 0);

  for(p = "modx6...\n"; *p; p++)
    uartputc(*p);
}

// Send c, waiting for the transmitter. The wait is bounded (about a
// second under QEMU) so a dead port cannot hang the kernel, but long,
// because QEMU holds the transmitter busy while its host side is
// blocked and a byte written then would overwrite the pending one.
void
uartputc(int c)
{
  int i;

  if(!uart)
    return;
  for(i = 0; i < (1 << 20) && !(inb(COM1+5) & 0x20); i++)
    ;
  outb(COM1+0, c);
}

// The next received byte, or -1 if none is waiting.
static int
uartgetc(void)
{
  if(!uart)
    return -1;
  if(!(inb(COM1+5) & 0x01))
    return -1;
  return inb(COM1+0);
}

// Serial interrupt: hand every waiting byte to the console.
void
uartintr(void)
{
  consoleintr(uartgetc);
}
