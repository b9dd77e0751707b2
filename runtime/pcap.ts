/**
 * Capture files: a classic-pcap writer that appends records incrementally (for live captures),
 * and a reader for classic pcap and pcapng.
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

  /** Closes the file if this writer opened it; further writes throw. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned && typeof this.#sink === 'number') fs.closeSync(this.#sink);
  }

  #emit(b: Buffer): void {
    if (typeof this.#sink === 'number') {
      let off = 0;
      while (off < b.length) off += fs.writeSync(this.#sink, b, off, b.length - off);
    } else {
      this.#sink.write(b);
    }
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
