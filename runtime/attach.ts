/**
 * Before attaching: is the interface there, up, and free of another XDP
 * program? Each refusal is one line that says what is there and how to
 * proceed (exit 1).
 *
 * Replacing: a program attached through netlink (ip link, bpf_xdp_attach)
 * cannot be handed over to a bpf_link atomically — the kernel refuses a link
 * while a netlink program holds the hook, and XDP_FLAGS_REPLACE only works
 * netlink to netlink. `--replace` therefore detaches that program (only if it
 * is still the one seen) right before the link is created: frames arriving in
 * between (microseconds) are not filtered, and the old program is not put
 * back afterwards. A program held by a bpf_link can only be replaced through
 * its link (bpf_link_update): xsift does that for its own pinned filters
 * (`xsift load --pin --replace`), and refuses otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import { SystemError } from './build.js';
import { UsageError } from './errors.js';
import { isNativeError, native, type InterfaceInfo, type XdpQueryResult } from './native.js';

const MODES = ['none', 'native', 'skb', 'hw', 'multi'];

export interface ExistingXdp {
  progId: number;
  name: string;
  mode: 'native' | 'skb' | 'hw';
  /** The bpf_link holding it, or undefined when attached through netlink. */
  linkId?: number;
}

/** What XDP program (if any) is attached to an interface. */
export function existingXdp(iface: string, netns?: string): ExistingXdp | undefined {
  const addon = native();
  const nsPath = netns ? { netns: `/run/netns/${netns}` } : {};
  const q: XdpQueryResult = addon.xdpQuery(iface, nsPath);
  const progId = q.drvProgId || q.skbProgId || q.hwProgId || q.progId;
  if (!progId) return undefined;
  const mode = q.drvProgId ? 'native' : q.skbProgId ? 'skb' : q.hwProgId ? 'hw' : ((MODES[q.attachMode] ?? 'skb') as 'native' | 'skb' | 'hw');
  let name = '?';
  try {
    name = addon.progInfo(progId).name;
  } catch {
    // Gone since the query: the name is not needed to refuse.
  }
  const ifindex = addon.ifNameToIndex(iface, nsPath);
  const link = addon.xdpLinks().find((l) => l.progId === progId && l.ifindex === ifindex);
  return { progId, name, mode, ...(link ? { linkId: link.linkId } : {}) };
}

/** The processes holding a bpf_link open, from /proc/PID/fdinfo ("link_id:"), with their command lines (xsift's shortened). */
export function linkHolders(linkId: number): { pid: number; command: string }[] {
  const out: { pid: number; command: string }[] = [];
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    const holds = fds.some((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:bpf_link' && new RegExp(`^link_id:\\s*${linkId}$`, 'm').test(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let argv: string[] = [];
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    } catch {
      // exited since
    }
    const x = argv.findIndex((a) => /(^|\/)xsift(\.js)?$/.test(a));
    const words = x >= 0 ? ['xsift', ...argv.slice(x + 1)] : argv;
    let command = words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ');
    if (command.length > 120) command = `${command.slice(0, 117)}...`;
    out.push({ pid: Number(pid), command: command || '?' });
  }
  return out;
}

export function describeExisting(e: ExistingXdp): string {
  const how = e.linkId !== undefined ? `held by bpf_link id ${e.linkId}` : 'attached through netlink';
  return `id ${e.progId} "${e.name}", ${e.mode} mode, ${how}`;
}

/** Who keeps a bpf_link alive: the processes that hold it open, or bpffs. */
export function describeHolders(linkId: number): string {
  const holders = linkHolders(linkId);
  if (holders.length === 0) return 'no process here holds it open (pinned in bpffs, or held from another PID namespace)';
  return `held open by ${holders.map((h) => `process ${h.pid} (${h.command})`).join(', ')}`;
}

/**
 * Refuse (SystemError, exit 1) an interface that is missing, down, or has an
 * XDP program; with `replace`, return a function that detaches a
 * netlink-attached program, to run right before attaching.
 */
/** The oldest kernel whose XDP helpers the generated programs use (bpf_xdp_get_buff_len, bpf_xdp_load_bytes). */
export const MIN_KERNEL: [number, number] = [5, 18];

/** Refuse, in one line, a kernel older than MIN_KERNEL (`release` defaults to this machine's). */
export function checkKernel(release = os.release()): void {
  const m = release.match(/^(\d+)\.(\d+)/);
  if (!m) return;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_KERNEL[0] || (major === MIN_KERNEL[0] && minor < MIN_KERNEL[1])) {
    throw new SystemError(`kernel ${release} is too old: xsift's XDP programs need Linux ${MIN_KERNEL.join('.')} or newer (bpf_xdp_load_bytes, bpf_xdp_get_buff_len)`, 'ENOSYS');
  }
}

/**
 * The interface's state; a missing one is refused with the names of those that exist there, and
 * `any` (tcpdump's pseudo-interface, which XDP has no equivalent of) as bad usage.
 */
export function interfaceInfo(iface: string, netns: string | undefined): InterfaceInfo {
  const addon = native();
  try {
    return addon.interfaceInfo(iface, netns ? { netns: `/run/netns/${netns}` } : {});
  } catch (e) {
    if (!isNativeError(e) || e.code !== 'ENODEV') throw e;
    let names: string[] = [];
    try {
      names = addon.listInterfaces(netns ? { netns: `/run/netns/${netns}` } : {}).map((i) => i.name);
    } catch {
      /* the refusal below still names the interface */
    }
    const here = netns ? `in netns "${netns}"` : 'here';
    if (iface === 'any') {
      throw new UsageError(
        `-i any: XDP attaches to one interface at a time, there is no "any"; give each interface its own -i (interfaces ${here}: ${names.join(', ') || 'none'}), and every line names its interface, as tcpdump -i any's do`,
      );
    }
    if (names.length) e.message += `; interfaces ${here}: ${names.join(', ')}`;
    throw e;
  }
}

export function checkAttachable(iface: string, opts: { netns?: string; replace?: boolean }): (() => string) | undefined {
  checkKernel();
  const addon = native();
  const nsPath = opts.netns ? { netns: `/run/netns/${opts.netns}` } : {};
  const where = `"${iface}"${opts.netns ? ` in netns "${opts.netns}"` : ''}`;
  const info = interfaceInfo(iface, opts.netns);
  if (!info.up) {
    throw new SystemError(`attach xdp to ${where}: the interface is down (bring it up: ip ${opts.netns ? `-n ${opts.netns} ` : ''}link set dev ${iface} up)`, 'ENETDOWN');
  }
  const e = existingXdp(iface, opts.netns);
  if (!e) return undefined;
  if (e.linkId !== undefined) {
    throw new SystemError(
      `attach xdp to ${where}: it already has an XDP program (${describeExisting(e)}), ${describeHolders(e.linkId)}; a bpf_link's program can only be replaced through that link` +
        ` (a pinned xsift filter: "xsift unload -i ${iface}", or "xsift load FILE.o -i ${iface} --pin --replace")`,
      'EBUSY',
    );
  }
  if (!opts.replace) {
    throw new SystemError(
      `attach xdp to ${where}: it already has an XDP program (${describeExisting(e)}); use --replace to replace it, or remove it (ip ${opts.netns ? `-n ${opts.netns} ` : ''}link set dev ${iface} xdp off)`,
      'EBUSY',
    );
  }
  return () => {
    addon.xdpDetach(iface, { ...nsPath, mode: e.mode, progId: e.progId });
    return `xsift: replaced XDP program ${describeExisting(e)} on ${where}; not atomically (a netlink-attached program cannot be handed over to a bpf_link), and it is not restored when xsift exits`;
  };
}
