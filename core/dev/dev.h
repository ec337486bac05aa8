// The device drivers (core/dev/): console, serial port, keyboard, disk,
// interrupt controllers, multiprocessor tables and power. core/core.h
// includes this, so the whole kernel sees it.
#ifndef MODX6_DEV_H
#define MODX6_DEV_H

struct buf;

// console.c: the console device, kernel printf and panic.
void            consoleinit(void);
void            cprintf(const char *fmt, ...);
void            consoleintr(int (*getc)(void));
void            panic(const char *s) __attribute__((noreturn));
extern volatile int panicked;

// power.c: leave the machine.
void            poweroff(void) __attribute__((noreturn));
void            haltcpu(void) __attribute__((noreturn));

// ide.c: the disk driver.
void            ideinit(void);
void            ideintr(void);
void            iderw(struct buf *b);

// ioapic.c
void            ioapicenable(int irq, int cpu);
extern uchar    ioapicid;
void            ioapicinit(void);

// kbd.c
void            kbdintr(void);

// lapic.c
int             lapicid(void);
extern volatile uint *lapic;
void            lapiceoi(void);
void            lapicinit(void);
void            lapicstartap(uchar apicid, uint addr);
void            lapicipi_all(int vector);
void            microdelay(int us);

// mp.c
extern int      ismp;
void            mpinit(void);

// picirq.c
void            picinit(void);

// uart.c
void            uartinit(void);
void            uartintr(void);
void            uartputc(int c);

#endif
