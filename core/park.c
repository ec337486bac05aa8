// Parking the other CPUs: a stop-the-world for work on state that only its
// CPU touches, lock-free (kmcheck and the slab's kmreap over the per-CPU
// magazines).
#include "core/core.h"
#include "traps.h"

// One CPU at a time parks the others. owner is taken with interrupts on,
// so that a CPU trying for it can itself be parked meanwhile.
static struct {
  volatile uint owner;
  volatile int parked;   // CPUs waiting in parkhere
  volatile int go;       // set to let them go
} park;

// Stop every other CPU outside any pushcli section (so outside every
// spin lock) until unparkothers. Process context, no spin lock held.
void
parkothers(void)
{
  while(xchg(&park.owner, 1) != 0)
    ;
  pushcli();
  park.go = 0;
  lapicipi_all(T_IRQ0 + IRQ_PARK);
  while(park.parked < ncpu - 1)
    ;
}

// Let the CPUs parkothers stopped go on.
void
unparkothers(void)
{
  park.go = 1;
  while(park.parked > 0)
    ;
  popcli();
  xchg(&park.owner, 0);
}

// The park interrupt: wait here, interrupts off, until let go. A CPU only
// takes it with interrupts on, so it holds no spin lock while it waits.
void
parkhere(void)
{
  __sync_fetch_and_add(&park.parked, 1);
  while(!park.go)
    ;
  __sync_fetch_and_sub(&park.parked, 1);
}
