/**
 * Just enough of ELF64 little-endian (the objects clang writes for BPF) to
 * read a section's bytes and a global variable's initial value, without
 * loading the object. Anything malformed reads as "absent".
 */

export interface ElfSection {
  name: string;
  offset: number;
  size: number;
  /** sh_type (2 = SYMTAB, 3 = STRTAB, 8 = NOBITS). */
  type: number;
  /** sh_link: for a symbol table, the index of its string table. */
  link: number;
}

function isElf64Le(elf: Buffer): boolean {
  return elf.length >= 64 && elf.readUInt32BE(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1;
}

function cString(elf: Buffer, at: number): string {
  const end = elf.indexOf(0, at);
  return elf.toString('latin1', at, end < 0 ? elf.length : end);
}

/** The section headers, in index order; [] when `elf` is not a readable ELF64 LE object. */
export function elfSections(elf: Buffer): ElfSection[] {
  if (!isElf64Le(elf)) return [];
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  if (shentsize < 0x40 || shoff + shnum * shentsize > elf.length || shstrndx >= shnum) return [];
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      nameAt: elf.readUInt32LE(at),
      type: elf.readUInt32LE(at + 4),
      offset: Number(elf.readBigUInt64LE(at + 0x18)),
      size: Number(elf.readBigUInt64LE(at + 0x20)),
      link: elf.readUInt32LE(at + 0x28),
    };
  });
  const strtab = raw[shstrndx]!;
  if (strtab.offset + strtab.size > elf.length) return [];
  return raw.map((s) => ({ name: cString(elf, strtab.offset + s.nameAt), offset: s.offset, size: s.size, type: s.type, link: s.link }));
}

/** The bytes of the section named `name`, if present (and not NOBITS). */
export function elfSection(elf: Buffer, name: string): Buffer | undefined {
  const s = elfSections(elf).find((x) => x.name === name && x.type !== 8);
  if (!s || s.offset + s.size > elf.length) return undefined;
  return elf.subarray(s.offset, s.offset + s.size);
}

/**
 * The initial value (little-endian u32) of the global variable `symbol`, read
 * from the section its symbol points into (e.g. a `const volatile` knob in
 * .rodata); undefined when there is no such symbol.
 */
export function elfGlobalU32(elf: Buffer, symbol: string): number | undefined {
  const secs = elfSections(elf);
  const symtab = secs.find((s) => s.type === 2);
  if (!symtab || symtab.offset + symtab.size > elf.length) return undefined;
  const strtab = secs[symtab.link];
  if (!strtab) return undefined;
  for (let at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += 24) {
    if (cString(elf, strtab.offset + elf.readUInt32LE(at)) !== symbol) continue;
    const shndx = elf.readUInt16LE(at + 6);
    const value = Number(elf.readBigUInt64LE(at + 8));
    const sec = secs[shndx];
    if (!sec || sec.type === 8 || value + 4 > sec.size || sec.offset + value + 4 > elf.length) return undefined;
    return elf.readUInt32LE(sec.offset + value);
  }
  return undefined;
}
