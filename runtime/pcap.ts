/**
 * Capture files: classic-pcap and pcapng writers that append records incrementally (for live
 * captures; a batch of records is one write), and a reader for classic pcap and pcapng.
 *
 * Formats: classic pcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html) with the
 * microsecond magic 0xa1b2c3d4 or the nanosecond magic 0xa1b23c4d, either byte order; pcapng
 * (draft-ietf-opsawg-pcapng) Section Header, Interface Description, Enhanced Packet and Simple
 * Packet blocks, either byte order, with the if_tsresol and if_tsoffset interface options.
 * Other pcapng blocks are skipped.
 *
 * Malformed input raises an Error whose message names the file and the byte offset.
 */
import fs from 'node:fs';

/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;

/** One packet record of a capture file. */
export interface CaptureRecord {
  /** 1-based position of the packet in the file. */
  index: number;
  /** Timestamp in nanoseconds since the Unix epoch. */
  tsNs: bigint;
  /** Number of bytes captured (data.length). */
  caplen: number;
  /** Length of the packet on the wire. */
  len: number;
  /** Link-layer header type (LINKTYPE_*) of the interface the packet came from. */
  linktype: number;
  /** The captured bytes. */
  data: Buffer;
}

/** Options of a classic pcap file written by {@link PcapWriter}. */
export interface PcapWriterOptions {
  /** Write the nanosecond-resolution magic (0xa1b23c4d); default microseconds. */
  nanosecond?: boolean;
  /** Snapshot length in the header; longer packets are cut to it. Default 262144. */
  snaplen?: number;
  /** Link-layer type; default LINKTYPE_ETHERNET. */
  linktype?: number;
}

/** Where a {@link PcapWriter} sends bytes: a file descriptor or a writable stream. */
export type PcapSink = number | NodeJS.WritableStream;

const MAGIC_USEC = 0xa1b2c3d4;
const MAGIC_NSEC = 0xa1b23c4d;

/** The 24-byte classic pcap global header (little-endian). */
export function encodePcapHeader(opts: PcapWriterOptions = {}): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(opts.nanosecond ? MAGIC_NSEC : MAGIC_USEC, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  // thiszone and sigfigs stay 0.
  h.writeUInt32LE(opts.snaplen ?? 262144, 16);
  h.writeUInt32LE(opts.linktype ?? LINKTYPE_ETHERNET, 20);
  return h;
}

/**
 * One classic pcap record (16-byte header + data, little-endian). `len` defaults to
 * data.length; data longer than the snaplen is cut and caplen set accordingly.
 */
export function encodePcapRecord(
  data: Buffer,
  meta: { tsNs: bigint; len?: number },
  opts: PcapWriterOptions = {},
): Buffer {
  const snaplen = opts.snaplen ?? 262144;
  const caplen = Math.min(data.length, snaplen);
  const len = Math.max(meta.len ?? data.length, caplen);
  if (meta.tsNs < 0n) throw new Error(`pcap: negative timestamp ${meta.tsNs}`);
  const sec = meta.tsNs / 1_000_000_000n;
  const sub = meta.tsNs % 1_000_000_000n;
  const h = Buffer.alloc(16);
  h.writeUInt32LE(Number(sec & 0xffffffffn), 0);
  h.writeUInt32LE(Number(opts.nanosecond ? sub : sub / 1000n), 4);
  h.writeUInt32LE(caplen, 8);
  h.writeUInt32LE(len, 12);
  return Buffer.concat([h, data.subarray(0, caplen)]);
}

/**
 * Writes a classic pcap file record by record. The global header is written on construction,
 * each {@link write} appends one record immediately, so a reader (or `tcpdump -r`) sees every
 * record written so far.
 */
export class PcapWriter {
  readonly #sink: PcapSink;
  readonly #owned: boolean;
  readonly #opts: PcapWriterOptions;
  #closed = false;
  #count = 0;

  /**
   * Starts a capture on `sink` (a file descriptor or a writable stream, not closed by this
   * writer) and writes the global header to it.
   */
  constructor(sink: PcapSink, opts: PcapWriterOptions = {}, owned = false) {
    this.#sink = sink;
    this.#opts = opts;
    this.#owned = owned;
    this.#emit(encodePcapHeader(opts));
  }

  /** Creates (or truncates) the file at `path`; {@link close} closes it. */
  static open(path: string, opts: PcapWriterOptions = {}): PcapWriter {
    const fd = fs.openSync(path, 'w');
    return new PcapWriter(fd, opts, true);
  }

  /** Number of records written. */
  get count(): number {
    return this.#count;
  }

  /** Appends one packet; `len` (the wire length) defaults to data.length. */
  write(data: Buffer, meta: { tsNs: bigint; len?: number }): void {
    if (this.#closed) throw new Error('pcap: write after close');
    this.#emit(encodePcapRecord(data, meta, this.#opts));
    this.#count++;
  }

  /** Appends many packets with one write (a live capture writes one ring batch at a time). */
  writeBatch(packets: readonly { data: Buffer; tsNs: bigint; len?: number }[]): void {
    if (this.#closed) throw new Error('pcap: write after close');
    if (packets.length === 0) return;
    // One buffer for the whole batch, headers written in place: no allocation per record.
    const snaplen = this.#opts.snaplen ?? 262144;
    let total = 0;
    for (const p of packets) total += 16 + Math.min(p.data.length, snaplen);
    const out = Buffer.allocUnsafe(total);
    let off = 0;
    for (const p of packets) {
      if (p.tsNs < 0n) throw new Error(`pcap: negative timestamp ${p.tsNs}`);
      const caplen = Math.min(p.data.length, snaplen);
      const sec = p.tsNs / 1_000_000_000n;
      const sub = Number(p.tsNs - sec * 1_000_000_000n);
      out.writeUInt32LE(Number(sec & 0xffffffffn), off);
      out.writeUInt32LE(this.#opts.nanosecond ? sub : Math.floor(sub / 1000), off + 4);
      out.writeUInt32LE(caplen, off + 8);
      out.writeUInt32LE(Math.max(p.len ?? p.data.length, caplen), off + 12);
      p.data.copy(out, off + 16, 0, caplen);
      off += 16 + caplen;
    }
    this.#emit(out);
    this.#count += packets.length;
  }

  /** Closes the file if this writer opened it; further writes throw. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned && typeof this.#sink === 'number') fs.closeSync(this.#sink);
  }

  #bytes = 0;
  #emit(b: Buffer): void {
    this.#bytes = emitWhole(this.#sink, b, this.#bytes, this.#owned);
  }
}

/** Writes a whole classic pcap file at once. */
export function writePcapFile(
  path: string,
  packets: Iterable<{ data: Buffer; tsNs: bigint; len?: number }>,
  opts: PcapWriterOptions = {},
): void {
  const w = PcapWriter.open(path, opts);
  try {
    for (const p of packets) w.write(p.data, p);
  } finally {
    w.close();
  }
}

/**
 * Appends `b` to a sink whose whole records so far end at `at` bytes, and returns the new end.
 * If the write fails part-way (a full disk), a regular file is cut back to `at`, so that it
 * ends with a whole record and stays readable; the error is thrown on.
 */
function emitWhole(sink: PcapSink, b: Buffer, at: number, owned: boolean): number {
  try {
    emitTo(sink, b);
  } catch (e) {
    // Only a file this writer opened (and so started at offset 0): not a descriptor it was handed.
    if (owned && typeof sink === 'number') {
      try {
        if (fs.fstatSync(sink).isFile()) fs.ftruncateSync(sink, at);
      } catch {
        // Not a file, or gone: nothing to cut back.
      }
    }
    throw e;
  }
  return at + b.length;
}

/** Writes `b` whole to a sink (a file descriptor: looping over short writes; a stream). */
function emitTo(sink: PcapSink, b: Buffer): void {
  if (typeof sink === 'number') {
    let off = 0;
    while (off < b.length) {
      try {
        off += fs.writeSync(sink, b, off, b.length - off);
      } catch (e) {
        // A non-blocking descriptor (a pipe as stdout) that is full: wait for it and retry.
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  } else {
    sink.write(b);
  }
}

// ---------------------------------------------------------------------------------------------
// pcapng (little-endian): Section Header, one Interface Description per interface, Enhanced
// Packet blocks, and an Interface Statistics block per interface at close.

/** One interface of a pcapng file. */
export interface PcapngInterfaceOptions {
  /** if_name: the interface's name (e.g. "veth0" or "veth0@netns"). */
  name?: string;
  /** if_filter: the filter expression applied (written as a libpcap filter string). */
  filter?: string;
  /** if_description. */
  description?: string;
  /** Default LINKTYPE_ETHERNET. */
  linktype?: number;
  /** Default 262144. */
  snaplen?: number;
}

export interface PcapngWriterOptions {
  interfaces: PcapngInterfaceOptions[];
  /** Nanosecond timestamps (if_tsresol 9) instead of microseconds. */
  nanosecond?: boolean;
  /** shb_userappl; default "xsift". */
  application?: string;
}

/** Interface statistics written at close (Interface Statistics Block options). */
export interface PcapngInterfaceStats {
  /** isb_ifrecv: frames the filter ran on. */
  received?: bigint;
  /** isb_osdrop: frames lost by the capture system (reports the kernel could not hand over). */
  dropped?: bigint;
  /** isb_filteraccept: frames the filter accepted. */
  accepted?: bigint;
  /** isb_usrdeliv: frames delivered to (and written by) the application. */
  delivered?: bigint;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** One pcapng option (code, length, value padded to 4). */
function ngOption(code: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4 + pad4(value.length));
  b.writeUInt16LE(code, 0);
  b.writeUInt16LE(value.length, 2);
  value.copy(b, 4);
  return b;
}

function ngOptions(opts: Buffer[]): Buffer {
  return opts.length ? Buffer.concat([...opts, Buffer.alloc(4)]) : Buffer.alloc(0); // opt_endofopt
}

function u64le(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, n));
  return b;
}

/** A block: type, total length, body, total length. */
function ngBlock(type: number, body: Buffer): Buffer {
  const len = 12 + body.length;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

/** Section Header Block (byte-order magic, version 1.0, section length unknown). */
export function encodePcapngSectionHeader(application = 'xsift'): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(0x1a2b3c4d, 0);
  h.writeUInt16LE(1, 4);
  h.writeUInt16LE(0, 6);
  h.writeBigInt64LE(-1n, 8);
  return ngBlock(0x0a0d0d0a, Buffer.concat([h, ngOptions([ngOption(4, Buffer.from(application))])]));
}

/** Interface Description Block with if_name, if_description, if_filter and if_tsresol. */
export function encodePcapngInterface(iface: PcapngInterfaceOptions, nanosecond = false): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(iface.linktype ?? LINKTYPE_ETHERNET, 0);
  h.writeUInt32LE(iface.snaplen ?? 262144, 4);
  const opts: Buffer[] = [];
  if (iface.name !== undefined) opts.push(ngOption(2, Buffer.from(iface.name)));
  if (iface.description !== undefined) opts.push(ngOption(3, Buffer.from(iface.description)));
  // if_filter: a first byte of 0 says "libpcap filter string".
  if (iface.filter !== undefined) opts.push(ngOption(11, Buffer.concat([Buffer.from([0]), Buffer.from(iface.filter)])));
  opts.push(ngOption(9, Buffer.from([nanosecond ? 9 : 6])));
  return ngBlock(1, Buffer.concat([h, ngOptions(opts)]));
}

function ticks(tsNs: bigint, nanosecond: boolean): bigint {
  if (tsNs < 0n) throw new Error(`pcapng: negative timestamp ${tsNs}`);
  return nanosecond ? tsNs : tsNs / 1000n;
}

/** Enhanced Packet Block. */
export function encodePcapngPacket(
  data: Buffer,
  meta: { tsNs: bigint; len?: number; interfaceId?: number },
  opts: { nanosecond?: boolean; snaplen?: number } = {},
): Buffer {
  const caplen = Math.min(data.length, opts.snaplen ?? 262144);
  const len = Math.max(meta.len ?? data.length, caplen);
  const t = ticks(meta.tsNs, !!opts.nanosecond);
  const body = Buffer.alloc(20 + pad4(caplen));
  body.writeUInt32LE(meta.interfaceId ?? 0, 0);
  body.writeUInt32LE(Number(t >> 32n), 4);
  body.writeUInt32LE(Number(t & 0xffffffffn), 8);
  body.writeUInt32LE(caplen, 12);
  body.writeUInt32LE(len, 16);
  data.copy(body, 20, 0, caplen);
  return ngBlock(6, body);
}

/** Interface Statistics Block. */
export function encodePcapngStats(interfaceId: number, tsNs: bigint, stats: PcapngInterfaceStats, nanosecond = false): Buffer {
  const h = Buffer.alloc(12);
  const t = ticks(tsNs, nanosecond);
  h.writeUInt32LE(interfaceId, 0);
  h.writeUInt32LE(Number(t >> 32n), 4);
  h.writeUInt32LE(Number(t & 0xffffffffn), 8);
  const opts: Buffer[] = [];
  if (stats.received !== undefined) opts.push(ngOption(4, u64le(stats.received)));
  if (stats.accepted !== undefined) opts.push(ngOption(6, u64le(stats.accepted)));
  if (stats.dropped !== undefined) opts.push(ngOption(7, u64le(stats.dropped)));
  if (stats.delivered !== undefined) opts.push(ngOption(8, u64le(stats.delivered)));
  return ngBlock(5, Buffer.concat([h, ngOptions(opts)]));
}

/**
 * Writes a pcapng file block by block: the section header and the interface descriptions on
 * construction, packets as they come (a batch is one write), statistics at close.
 */
export class PcapngWriter {
  readonly #sink: PcapSink;
  readonly #owned: boolean;
  readonly #opts: PcapngWriterOptions;
  #closed = false;
  #count = 0;

  constructor(sink: PcapSink, opts: PcapngWriterOptions, owned = false) {
    if (opts.interfaces.length === 0) throw new Error('pcapng: at least one interface is needed');
    this.#sink = sink;
    this.#opts = opts;
    this.#owned = owned;
    this.#bytes = emitWhole(sink, Buffer.concat([encodePcapngSectionHeader(opts.application), ...opts.interfaces.map((i) => encodePcapngInterface(i, opts.nanosecond))]), 0, owned);
  }

  #bytes = 0;

  /** Creates (or truncates) the file at `path`; {@link close} closes it. */
  static open(path: string, opts: PcapngWriterOptions): PcapngWriter {
    return new PcapngWriter(fs.openSync(path, 'w'), opts, true);
  }

  get count(): number {
    return this.#count;
  }

  #packet(p: { data: Buffer; tsNs: bigint; len?: number; interfaceId?: number }): Buffer {
    const id = p.interfaceId ?? 0;
    const iface = this.#opts.interfaces[id];
    if (!iface) throw new Error(`pcapng: no interface ${id}`);
    return encodePcapngPacket(p.data, p, { nanosecond: !!this.#opts.nanosecond, snaplen: iface.snaplen ?? 262144 });
  }

  write(data: Buffer, meta: { tsNs: bigint; len?: number; interfaceId?: number }): void {
    this.writeBatch([{ data, ...meta }]);
  }

  /** Appends many packets with one write. */
  writeBatch(packets: readonly { data: Buffer; tsNs: bigint; len?: number; interfaceId?: number }[]): void {
    if (this.#closed) throw new Error('pcapng: write after close');
    if (packets.length === 0) return;
    this.#bytes = emitWhole(this.#sink, Buffer.concat(packets.map((p) => this.#packet(p))), this.#bytes, this.#owned);
    this.#count += packets.length;
  }

  /**
   * Writes one statistics block per interface given (index = interface id), then closes the
   * file if this writer opened it. Idempotent.
   */
  close(stats: (PcapngInterfaceStats | undefined)[] = [], tsNs?: bigint): void {
    if (this.#closed) return;
    const at = tsNs ?? BigInt(Date.now()) * 1_000_000n;
    const blocks = stats.flatMap((s, id) => (s ? [encodePcapngStats(id, at, s, this.#opts.nanosecond)] : []));
    this.#closed = true;
    try {
      if (blocks.length) this.#bytes = emitWhole(this.#sink, Buffer.concat(blocks), this.#bytes, this.#owned);
    } finally {
      // Closed even when the statistics did not fit (a full disk): the packets before them stay whole.
      if (this.#owned && typeof this.#sink === 'number') fs.closeSync(this.#sink);
    }
  }
}

/** Writes a whole pcapng file at once. */
export function writePcapngFile(
  path: string,
  packets: Iterable<{ data: Buffer; tsNs: bigint; len?: number; interfaceId?: number }>,
  opts: PcapngWriterOptions = { interfaces: [{}] },
): void {
  const w = PcapngWriter.open(path, opts);
  try {
    w.writeBatch([...packets]);
  } finally {
    w.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads every packet of a classic pcap or pcapng file. */
export function readCapture(path: string): CaptureRecord[] {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read capture file: ${(e as Error).message}`);
  }
  return parseCapture(buf, path);
}

/** Parses a classic pcap or pcapng file held in memory; `name` is used in error messages. */
export function parseCapture(buf: Buffer, name = '<buffer>'): CaptureRecord[] {
  return [...iterateCapture(buf, name)];
}

/** Iterates over the packets of a classic pcap or pcapng file held in memory. */
export function* iterateCapture(buf: Buffer, name = '<buffer>'): Generator<CaptureRecord> {
  if (buf.length < 4) throw new Error(`${name}: offset 0: file too short (${buf.length} bytes) for a capture file`);
  const le = buf.readUInt32LE(0);
  if (le === 0x0a0d0d0a) {
    yield* readPcapng(buf, name);
    return;
  }
  if ([MAGIC_USEC, MAGIC_NSEC].includes(le) || [MAGIC_USEC, MAGIC_NSEC].includes(buf.readUInt32BE(0))) {
    yield* readClassic(buf, name);
    return;
  }
  throw new Error(`${name}: offset 0: not a pcap or pcapng file (magic 0x${buf.readUInt32BE(0).toString(16).padStart(8, '0')})`);
}

function* readClassic(buf: Buffer, name: string): Generator<CaptureRecord> {
  if (buf.length < 24) throw new Error(`${name}: offset 0: truncated pcap file header (${buf.length} of 24 bytes)`);
  const little = [MAGIC_USEC, MAGIC_NSEC].includes(buf.readUInt32LE(0));
  const u32 = (o: number): number => (little ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const nsec = u32(0) === MAGIC_NSEC;
  const major = little ? buf.readUInt16LE(4) : buf.readUInt16BE(4);
  if (major !== 2) throw new Error(`${name}: offset 4: unsupported pcap version ${major}`);
  const linktype = u32(20) & 0x03ffffff;
  let off = 24;
  let index = 0;
  while (off < buf.length) {
    if (off + 16 > buf.length) {
      throw new Error(`${name}: offset ${off}: truncated record header (${buf.length - off} of 16 bytes)`);
    }
    const sec = BigInt(u32(off));
    const frac = BigInt(u32(off + 4));
    const caplen = u32(off + 8);
    const len = u32(off + 12);
    if (caplen > 0x4000000) throw new Error(`${name}: offset ${off}: record caplen ${caplen} is implausibly large`);
    if (off + 16 + caplen > buf.length) {
      throw new Error(
        `${name}: offset ${off}: truncated record (caplen ${caplen}, ${buf.length - off - 16} bytes left)`,
      );
    }
    index++;
    yield {
      index,
      tsNs: sec * 1_000_000_000n + (nsec ? frac : frac * 1000n),
      caplen,
      len,
      linktype,
      data: Buffer.from(buf.subarray(off + 16, off + 16 + caplen)),
    };
    off += 16 + caplen;
  }
}

interface PcapngInterface {
  linktype: number;
  snaplen: number;
  /** Ticks per second. */
  unitsPerSec: bigint;
  offsetSec: bigint;
}

function* readPcapng(buf: Buffer, name: string): Generator<CaptureRecord> {
  let off = 0;
  let little = true;
  let ifaces: PcapngInterface[] = [];
  let index = 0;
  const u32 = (o: number): number => (little ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u16 = (o: number): number => (little ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  while (off < buf.length) {
    if (off + 12 > buf.length) {
      throw new Error(`${name}: offset ${off}: truncated pcapng block header (${buf.length - off} bytes left)`);
    }
    const type = buf.readUInt32LE(off); // only compared with palindromic SHB type before byte order is known
    if (type === 0x0a0d0d0a) {
      const bom = buf.readUInt32LE(off + 8);
      if (bom === 0x1a2b3c4d) little = true;
      else if (bom === 0x4d3c2b1a) little = false;
      else throw new Error(`${name}: offset ${off + 8}: bad pcapng byte-order magic 0x${bom.toString(16)}`);
      ifaces = [];
    }
    const btype = u32(off);
    const blen = u32(off + 4);
    if (blen < 12 || blen % 4 !== 0) throw new Error(`${name}: offset ${off}: bad pcapng block length ${blen}`);
    if (off + blen > buf.length) {
      throw new Error(`${name}: offset ${off}: truncated pcapng block (length ${blen}, ${buf.length - off} bytes left)`);
    }
    if (u32(off + blen - 4) !== blen) {
      throw new Error(`${name}: offset ${off}: pcapng block trailing length ${u32(off + blen - 4)} differs from ${blen}`);
    }
    const body = off + 8;
    const end = off + blen - 4;
    switch (btype) {
      case 0x0a0d0d0a: {
        if (blen < 28) throw new Error(`${name}: offset ${off}: section header block too short (${blen} bytes)`);
        const major = u16(off + 12);
        if (major !== 1) throw new Error(`${name}: offset ${off + 12}: unsupported pcapng version ${major}`);
        break;
      }
      case 1: {
        if (blen < 20) throw new Error(`${name}: offset ${off}: interface description block too short (${blen} bytes)`);
        const iface: PcapngInterface = {
          linktype: u16(body),
          snaplen: u32(body + 4),
          unitsPerSec: 1_000_000n,
          offsetSec: 0n,
        };
        for (const opt of options(buf, body + 8, end, u16, name)) {
          if (opt.code === 9 && opt.len >= 1) {
            const r = buf[opt.at]!;
            iface.unitsPerSec = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
          } else if (opt.code === 14 && opt.len >= 8) {
            const hi = BigInt(u32(opt.at));
            const lo = BigInt(u32(opt.at + 4));
            iface.offsetSec = BigInt.asIntN(64, little ? (lo << 32n) | hi : (hi << 32n) | lo);
          }
        }
        ifaces.push(iface);
        break;
      }
      case 6: {
        if (blen < 32) throw new Error(`${name}: offset ${off}: enhanced packet block too short (${blen} bytes)`);
        const ifId = u32(body);
        const iface = ifaces[ifId];
        if (!iface) throw new Error(`${name}: offset ${off}: packet refers to undefined interface ${ifId}`);
        const ts = (BigInt(u32(body + 4)) << 32n) | BigInt(u32(body + 8));
        const caplen = u32(body + 12);
        const len = u32(body + 16);
        if (body + 20 + caplen > end) {
          throw new Error(`${name}: offset ${off}: packet caplen ${caplen} overruns its block (length ${blen})`);
        }
        index++;
        yield {
          index,
          tsNs: toNs(ts, iface),
          caplen,
          len,
          linktype: iface.linktype,
          data: Buffer.from(buf.subarray(body + 20, body + 20 + caplen)),
        };
        break;
      }
      case 3: {
        const iface = ifaces[0];
        if (!iface) throw new Error(`${name}: offset ${off}: simple packet block before any interface description`);
        const len = u32(body);
        let caplen = Math.min(len, end - (body + 4));
        if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
        index++;
        yield {
          index,
          tsNs: 0n,
          caplen,
          len,
          linktype: iface.linktype,
          data: Buffer.from(buf.subarray(body + 4, body + 4 + caplen)),
        };
        break;
      }
      default:
        break; // name resolution, statistics, custom blocks: not needed for packets
    }
    off += blen;
  }
}

function toNs(ts: bigint, iface: PcapngInterface): bigint {
  const u = iface.unitsPerSec;
  const sec = ts / u;
  const frac = ts % u;
  return (sec + iface.offsetSec) * 1_000_000_000n + (frac * 1_000_000_000n) / u;
}

function* options(
  buf: Buffer,
  start: number,
  end: number,
  u16: (o: number) => number,
  name: string,
): Generator<{ code: number; len: number; at: number }> {
  let o = start;
  while (o + 4 <= end) {
    const code = u16(o);
    const len = u16(o + 2);
    if (code === 0) return;
    if (o + 4 + len > end) throw new Error(`${name}: offset ${o}: option ${code} (length ${len}) overruns its block`);
    yield { code, len, at: o + 4 };
    o += 4 + ((len + 3) & ~3);
  }
}
