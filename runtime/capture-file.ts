/**
 * A capture file of a live capture (-w), written by the addon: this opens the file, writes its
 * header (pcap global header, or pcapng section header and one interface description per
 * interface) and, for pcapng, the statistics blocks at close, all encoded by runtime/pcap.ts;
 * every frame's record is encoded and written by the ring reader threads themselves
 * (native/writer.cc), byte for byte what PcapWriter / PcapngWriter write for the same frames,
 * so that JS does no work per frame.
 */
import fs from 'node:fs';
import { SystemError } from './build.js';
import { native, type NativeWriter, type WriterStats } from './native.js';
import {
  encodePcapHeader,
  encodePcapngInterface,
  encodePcapngSectionHeader,
  encodePcapngStats,
  type PcapngInterfaceStats,
} from './pcap.js';

export interface CaptureFileOptions {
  /** The file ("-": standard output, never cut back nor closed). */
  path: string;
  pcapng?: boolean;
  nano?: boolean;
  snaplen: number;
  /** One per ring, in interface-id order; `name` and `filter` go into the pcapng IDBs. */
  interfaces: { name: string; filter?: string }[];
  /** CLOCK_MONOTONIC → wall clock (events.ts Clock.offsetNs). */
  offsetNs: bigint;
  /** Stop writing after this many frames (-c). */
  limit?: number;
  /** Write buffer bytes (default 1 MiB). */
  flushBytes?: number;
  /** Bypass the page cache where the file system allows it (default true; see NativeWriter). */
  direct?: boolean;
}

export class CaptureFile {
  private closed = false;

  private constructor(
    readonly writer: NativeWriter,
    private readonly fd: number,
    private readonly opts: CaptureFileOptions,
  ) {}

  /**
   * Create (or truncate) the file and write its header. `onEvent` hears "limit" once the limit's
   * last frame is written and "error" at the first failed write (see {@link stats}).
   */
  static open(opts: CaptureFileOptions, onEvent: (event: 'limit' | 'error') => void): CaptureFile {
    const toStdout = opts.path === '-';
    let fd: number;
    try {
      fd = toStdout ? 1 : fs.openSync(opts.path, 'w');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new SystemError(`open "${opts.path}" for writing: ${err.message.replace(/^\w+: /, '')}`, err.code);
    }
    let writer: NativeWriter | undefined;
    try {
      writer = native().openWriter(fd, {
        format: opts.pcapng ? 'pcapng' : 'pcap',
        nano: !!opts.nano,
        // One per ring, also for pcap (several -i share the file; the writer counts per interface).
        snaplens: opts.interfaces.map(() => opts.snaplen),
        offsetNs: opts.offsetNs,
        cutBack: !toStdout,
        direct: !toStdout && opts.direct !== false,
        name: toStdout ? 'standard output' : opts.path,
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.flushBytes !== undefined ? { flushBytes: opts.flushBytes } : {}),
      }, onEvent);
      writer.writeBlock(opts.pcapng
        ? Buffer.concat([
          encodePcapngSectionHeader('xsift'),
          ...opts.interfaces.map((i) => encodePcapngInterface({ name: i.name, snaplen: opts.snaplen, ...(i.filter !== undefined ? { filter: i.filter } : {}) }, !!opts.nano)),
        ])
        : encodePcapHeader({ nanosecond: !!opts.nano, snaplen: opts.snaplen }));
      return new CaptureFile(writer, fd, opts);
    } catch (e) {
      try {
        writer?.close();
      } catch {
        // The header's failure is the one to report.
      }
      if (!toStdout) fs.closeSync(fd);
      throw e;
    }
  }

  /** Where ring `interfaceId` writes (openRing's writer option). */
  target(interfaceId: number): { writer: NativeWriter; interfaceId: number } {
    return { writer: this.writer, interfaceId };
  }

  stats(): WriterStats {
    return this.writer.stats();
  }

  /**
   * After the rings are closed: write what is buffered, then (pcapng) one statistics block per
   * interface, `delivered` being the frames written from it; close the file. The file is closed
   * even when a write fails (the error is thrown on; the file ends with a whole record). Idempotent.
   */
  close(stats: Omit<PcapngInterfaceStats, 'delivered'>[] = []): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.writer.flush();
      if (this.opts.pcapng && stats.length) {
        const per = this.writer.stats().perInterface;
        const at = BigInt(Date.now()) * 1_000_000n;
        this.writer.writeBlock(Buffer.concat(stats.map((s, id) => encodePcapngStats(id, at, { ...s, delivered: BigInt(per[id] ?? 0) }, !!this.opts.nano))));
      }
      this.writer.close();
    } finally {
      try {
        this.writer.close();
      } finally {
        if (this.opts.path !== '-') fs.closeSync(this.fd);
      }
    }
  }
}
