// The parts of the ELF executable format exec reads.
#ifndef MODX6_ELF_H
#define MODX6_ELF_H

#define ELF_MAGIC 0x464C457FU  // "\x7FELF" in little endian

struct elfhdr {
  uint magic;  // must equal ELF_MAGIC
  uchar elf[12];
  ushort type;
  ushort machine;
  uint version;
  uint entry;
  uint phoff;
  uint shoff;
  uint flags;
  ushort ehsize;
  ushort phentsize;
  ushort phnum;
  ushort shentsize;
  ushort shnum;
  ushort shstrndx;
};

struct proghdr {
  uint type;
  uint off;
  uint vaddr;
  uint paddr;
  uint filesz;
  uint memsz;
  uint flags;
  uint align;
};

#define ELF_PROG_LOAD           1

#endif
