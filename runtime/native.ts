/**
 * The typed binding to the native addon (native/, built by cmake-js into
 * build/Release/xsift_native.node).
 *
 * The addon is generic: it opens and loads BPF objects, attaches programs to
 * interfaces through bpf_link, reads ring buffers and per-CPU counters, and
 * runs BPF_PROG_TEST_RUN. It knows nothing of filters or protocols. One
 * exception, for speed: a NativeWriter encodes ring records (the record
 * header of templates/xsift_event.h) into capture-file records on the ring's
 * own thread.
 *
 * Every failure of a kernel or libbpf call throws a NativeError: an Error
 * whose message names the operation, the object and the errno
 * (`attach xdp to "veth0": No such device (ENODEV)`), with `code` (errno
 * name), `errno` (number) and `syscall` (the operation) set, and for load
 * failures `verifierLog` (the kernel verifier's log).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** XDP attach mode: native (driver), skb (generic), or auto (native, else skb). */
export type XdpMode = 'native' | 'skb' | 'auto';

export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
  verifierLog?: string;
  /** For open and load failures: libbpf's last warning lines (the verifier log elided). */
  libbpfLog?: string;
}

export interface TestRunResult {
  /** The program's return value (an XDP action: 0 aborted, 1 drop, 2 pass, 3 tx, 4 redirect). */
  retval: number;
  /** Average run time per repetition in nanoseconds, as the kernel reports it. */
  durationNs: number;
}

export interface LinkInfo {
  linkId: number;
  progId: number;
  ifindex: number;
  /** The mode the link was actually created in. */
  mode: 'native' | 'skb';
}

/** An XDP attachment owned through a bpf_link: closing it (or the process dying) detaches. */
export interface NativeLink {
  info(): LinkInfo;
  /** Pin the link under bpffs so it outlives the process. */
  pin(path: string): void;
  /** Detach and close the link fd. Idempotent. */
  close(): void;
}

/**
 * A ring buffer read on a native thread. Records are delivered to the
 * callback in batches: `batch` holds `count` records, each framed as a
 * little-endian u32 length followed by that many bytes, padded to a
 * multiple of 4.
 */
export interface NativeRing {
  /**
   * Records read from the ring, batches delivered, and records dropped at environment teardown
   * (queueDropped). When JS falls behind (maxQueuedBatches batches waiting), the reader stops
   * reading the ring until JS catches up: the ring fills and the BPF program counts what it
   * cannot reserve; nothing read from the ring is dropped in user space.
   */
  stats(): { read: number; queueDropped: number; batches: number };
  /**
   * Stop the thread after draining what is in the ring, release the callback. Idempotent.
   * Batches drained here are still delivered, asynchronously, after close() returns.
   * While open, a ring keeps the process alive (like a socket); after close() it does not.
   */
  close(): void;
}

/** What a {@link NativeWriter} has done so far. */
export interface WriterStats {
  /** Records the file holds: written whole. */
  frames: number;
  /** Bytes written whole (records and blocks from writeBlock). */
  bytes: number;
  /** Records not written: past the limit, after a failure, or after close. */
  discarded: number;
  /** write() calls that wrote something. */
  writes: number;
  /** Writes bypass the page cache (O_DIRECT) now. */
  direct: boolean;
  /** The limit's last frame is written. */
  limitReached: boolean;
  /** Records written per interface id. */
  perInterface: number[];
  /** The first failure (a write, or a malformed record), as a NativeError; the writer wrote nothing after it. */
  error?: NativeError;
}

export interface WriterOptions {
  /** "pcap" (records of 16-byte headers) or "pcapng" (Enhanced Packet Blocks). Default "pcap". */
  format?: 'pcap' | 'pcapng';
  /** Nanosecond timestamps (the pcap nanosecond magic, if_tsresol 9): the header and IDBs must say so. */
  nano?: boolean;
  /** One snapshot length per interface id (for pcap too: rings sharing the file); records are cut to it. */
  snaplens: number[];
  /** Added to a record's CLOCK_MONOTONIC ts_ns to get wall-clock ns (events.ts Clock.offsetNs). */
  offsetNs?: bigint;
  /** Write this many frames, then discard the rest and emit "limit" (0 or absent: no limit). */
  limit?: number;
  /** After a failed write, cut a regular file back to the end of its last whole record. */
  cutBack?: boolean;
  /**
   * Write with O_DIRECT (no page cache) when the fd is an empty regular file on a file system
   * that takes it: whole 4 KiB blocks, the unaligned tail through the page cache when it must be
   * visible (idle ring, maxAgeMs, the limit, writeBlock, close).
   */
  direct?: boolean;
  /** Buffer size: a write() when it is full (default 1 MiB). */
  flushBytes?: number;
  /** A buffered record is written at the latest this long after it came (default 1000 ms). */
  maxAgeMs?: number;
  /** The file's name, for messages. */
  name?: string;
}

/**
 * Capture-file records written to a file descriptor by the ring threads that feed it
 * (openRing's `writer` option): each ring record is encoded into a large buffer, written when
 * full, when a ring goes idle, after maxAgeMs, and at close. Several rings may share one writer;
 * the file holds whole records only, also after a failed write. The caller writes the file's
 * header and trailer through writeBlock, opens the fd and closes it after close().
 */
export interface NativeWriter {
  /** Encode one ring record (struct xsift_record + bytes) as from interface `interfaceId`. */
  append(record: Buffer, interfaceId?: number): void;
  /** Write what is buffered, then `block` whole; throws a NativeError (the file cut back to its last whole part). */
  writeBlock(block: Buffer): void;
  /** Write what is buffered now; throws a NativeError on failure. */
  flush(): void;
  stats(): WriterStats;
  /** Write what is buffered and stop (later records are discarded). Idempotent; throws if the last write fails. */
  close(): void;
}

export interface XdpQueryResult {
  /** Program ids attached to the interface per mode; 0 means none. */
  progId: number;
  skbProgId: number;
  drvProgId: number;
  hwProgId: number;
  attachMode: number;
}

/** An opened BPF object. Call the set* methods before load(). */
export interface NativeObject {
  /** Names of the programs in the object. */
  programNames(): string[];
  /** Names of the maps in the object (including .rodata and friends). */
  mapNames(): string[];
  /**
   * Set a global variable in a data section (".rodata" for `const volatile`)
   * before load, by its BTF name. `value` must have the variable's exact size.
   */
  setGlobal(section: string, variable: string, value: Buffer): void;
  /** Change a map's max_entries before load (e.g. the ring buffer size). */
  setMapMaxEntries(map: string, entries: number): void;
  /** Set BPF_F_XDP_HAS_FRAGS on a program before load (multi-buffer frames). */
  setXdpFrags(program: string, on: boolean): void;
  /**
   * Load every program and create every map. logLevel 0 keeps the verifier
   * log only on failure; 1/2 record it, 4 records statistics ("processed N insns").
   */
  load(opts?: { logLevel?: number }): void;
  /** The verifier log of the last load (empty if none was recorded). */
  verifierLog(): string;
  /** Verifier statistics per program after load (from the log at level 4, else from bpf_prog_info). */
  programInfo(program: string): { id: number; xlatedInsns: number; jitedBytes: number; verifiedInsns: number };
  /** Attach through a bpf_link. `netns` is a path like /run/netns/NAME to resolve `ifname` in. */
  attachXdp(program: string, ifname: string, opts?: { mode?: XdpMode; netns?: string }): NativeLink;
  /** Sum a per-CPU array map of u64 values over CPUs: one bigint per key. */
  sumPercpuU64(map: string): bigint[];
  /** Run the program once (or `repeat` times) on `data` with BPF_PROG_TEST_RUN. */
  testRun(program: string, data: Buffer, opts?: { repeat?: number; ifindex?: number }): TestRunResult;
  /**
   * Start reading a ring buffer map on a native thread; at most `maxQueuedBatches` (default 16) wait for JS.
   * With `writer`, every record is encoded into it on that thread (as interface `interfaceId`) and
   * onBatch is never called. With `transient`, a batch is lent to onBatch for the call only: it
   * (and every view of it) is detached when the call returns, and its memory is reused.
   */
  openRing(
    map: string,
    onBatch: (batch: Buffer, count: number) => void,
    opts?: { maxQueuedBatches?: number; writer?: NativeWriter; interfaceId?: number; transient?: boolean },
  ): NativeRing;
  /** Pin a map (after load) at a bpffs path, so that it can be read after this process. */
  pinMap(map: string, path: string): void;
  /** Close rings, links and the object. Idempotent. */
  close(): void;
}

export interface InterfaceInfo {
  ifindex: number;
  /** IFF_UP: administratively up. */
  up: boolean;
  /** IFF_RUNNING: carrier. */
  running: boolean;
  mtu: number;
  /** The Ethernet address (`02:00:00:00:00:01`), when the interface has one. */
  mac?: string;
}

export interface ProgInfo {
  id: number;
  name: string;
  type: number;
  tag: string;
  mapIds: number[];
}

export interface KernelLinkInfo {
  linkId: number;
  progId: number;
  /** BPF_LINK_TYPE_* (6 is XDP). */
  type: number;
  /** For XDP links: the device (0 once it is gone). */
  ifindex: number;
}

export interface NativeAddon {
  /** Open (not load) a BPF object from a file path or from ELF bytes. */
  openObject(source: string | Buffer, name?: string): NativeObject;
  /** Which XDP programs are attached to an interface (bpf_xdp_query). */
  xdpQuery(ifname: string, opts?: { netns?: string }): XdpQueryResult;
  /** Interface index of a name, optionally inside a network namespace; throws ENODEV. */
  ifNameToIndex(ifname: string, opts?: { netns?: string }): number;
  /**
   * A capture-file writer on `fd` (not closed by it). `onEvent` is called once with "limit" when
   * the limit's last frame is written, and once with "error" at the first failure.
   */
  openWriter(fd: number, opts: WriterOptions, onEvent?: (event: 'limit' | 'error') => void): NativeWriter;
  /** The libbpf version the addon runs with, e.g. "1.1". */
  libbpfVersion(): string;
  /** Flags and MTU of an interface (SIOCGIFFLAGS), optionally inside a network namespace. */
  interfaceInfo(ifname: string, opts?: { netns?: string }): InterfaceInfo;
  /** Every interface of a network namespace (if_nameindex). */
  listInterfaces(opts?: { netns?: string }): { name: string; ifindex: number }[];
  /** A loaded program by id (name, tag, maps). */
  progInfo(id: number): ProgInfo;
  /** Every XDP bpf_link of the machine (any namespace). */
  xdpLinks(): KernelLinkInfo[];
  /** Detach a netlink-attached XDP program; with progId, only if that program is still the one attached. */
  xdpDetach(ifname: string, opts: { netns?: string; mode: 'skb' | 'native' | 'hw'; progId?: number }): void;
  /** Sum a pinned per-CPU array map of u64 over CPUs. */
  pinnedPercpuU64(path: string): bigint[];
  /** The link pinned at a bpffs path. */
  pinnedLinkInfo(path: string): KernelLinkInfo;
  /** Detach the link pinned at path (bpf_link_detach), whoever else holds it. The pin stays. */
  detachPinnedLink(path: string): void;
  /** Replace the program of a pinned link atomically (bpf_link_update). */
  updatePinnedLink(path: string, progId: number): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Directory candidates for the built addon: from source (runtime/) and from dist/runtime/. */
function addonPath(): string {
  const candidates = [
    path.resolve(here, '..', 'build', 'Release', 'xsift_native.node'),
    path.resolve(here, '..', '..', 'build', 'Release', 'xsift_native.node'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    const err = new Error(
      `native addon not built: none of ${candidates.join(', ')} exists (run "npm run build")`,
    ) as NativeError;
    err.code = 'ENOENT';
    err.errno = 2;
    err.syscall = 'load native addon';
    throw err;
  }
  return found;
}

let cached: NativeAddon | undefined;

/** Load the addon once. Throws a NativeError naming the missing file if it was not built. */
export function native(): NativeAddon {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = require(addonPath()) as NativeAddon;
  }
  return cached;
}

/** True for errors thrown by the addon (they carry `syscall` and `errno`). */
export function isNativeError(e: unknown): e is NativeError {
  return e instanceof Error && typeof (e as NativeError).syscall === 'string' && typeof (e as NativeError).errno === 'number';
}
