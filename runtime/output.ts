/**
 * tcpdump's output options on top of the line formatter: timestamps
 * (-t … -ttttt), the link header (-e), verbosity (-v -vv -vvv) and -q, packet numbers (-#), hex and ASCII
 * dumps (-x -xx -X -XX -A -AA) and one JSON object per packet (--json).
 */
import type { Frame } from './events.js';
import { Formatter, type FrameAt, type TimestampMode } from './format/index.js';
import { hex2 } from './format/util.js';

export interface PrintOptions {
  /** Number of -t flags: 0 default, 1 none, 2 epoch, 3 delta, 4 date, 5 since first. */
  t?: number;
  link?: boolean;
  number?: boolean;
  /** 1 = -x (from the network header), 2 = -xx (from the frame start). */
  hex?: number;
  /** 1 = -X, 2 = -XX: hex and ASCII. */
  hexAscii?: number;
  /** 1 = -A, 2 = -AA: ASCII. */
  ascii?: number;
  json?: boolean;
  /** Number of -v flags (0-3). */
  verbose?: number;
  /** -q: quick (shorter) protocol lines. */
  quick?: boolean;
}

const TIMESTAMPS: TimestampMode[] = ['default', 'none', 'epoch', 'delta', 'date', 'sincefirst'];

/**
 * tcpdump's stacked short flags (-tt, -xx, -XX, -AA, -#, -vv, -q) become long options commander can
 * count: "-tt" → "--ts-mode 2", "-vv" → "--verbose 2", "-q" → "--quick". Arguments after "--" are
 * left alone.
 */
export function expandTcpdumpFlags(argv: string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const a of argv) {
    if (rest || a === '--') {
      rest = true;
      out.push(a);
      continue;
    }
    const m = a.match(/^-(t{1,5}|x{1,2}|X{1,2}|A{1,2})$/);
    if (m) {
      const flag = m[1]!;
      const opt = flag[0] === 't' ? '--ts-mode' : flag[0] === 'x' ? '--hex' : flag[0] === 'X' ? '--hex-ascii' : '--ascii';
      out.push(opt, String(flag.length));
    } else if (/^-v{1,3}$/.test(a)) out.push('--verbose', String(a.length - 1));
    else if (a === '-q') out.push('--quick');
    else if (a === '-#') out.push('--number');
    else out.push(a);
  }
  return out;
}

const VLAN_TPIDS = new Set([0x8100, 0x9100, 0x9200, 0x88a8]);

const isGraph = (c: number) => c > 0x20 && c < 0x7f;

/** Each byte as -X prints it: itself if graphic, else '.' (a table: a string per byte cost more). */
const GRAPHIC = Array.from({ length: 256 }, (_, c) => (isGraph(c) ? String.fromCharCode(c) : '.'));

/** tcpdump's hex_print / hex_and_ascii_print: lines of 16 bytes with offsets. */
export function hexDump(bytes: Uint8Array, withAscii: boolean): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const end = Math.min(off + 16, bytes.length);
    let hex = '';
    for (let i = off; i < end; i += 2) hex += i + 1 < end ? ` ${hex2(bytes[i]!)}${hex2(bytes[i + 1]!)}` : ` ${hex2(bytes[i]!)}`;
    const head = `\t0x${off.toString(16).padStart(4, '0')}: `;
    if (withAscii) {
      let ascii = '';
      for (let i = off; i < end; i++) ascii += GRAPHIC[bytes[i]!];
      lines.push(`${head}${hex.padEnd(40)}  ${ascii}`);
    } else lines.push(`${head}${hex}`);
  }
  return lines.join('\n');
}

/**
 * tcpdump's ascii_print: printable bytes, tab, space and newline kept; a CR printed as '.' only
 * when two bytes or more follow it and the next is not LF (so never among the last two bytes).
 */
export function asciiDump(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x0d) {
      if (bytes.length - i - 1 > 1 && bytes[i + 1] !== 0x0a) s += '.';
    } else s += isGraph(c) || c === 0x09 || c === 0x20 || c === 0x0a ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** The layers of a frame for --json: addresses, protocol numbers and ports, as numbers and text. */
export function decodeLayers(f: Uint8Array): Record<string, unknown>[] {
  const layers: Record<string, unknown>[] = [];
  const u16 = (o: number) => (o + 2 <= f.length ? (f[o]! << 8) | f[o + 1]! : undefined);
  const macAt = (o: number) => [...f.subarray(o, o + 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  if (f.length < 14) return layers;
  let off = 12;
  let type = u16(off)!;
  layers.push({ layer: 'ethernet', src: macAt(6), dst: macAt(0), type });
  off += 2;
  while (VLAN_TPIDS.has(type) && off + 4 <= f.length) {
    layers.push({ layer: 'vlan', tpid: type, id: u16(off)! & 0xfff, pcp: f[off]! >> 5 });
    type = u16(off + 2)!;
    off += 4;
  }
  const v4 = (o: number) => [...f.subarray(o, o + 4)].join('.');
  const v6 = (o: number) => Array.from({ length: 8 }, (_, i) => u16(o + 2 * i)!.toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  let proto: number | undefined;
  let l4 = -1;
  if (type === 0x0800 && off + 20 <= f.length) {
    const ihl = (f[off]! & 0xf) * 4;
    proto = f[off + 9]!;
    const frag = u16(off + 6)! & 0x1fff;
    layers.push({ layer: 'ipv4', src: v4(off + 12), dst: v4(off + 16), proto, ttl: f[off + 8], length: u16(off + 2), fragmentOffset: frag * 8 });
    l4 = frag === 0 ? off + ihl : -1;
  } else if (type === 0x86dd && off + 40 <= f.length) {
    proto = f[off + 6]!;
    layers.push({ layer: 'ipv6', src: v6(off + 8), dst: v6(off + 24), nextHeader: proto, hopLimit: f[off + 7], payloadLength: u16(off + 4) });
    l4 = off + 40;
  } else if (type === 0x0806 && off + 28 <= f.length) {
    layers.push({ layer: 'arp', op: u16(off + 6), senderIp: v4(off + 14), targetIp: v4(off + 24), senderMac: macAt(off + 8) });
  }
  if (l4 >= 0 && proto !== undefined) {
    if ((proto === 6 || proto === 17 || proto === 132) && l4 + 4 <= f.length) {
      const t: Record<string, unknown> = { layer: proto === 6 ? 'tcp' : proto === 17 ? 'udp' : 'sctp', srcPort: u16(l4), dstPort: u16(l4 + 2) };
      if (proto === 6 && l4 + 14 <= f.length) t.flags = f[l4 + 13];
      layers.push(t);
    } else if ((proto === 1 || proto === 58) && l4 + 2 <= f.length) {
      layers.push({ layer: proto === 1 ? 'icmp' : 'icmp6', type: f[l4], code: f[l4 + 1] });
    }
  }
  return layers;
}

/** Spaces that right-align a number of 1-4 digits in five columns (-#), by its length. */
const NUMBER_PADS = ['', '    ', '   ', '  ', ' '];

/** '000' to '999'. */
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Formats frames with every output option; keeps tcpdump's state between packets. */
export class OutputPrinter {
  private readonly formatter: Formatter;
  private count = 0;
  /** The text of count's thousands (with -#'s padding), and which thousands it is. */
  private thousands = -1;
  private thousandsText = '';
  /** Whether a line is more than the formatter's (a number, a dump, JSON). */
  private readonly decorated: boolean;
  /** Whether it is more by a number only (-# without dumps or JSON), which needs neither the bytes nor a BigInt time. */
  private readonly numberOnly: boolean;
  constructor(private readonly opts: PrintOptions = {}) {
    this.formatter = new Formatter({
      timestamp: TIMESTAMPS[Math.min(opts.t ?? 0, 5)]!,
      link: !!opts.link,
      verbose: opts.verbose ?? 0,
      quick: !!opts.quick,
      // tcpdump's -q, -x and -X (not -A) turn off the printers' own dumps of undecoded bytes.
      suppressDefaultPrint: !!(opts.quick || opts.hex || opts.hexAscii),
    });
    const dumps = !!(opts.json || opts.hex || opts.hexAscii || opts.ascii);
    this.decorated = dumps || !!opts.number;
    this.numberOnly = !dumps && !!opts.number;
  }

  /** Lines a printer failed on (a bug, see Formatter.printerErrors), and the first failure's text. */
  get printerErrors(): { count: number; first: string } {
    return { count: this.formatter.printerErrors, first: this.formatter.firstPrinterError };
  }

  /** What a command says at its end about printer failures: a line, or nothing when there were none. */
  printerErrorReport(): string {
    const { count, first } = this.printerErrors;
    return count ? `xsift: ${count} lines were cut short by a printer error (the first: ${first}); please report it with the frame\n` : '';
  }

  /** The text for one frame (without a trailing newline); `extra` goes into --json objects. */
  format(f: Pick<Frame, 'data' | 'tsNs' | 'len' | 'caplen'>, extra: Record<string, unknown> = {}): string {
    this.count++;
    const line = this.formatter.format(f.data, { tsNs: f.tsNs, len: f.len });
    return this.decorated ? this.decorate(line, f.data, f.tsNs, f.len, f.caplen, extra) : line;
  }

  /**
   * What format() gives for a frame read in place (a ring batch's record, runtime/events.ts
   * forEachFrame): without the options that need them, no view of its bytes and no BigInt.
   * `link`: text between the timestamp and the frame's text, where tcpdump -i any prints the
   * interface (a capture of several interfaces puts the interface's name there; -#'s number
   * comes before the timestamp); not into --json objects, which have the interface as a field.
   */
  formatAt(f: FrameAt, extra: Record<string, unknown> = {}, link?: string): string {
    this.count++;
    const line = this.formatter.formatAt(f, this.opts.json ? undefined : link);
    if (!this.decorated) return line;
    // A view and a BigInt per frame were most of what -# cost (~250 ns a line, measured).
    if (this.numberOnly) return this.numbered(line);
    const data = f.bytes.subarray(f.start, f.start + f.caplen);
    return this.decorate(line, data, BigInt(f.sec) * 1_000_000_000n + BigInt(f.nsec), f.len, f.caplen, extra);
  }

  /**
   * The line after its -# number, right-aligned in five columns as tcpdump's "%5u  ": from 1000
   * on, the thousands' text (converted once per thousand lines) and three digits from a table.
   */
  private numbered(line: string): string {
    const n = this.count;
    if (n < 1000) {
      const digits = String(n);
      return `${NUMBER_PADS[digits.length]!}${digits}  ${line}`;
    }
    const thousands = Math.floor(n / 1000);
    if (thousands !== this.thousands) {
      this.thousands = thousands;
      // 1,000-9,999: four digits, one space before them.
      this.thousandsText = thousands < 10 ? ` ${thousands}` : String(thousands);
    }
    return `${this.thousandsText}${DIGITS3[n - thousands * 1000]!}  ${line}`;
  }

  /** The line with -#, the dumps, or as a --json object. */
  private decorate(line: string, data: Buffer, tsNs: bigint, len: number, caplen: number, extra: Record<string, unknown>): string {
    if (this.opts.json) {
      const sec = tsNs / 1_000_000_000n;
      const frac = (tsNs % 1_000_000_000n).toString().padStart(9, '0');
      return JSON.stringify({ index: this.count, ts: `${sec}.${frac}`, ...extra, len, caplen, layers: decodeLayers(data), line });
    }
    let out = this.opts.number ? this.numbered(line) : line;
    const level = this.opts.hexAscii || this.opts.hex || this.opts.ascii;
    // An invalid record header ends the line before any dump; from the link-layer header on (as
    // the Ethernet printer reported it, or the whole frame after a printer gave up), or all of
    // the frame when the flag is doubled, and nothing when nothing is left.
    const header = this.formatter.linkHeaderLength;
    if (!level || header < 0) return out;
    const bytes = level > 1 ? data : data.subarray(header);
    if (bytes.length === 0) return out;
    if (this.opts.hexAscii) out += `\n${hexDump(bytes, true)}`;
    else if (this.opts.hex) out += `\n${hexDump(bytes, false)}`;
    else out += `\n${asciiDump(bytes)}`;
    return out;
  }
}
