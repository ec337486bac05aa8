// Leaving the machine: power off (the halt system call) or stop a CPU.
#include "core/core.h"

// Power the machine off through ACPI as QEMU's PIIX4 and older Bochs
// models expect, falling back to QEMU's isa-debug-exit device (which a
// harness maps to success), and stop if nothing worked.
void
poweroff(void)
{
  cli();
  outw(0x604, 0x2000);
  outw(0xB004, 0x2000);
  outl(0xf4, 0x10);
  haltcpu();
}

// Stop this CPU for good.
void
haltcpu(void)
{
  cli();
  for(;;)
    hlt();
}
