/**
 * A lab of network namespaces joined by a veth pair, for the demo and the
 * tests. Safety rules: both veth ends live inside namespaces created here,
 * addresses come only from 198.18.0.0/15 and 2001:db8::/32, leftovers of
 * the same names are deleted before creating, and close() deletes
 * everything (deleting a namespace deletes its veth end and any XDP
 * program on it).
 */
import { execa, type ResultPromise } from 'execa';

export interface LabHost {
  netns: string;
  iface: string;
  ip4: string;
  ip6: string;
  mac: string;
}

export interface LabOptions {
  /** Prefix of the namespace names; the process id is appended to keep runs apart. */
  prefix: string;
  /** Third octet of 198.18.X.0/24 and the 2001:db8:X::/64 subnet (0-255). */
  subnet?: number;
  /** Add permanent neighbour entries so that IPv4/IPv6 work without ARP/ND. */
  staticNeighbours?: boolean;
}

async function ip(...args: string[]): Promise<void> {
  const r = await execa('ip', args, { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
}

/** Run a command inside a namespace; never throws for a non-zero exit. */
export function inNetns(netns: string, cmd: string, args: string[], opts: { timeout?: number } = {}): ResultPromise<{ reject: false; stdin: 'ignore'; all: true }> {
  return execa('ip', ['netns', 'exec', netns, cmd, ...args], { reject: false, stdin: 'ignore', all: true, ...(opts.timeout ? { timeout: opts.timeout } : {}) });
}

export class Lab {
  readonly a: LabHost;
  readonly b: LabHost;
  private constructor(a: LabHost, b: LabHost) {
    this.a = a;
    this.b = b;
  }

  /** Namespace names a lab with this prefix uses (for cleaning leftovers). */
  static names(prefix: string): [string, string] {
    return [`${prefix}-a`, `${prefix}-b`];
  }

  /** Delete namespaces of these names if they exist (leftovers of an earlier run). */
  static async clean(prefix: string): Promise<void> {
    const existing = (await execa('ip', ['netns', 'list'], { reject: false })).stdout;
    for (const ns of Lab.names(prefix)) {
      if (new RegExp(`^${ns}( |$)`, 'm').test(existing)) await ip('netns', 'delete', ns);
    }
  }

  static async create(opts: LabOptions): Promise<Lab> {
    const [nsA, nsB] = Lab.names(opts.prefix);
    const x = opts.subnet ?? 0;
    const net6 = x === 0 ? '2001:db8::' : `2001:db8:${x.toString(16)}::`;
    const a: LabHost = { netns: nsA, iface: 'xs0', ip4: `198.18.${x}.1`, ip6: `${net6}1`, mac: '02:00:5e:12:00:01' };
    const b: LabHost = { netns: nsB, iface: 'xs1', ip4: `198.18.${x}.2`, ip6: `${net6}2`, mac: '02:00:5e:12:00:02' };
    await Lab.clean(opts.prefix);
    const lab = new Lab(a, b);
    try {
      await ip('netns', 'add', nsA);
      await ip('netns', 'add', nsB);
      // Create the pair inside namespace A, then move one end: no end ever sits in the root namespace.
      await ip('-n', nsA, 'link', 'add', a.iface, 'address', a.mac, 'type', 'veth', 'peer', 'name', b.iface, 'address', b.mac, 'netns', nsB);
      for (const h of [a, b]) {
        await ip('-n', h.netns, 'link', 'set', 'lo', 'up');
        await ip('-n', h.netns, 'addr', 'add', `${h.ip4}/24`, 'dev', h.iface);
        await ip('-n', h.netns, 'addr', 'add', `${h.ip6}/64`, 'dev', h.iface, 'nodad');
        await ip('-n', h.netns, 'link', 'set', h.iface, 'up');
      }
      if (opts.staticNeighbours) {
        await ip('-n', nsA, 'neigh', 'replace', b.ip4, 'lladdr', b.mac, 'dev', a.iface, 'nud', 'permanent');
        await ip('-n', nsB, 'neigh', 'replace', a.ip4, 'lladdr', a.mac, 'dev', b.iface, 'nud', 'permanent');
      }
      return lab;
    } catch (e) {
      await lab.close();
      throw e;
    }
  }

  /** Delete both namespaces (and so the veth pair and any XDP program on it). */
  async close(): Promise<void> {
    for (const ns of [this.a.netns, this.b.netns]) {
      await execa('ip', ['netns', 'delete', ns], { reject: false });
    }
  }

  /** The XDP program id attached to a host's interface, from `ip link`, or 0 for none. */
  static async xdpProgId(h: LabHost): Promise<number> {
    const r = await execa('ip', ['-n', h.netns, '-d', 'link', 'show', 'dev', h.iface], { reject: false });
    if (r.exitCode !== 0) throw new Error(`ip -n ${h.netns} link show dev ${h.iface}: ${r.stderr.trim()}`);
    const m = r.stdout.match(/prog\/xdp id (\d+)/);
    return m ? Number(m[1]) : 0;
  }
}
