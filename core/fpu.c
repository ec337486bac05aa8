// The user FPU (x87 and SSE): each CPU's setup, and the state a new
// program starts in. The scheduler switches the registers (core/proc.c).
#include "core/core.h"

#define CPUID_FXSR  (1 << 24)   // CPUID 1 edx: fxsave and fxrstor
#define CPUID_SSE   (1 << 25)   // CPUID 1 edx: SSE

// The registers as FNINIT and a reset leave them: every exception masked,
// 64-bit precision, round to nearest, no register in use.
const struct fpustate fpuclean = { .fcw = 0x37f, .mxcsr = 0x1f80 };

// CPUID leaf 1's feature flags in edx.
static uint
cpufeatures(void)
{
  uint a = 1, b, c, d;

  asm volatile("cpuid" : "+a" (a), "=b" (b), "=c" (c), "=d" (d));
  return d;
}

// Let user code use the FPU on this CPU, its errors raised as exceptions
// that kill only the faulting process, and clear it.
void
fpuinit(void)
{
  uint f = cpufeatures(), cr4;

  if(!(f & CPUID_FXSR))
    panic("fpuinit: no fxsave");
  lcr0((rcr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
  cr4 = rcr4() | CR4_OSFXSR;
  if(f & CPUID_SSE)
    cr4 |= CR4_OSXMMEXCPT;
  lcr4(cr4);
  fxrstor(&fpuclean);
}
