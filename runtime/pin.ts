/**
 * Filters that outlive the process: `xsift load FILE.o -i IF --pin` pins the
 * bpf_link and the counters map under /sys/fs/bpf/xsift/<netns>/<iface>/
 * (mounting bpffs if needed), with what xsift knows about the filter in
 * /run/xsift/pins/<netns>/<iface>.json (bpffs holds no regular files);
 * `xsift status` lists every xsift program attached in every namespace this
 * process can see (pinned or not); `xsift unload -i IF` detaches a pinned one.
 *
 * The filter's expression travels in the object: `xsift compile -o` adds an
 * ELF section ".xsift" (JSON: expression, action) that libbpf ignores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIONS, type Action } from '../compiler/index.js';
import { SystemError } from './build.js';
import { elfSection } from './elf.js';
import { native, type XdpMode } from './native.js';
import { configure, countersFromWords, objectAction, PROGRAM, STATS_MAP } from './session.js';
import { checkAttachable } from './attach.js';

export const PIN_ROOT = '/sys/fs/bpf/xsift';
export const META_ROOT = '/run/xsift/pins';
const META_SECTION = '.xsift';

export interface ObjectMeta {
  expression?: string;
  action?: Action;
}

export interface PinMeta extends ObjectMeta {
  iface: string;
  netns: string | null;
  mode: 'native' | 'skb';
  object: string;
  progId: number;
  linkId: number;
  pinnedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Metadata in the object

/** Add the ".xsift" section to an ELF object (llvm-objcopy). */
export async function embedMeta(object: Buffer, meta: ObjectMeta): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-meta-'));
  try {
    const o = path.join(dir, 'f.o');
    const m = path.join(dir, 'meta.json');
    fs.writeFileSync(o, object);
    fs.writeFileSync(m, JSON.stringify(meta));
    const tool = process.env.XSIFT_OBJCOPY || 'llvm-objcopy';
    const { execa } = await import('execa'); // not at the top: ~130 modules at every start (build.ts)
    const r = await execa(tool, ['--add-section', `${META_SECTION}=${m}`, o], { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) throw new SystemError(`add section "${META_SECTION}" with ${tool}: ${r.stderr.trim() || (r as { code?: string }).code || `exit ${r.exitCode}`} (install it: apt-get install llvm)`);
    return fs.readFileSync(o);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The ".xsift" section of an ELF64 little-endian object, if any. */
export function readMeta(elf: Buffer): ObjectMeta | undefined {
  const sec = elfSection(elf, META_SECTION);
  if (!sec) return undefined;
  try {
    return JSON.parse(sec.toString('utf8')) as ObjectMeta;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Pinning

async function ensureBpffs(): Promise<void> {
  const mounts = fs.readFileSync('/proc/mounts', 'utf8');
  if (!/^\S+ \/sys\/fs\/bpf bpf /m.test(mounts)) {
    const { execa } = await import('execa');
    const r = await execa('mount', ['-t', 'bpf', 'bpf', '/sys/fs/bpf'], { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) throw new SystemError(`mount bpffs at /sys/fs/bpf: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  }
}

const nsKey = (netns?: string | null) => netns || '_root';
export const pinDir = (iface: string, netns?: string | null) => path.join(PIN_ROOT, nsKey(netns), iface);
const metaFile = (iface: string, netns?: string | null) => path.join(META_ROOT, nsKey(netns), `${iface}.json`);

export interface PinOptions {
  iface: string;
  netns?: string;
  mode: XdpMode;
  action?: Action;
  replace?: boolean;
}

/** Load, attach and pin; returns a line saying what was done. */
export async function loadPinned(file: string, object: Buffer, opts: PinOptions): Promise<string> {
  await ensureBpffs();
  const dir = pinDir(opts.iface, opts.netns);
  const linkPin = path.join(dir, 'link');
  const statsPin = path.join(dir, 'stats');
  const where = `"${opts.iface}"${opts.netns ? ` in netns "${opts.netns}"` : ''}`;
  const existing = fs.existsSync(linkPin);
  if (existing && !opts.replace) {
    throw new SystemError(`pin xsift filter on ${where}: one is already pinned at ${linkPin}; use --replace to swap it atomically, or "xsift unload -i ${opts.iface}" first`, 'EEXIST');
  }
  const objMeta = readMeta(object) ?? {};
  const action = opts.action ?? objMeta.action ?? objectAction(object);
  const obj = native().openObject(object, 'xsift');
  try {
    // Nobody reads the reports of a pinned filter: do not make them.
    configure(obj, { report: false, ...(opts.action ? { action: opts.action } : {}) });
    obj.load();
    const progId = obj.programInfo(PROGRAM).id;
    let linkId: number;
    let mode: 'native' | 'skb';
    fs.mkdirSync(dir, { recursive: true });
    let said: string;
    if (existing) {
      // bpf_link_update: the hook never goes without a program.
      native().updatePinnedLink(linkPin, progId);
      const old = readPinMeta(opts.iface, opts.netns);
      linkId = native().pinnedLinkInfo(linkPin).linkId;
      mode = old?.mode ?? 'skb';
      fs.rmSync(statsPin, { force: true });
      said = `xsift: replaced the pinned filter on ${where} atomically (link id ${linkId}, now program id ${progId})`;
    } else {
      const replaceNetlink = checkAttachable(opts.iface, { ...(opts.netns ? { netns: opts.netns } : {}), ...(opts.replace ? { replace: true } : {}) });
      const note = replaceNetlink?.();
      const link = obj.attachXdp(PROGRAM, opts.iface, { mode: opts.mode, ...(opts.netns ? { netns: `/run/netns/${opts.netns}` } : {}) });
      const li = link.info();
      link.pin(linkPin);
      link.close(); // the pin holds it now
      linkId = li.linkId;
      mode = li.mode;
      said = `${note ? note + '\n' : ''}xsift: pinned ${file} on ${where} (XDP ${mode} mode, link id ${linkId}, program id ${progId}) at ${linkPin}`;
    }
    obj.pinMap(STATS_MAP, statsPin);
    const meta: PinMeta = {
      iface: opts.iface,
      netns: opts.netns ?? null,
      mode,
      object: path.resolve(file),
      progId,
      linkId,
      pinnedAt: new Date().toISOString(),
      ...(objMeta.expression !== undefined ? { expression: objMeta.expression } : {}),
      ...(action ? { action } : {}),
    };
    fs.mkdirSync(path.dirname(metaFile(opts.iface, opts.netns)), { recursive: true });
    fs.writeFileSync(metaFile(opts.iface, opts.netns), JSON.stringify(meta, null, 2) + '\n');
    return said;
  } finally {
    obj.close();
  }
}

function readPinMeta(iface: string, netns?: string | null): PinMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(metaFile(iface, netns), 'utf8')) as PinMeta;
  } catch {
    return undefined;
  }
}

/** Detach and remove a pinned filter; returns a line saying so. */
export function unloadPinned(iface: string, netns?: string): string {
  const dir = pinDir(iface, netns);
  const linkPin = path.join(dir, 'link');
  const where = `"${iface}"${netns ? ` in netns "${netns}"` : ''}`;
  if (!fs.existsSync(linkPin)) throw new SystemError(`unload ${where}: no xsift filter is pinned there (${linkPin}); "xsift status" lists them`, 'ENOENT');
  const info = native().pinnedLinkInfo(linkPin);
  native().detachPinnedLink(linkPin);
  fs.rmSync(linkPin, { force: true });
  fs.rmSync(path.join(dir, 'stats'), { force: true });
  fs.rmSync(metaFile(iface, netns), { force: true });
  for (const d of [dir, path.dirname(dir)]) {
    try {
      fs.rmdirSync(d);
    } catch {
      // not empty: other pins live there
    }
  }
  return `xsift: unloaded the filter on ${where} (link id ${info.linkId}, program id ${info.progId})`;
}

// ---------------------------------------------------------------------------------------------
// Status

export interface StatusEntry {
  iface: string;
  netns: string | null;
  mode: string;
  progId: number;
  linkId?: number;
  pinned: boolean;
  action?: string;
  expression?: string;
  counters?: { seen: bigint; matched: bigint; passed: bigint; dropped: bigint; reported: bigint; lost: bigint };
}

/** Every xsift program attached to an interface in the root namespace or a namespace under /run/netns. */
export function status(): StatusEntry[] {
  const addon = native();
  const spaces: (string | null)[] = [null];
  try {
    spaces.push(...fs.readdirSync('/run/netns').sort());
  } catch {
    // no named namespaces
  }
  const links = addon.xdpLinks();
  const out: StatusEntry[] = [];
  for (const ns of spaces) {
    const nsOpt = ns ? { netns: `/run/netns/${ns}` } : {};
    let ifaces: { name: string; ifindex: number }[];
    try {
      ifaces = addon.listInterfaces(nsOpt);
    } catch {
      continue; // a namespace we cannot enter
    }
    for (const i of ifaces) {
      const q = addon.xdpQuery(i.name, nsOpt);
      for (const [progId, mode] of [[q.drvProgId, 'native'], [q.skbProgId, 'skb'], [q.hwProgId, 'hw']] as const) {
        if (!progId) continue;
        let name: string;
        try {
          name = addon.progInfo(progId).name;
        } catch {
          continue;
        }
        if (name !== PROGRAM) continue;
        const link = links.find((l) => l.progId === progId && l.ifindex === i.ifindex);
        const meta = readPinMeta(i.name, ns);
        const pinned = !!meta && meta.progId === progId && fs.existsSync(path.join(pinDir(i.name, ns), 'link'));
        const e: StatusEntry = { iface: i.name, netns: ns, mode, progId, pinned, ...(link ? { linkId: link.linkId } : {}) };
        if (pinned) {
          if (meta.action) e.action = meta.action;
          if (meta.expression !== undefined) e.expression = meta.expression;
          try {
            const s = addon.pinnedPercpuU64(path.join(pinDir(i.name, ns), 'stats'));
            e.counters = countersFromWords(s, meta.action ?? 'capture');
          } catch {
            // counters unpinned by hand
          }
        }
        out.push(e);
      }
    }
  }
  return out;
}

export function statusLines(entries: StatusEntry[]): string {
  if (entries.length === 0) return 'no xsift program is attached\n';
  return entries.map((e) => {
    const where = `${e.iface}${e.netns ? ` (netns ${e.netns})` : ''}`;
    const how = e.pinned ? `pinned, link ${e.linkId}` : e.linkId !== undefined ? `bpf_link ${e.linkId} held by a process` : 'attached through netlink';
    const parts = [`${where}: program ${e.progId}, XDP ${e.mode} mode, ${how}`];
    if (e.action) parts.push(`action ${e.action}`);
    if (e.expression !== undefined) parts.push(`filter "${e.expression}"`);
    if (e.counters) {
      const c = e.counters;
      parts.push(`${c.seen} seen, ${c.matched} matched, ${c.passed} passed, ${c.dropped} dropped`);
    }
    return parts.join('; ');
  }).join('\n') + '\n';
}

export const ACTION_NAMES = Object.keys(ACTIONS);
