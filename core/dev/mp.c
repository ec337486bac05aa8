// Multiprocessor discovery from the BIOS's MP configuration tables
// (Intel MultiProcessor Specification 1.4): CPUs and the I/O APIC.
#include "core/core.h"

struct mpfloat {             // floating pointer structure, "_MP_"
  uchar signature[4];
  uint physaddr;             // physical address of the configuration table
  uchar length;              // in 16-byte units
  uchar specrev;
  uchar checksum;            // all bytes add to 0
  uchar type;                // configuration type
  uchar imcrp;               // bit 7: IMCR present
  uchar reserved[3];
};

struct mpconf {              // configuration table header, "PCMP"
  uchar signature[4];
  ushort length;             // total table length
  uchar version;
  uchar checksum;
  uchar product[20];
  uint oemtable;
  ushort oemlength;
  ushort entry;              // number of entries that follow
  uint lapicaddr;            // address of the local APIC
  ushort xlength;
  uchar xchecksum;
  uchar reserved;
};

struct mpproc {              // processor entry
  uchar type;
  uchar apicid;
  uchar version;
  uchar flags;
  uchar signature[4];
  uint feature;
  uchar reserved[8];
};

struct mpioapic {            // I/O APIC entry
  uchar type;
  uchar apicno;
  uchar version;
  uchar flags;
  uint addr;
};

enum { MPPROC = 0, MPBUS = 1, MPIOAPIC = 2, MPIOINTR = 3, MPLINTR = 4 };

struct cpu cpus[NCPU];
int ncpu;
int ismp;
uchar ioapicid;

// Byte sum of len bytes at addr (a valid table sums to 0).
static uchar
sum(uchar *addr, int len)
{
  int i, s;

  s = 0;
  for(i = 0; i < len; i++)
    s += addr[i];
  return s;
}

// Look for an MP floating pointer in len bytes at physical address a.
static struct mpfloat*
mpsearch1(uint a, int len)
{
  uchar *e, *p, *addr;

  addr = P2V(a);
  e = addr+len;
  for(p = addr; p < e; p += sizeof(struct mpfloat))
    if(memcmp(p, "_MP_", 4) == 0 && sum(p, sizeof(struct mpfloat)) == 0)
      return (struct mpfloat*)p;
  return NULL;
}

// Read a 16-bit word of the BIOS data area; the asm hides the constant
// address from gcc's bounds analysis.
static uint
bda16(uint pa)
{
  uchar *p = P2V(pa);

  asm("" : "+r" (p));
  return p[0] | (p[1] << 8);
}

// Find the floating pointer: in the first KiB of the extended BIOS data
// area, the last KiB of base memory, or the BIOS ROM.
static struct mpfloat*
mpsearch(void)
{
  uint p;
  struct mpfloat *mp;

  if((p = bda16(0x40E) << 4) != 0){
    if((mp = mpsearch1(p, 1024)) != NULL)
      return mp;
  } else {
    p = bda16(0x413) * 1024;
    if((mp = mpsearch1(p-1024, 1024)) != NULL)
      return mp;
  }
  return mpsearch1(0xF0000, 0x10000);
}

// Find and check the configuration table; NULL if there is none.
static struct mpconf*
mpconfig(struct mpfloat **pmp)
{
  struct mpconf *conf;
  struct mpfloat *mp;

  if((mp = mpsearch()) == NULL || mp->physaddr == 0)
    return NULL;
  conf = (struct mpconf*) P2V(mp->physaddr);
  if(memcmp(conf, "PCMP", 4) != 0)
    return NULL;
  if(conf->version != 1 && conf->version != 4)
    return NULL;
  if(sum((uchar*)conf, conf->length) != 0)
    return NULL;
  *pmp = mp;
  return conf;
}

// Record the table entry at p (a CPU or the I/O APIC): its length, or
// 0 for an entry type the specification does not define.
static int
mpentry(uchar *p)
{
  struct mpproc *proc;

  switch(*p){
  case MPPROC:
    proc = (struct mpproc*)p;
    if(ncpu < NCPU){
      cpus[ncpu].id = ncpu;
      cpus[ncpu++].apicid = proc->apicid;
    }
    return sizeof(struct mpproc);
  case MPIOAPIC:
    ioapicid = ((struct mpioapic*)p)->apicno;
    return sizeof(struct mpioapic);
  case MPBUS:
  case MPIOINTR:
  case MPLINTR:
    return 8;
  }
  return 0;
}

// Record the CPUs and the I/O APIC; panic without a usable MP table.
void
mpinit(void)
{
  uchar *p, *e;
  struct mpfloat *mp;
  struct mpconf *conf;
  int n;

  if((conf = mpconfig(&mp)) == NULL)
    panic("Expect to run on an SMP");
  lapic = (uint*)conf->lapicaddr;
  for(p = (uchar*)(conf+1), e = (uchar*)conf+conf->length; p < e; p += n)
    if((n = mpentry(p)) == 0)
      panic("Didn't find a suitable machine");
  ismp = 1;

  if(mp->imcrp){
    // Route external interrupts to the APIC instead of the 8259s.
    outb(0x22, 0x70);
    outb(0x23, inb(0x23) | 1);
  }
}
