// The legacy 8259A interrupt controllers: masked, since the APICs are used.
#include "core/core.h"

#define IO_PIC1         0x20    // Master (IRQs 0-7)
#define IO_PIC2         0xA0    // Slave (IRQs 8-15)

// Mask every interrupt on both PICs.
void
picinit(void)
{
  outb(IO_PIC1+1, 0xFF);
  outb(IO_PIC2+1, 0xFF);
}
