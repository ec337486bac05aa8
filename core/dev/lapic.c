// The local APIC: per-CPU interrupts, the timer, and starting other CPUs.
#include "core/core.h"
#include "traps.h"

// Register indexes (byte offset / 4).
#define ID      (0x0020/4)   // ID
#define VER     (0x0030/4)   // Version
#define TPR     (0x0080/4)   // Task Priority
#define EOI     (0x00B0/4)   // EOI
#define SVR     (0x00F0/4)   // Spurious Interrupt Vector
  #define ENABLE     0x00000100   // Unit Enable
#define ESR     (0x0280/4)   // Error Status
#define ICRLO   (0x0300/4)   // Interrupt Command
  #define INIT       0x00000500   // INIT/RESET
  #define STARTUP    0x00000600   // Startup IPI
  #define DELIVS     0x00001000   // Delivery status
  #define ASSERT     0x00004000   // Assert interrupt (vs deassert)
  #define DEASSERT   0x00000000
  #define LEVEL      0x00008000   // Level triggered
  #define BCAST      0x00080000   // Send to all APICs, including self.
  #define OTHERS     0x000C0000   // Send to all APICs but self.
#define ICRHI   (0x0310/4)   // Interrupt Command [63:32]
#define TIMER   (0x0320/4)   // Local Vector Table 0 (TIMER)
  #define X1         0x0000000B   // divide counts by 1
  #define PERIODIC   0x00020000   // Periodic
#define PCINT   (0x0340/4)   // Performance Counter LVT
#define LINT0   (0x0350/4)   // Local Vector Table 1 (LINT0)
#define LINT1   (0x0360/4)   // Local Vector Table 2 (LINT1)
#define ERROR   (0x0370/4)   // Local Vector Table 3 (ERROR)
  #define MASKED     0x00010000   // Interrupt masked
#define TICR    (0x0380/4)   // Timer Initial Count
#define TCCR    (0x0390/4)   // Timer Current Count
#define TDCR    (0x03E0/4)   // Timer Divide Configuration

volatile uint *lapic;  // set by mpinit

// Write a register and wait for the write to finish (read back ID).
static void
lapicw(int index, int value)
{
  lapic[index] = value;
  (void)lapic[ID];
}

// Enable this CPU's local APIC with a periodic timer.
void
lapicinit(void)
{
  if(!lapic)
    return;

  lapicw(SVR, ENABLE | (T_IRQ0 + IRQ_SPURIOUS));

  // The timer counts down at bus frequency; 10000000 is about 100 Hz
  // under QEMU.
  lapicw(TDCR, X1);
  lapicw(TIMER, PERIODIC | (T_IRQ0 + IRQ_TIMER));
  lapicw(TICR, 10000000);

  lapicw(LINT0, MASKED);
  lapicw(LINT1, MASKED);

  // Mask the performance counter interrupt on CPUs that have it.
  if(((lapic[VER]>>16) & 0xFF) >= 4)
    lapicw(PCINT, MASKED);

  lapicw(ERROR, T_IRQ0 + IRQ_ERROR);

  // Clear error status (needs back-to-back writes) and any pending
  // interrupt.
  lapicw(ESR, 0);
  lapicw(ESR, 0);
  lapicw(EOI, 0);

  // Synchronise arbitration IDs with an INIT level de-assert.
  lapicw(ICRHI, 0);
  lapicw(ICRLO, BCAST | INIT | LEVEL);
  while(lapic[ICRLO] & DELIVS)
    ;

  lapicw(TPR, 0);
}

// The APIC ID of the running CPU.
int
lapicid(void)
{
  if (!lapic)
    return 0;
  return lapic[ID] >> 24;
}

// Acknowledge the interrupt being handled.
void
lapiceoi(void)
{
  if(lapic)
    lapicw(EOI, 0);
}

// Spin for about us microseconds; QEMU needs no real delay.
void
microdelay(int us)
{
  (void)us;
}

#define CMOS_PORT    0x70

// Start the CPU with APIC id apicid running real-mode code at addr
// (page aligned, below 1 MiB): INIT, then two STARTUP IPIs.
void
lapicstartap(uchar apicid, uint addr)
{
  int i;
  ushort *wrv;

  // Point the warm reset vector (40:67) at the code, as the MP spec asks.
  outb(CMOS_PORT, 0xF);
  outb(CMOS_PORT+1, 0x0A);
  wrv = (ushort*)P2V((0x40<<4 | 0x67));
  asm("" : "+r" (wrv));
  wrv[0] = 0;
  wrv[1] = addr >> 4;

  lapicw(ICRHI, apicid<<24);
  lapicw(ICRLO, INIT | LEVEL | ASSERT);
  microdelay(200);
  lapicw(ICRLO, INIT | LEVEL);
  microdelay(100);

  for(i = 0; i < 2; i++){
    lapicw(ICRHI, apicid<<24);
    lapicw(ICRLO, STARTUP | (addr>>12));
    microdelay(200);
  }
}

// Send interrupt vector to every CPU but this one.
void
lapicipi_all(int vector)
{
  if(!lapic)
    return;
  lapicw(ICRHI, 0);
  lapicw(ICRLO, OTHERS | ASSERT | vector);
  while(lapic[ICRLO] & DELIVS)
    ;
}
