// Physical memory as the boot loader reports it: the multiboot memory
// map (or, from an older loader, the size of memory above 1 MiB).
#include "core/core.h"

#define MB_BOOTED 0x2badb002   // in %eax from a multiboot loader
#define MB_MEM    (1 << 0)     // mem_lower and mem_upper are valid
#define MB_MMAP   (1 << 6)     // mmap_addr and mmap_length are valid
#define MB_RAM    1            // a memory-map entry of usable RAM

// The loader's information block, as far as the memory fields.
struct mbinfo {
  uint flags;
  uint memlower;   // KiB below 1 MiB
  uint memupper;   // KiB from 1 MiB up to the first hole
  uint unused[8];
  uint mmaplen;    // bytes of memory map
  uint mmapaddr;   // physical address of the first entry
};

// One memory-map entry; size counts the bytes after itself.
struct mbmmap {
  uint size;
  uint baselo, basehi;
  uint lenlo, lenhi;
  uint type;
} __attribute__((packed));

// %eax and %ebx as the loader left them, saved by entry.S.
uint mbmagic;
uint mbinfo;

// Clip the physical range [base, base+len) (64-bit, from the loader) to
// [lo, hi), whole pages inside it, and pass it to fn if any is left.
static void
clip(uint basehi, uint baselo, uint lenhi, uint lenlo, uint lo, uint hi,
     void (*fn)(void *vstart, void *vend))
{
  uint start, end;

  if(basehi != 0)
    return;
  start = PGROUNDUP(baselo);
  // An end past 4 GiB, or wrapping, is clipped to hi anyway.
  end = (lenhi != 0 || baselo + lenlo < baselo) ? hi : baselo + lenlo;
  end &= ~(PGSIZE - 1);
  if(start < lo)
    start = lo;
  if(end > hi)
    end = hi;
  if(start < end)
    fn(P2V(start), P2V(end));
}

// Call fn(vstart, vend) for every page-aligned range of usable RAM inside
// the physical range [lo, hi), lo and hi page aligned, in the loader's
// order. Panics when the loader reported no memory at all.
void
ramranges(uint lo, uint hi, void (*fn)(void *vstart, void *vend))
{
  struct mbinfo *mb = P2V(mbinfo);
  struct mbmmap *e;
  uint a;

  if(mbmagic != MB_BOOTED)
    panic("ramranges: not started by a multiboot loader");
  if(mb->flags & MB_MMAP){
    for(a = mb->mmapaddr; a < mb->mmapaddr + mb->mmaplen; a += e->size + 4){
      e = P2V(a);
      if(e->type == MB_RAM)
        clip(e->basehi, e->baselo, e->lenhi, e->lenlo, lo, hi, fn);
    }
  } else if(mb->flags & MB_MEM){
    clip(0, 1024 * 1024, 0, mb->memupper * 1024, lo, hi, fn);
  } else {
    panic("ramranges: no memory size from the boot loader");
  }
}
