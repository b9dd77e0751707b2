/**
 * Which names an expression needs resolved before it can be lowered: host
 * names (hosts(5), DNS), network names (networks(5)) and Ethernet host
 * names (ethers(5)). The runtime looks them up (runtime/resolve.ts) and
 * hands the answers to the compiler through the Resolver interface, so the
 * compiler itself stays free of I/O and tests can supply fixtures.
 */
import type { Expr } from '../ast.js';

export interface NamesNeeded {
  hosts: string[];
  networks: string[];
  ethers: string[];
  services: string[];
}

export function namesNeeded(e: Expr): NamesNeeded {
  const out: NamesNeeded = { hosts: [], networks: [], ethers: [], services: [] };
  const add = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'and':
      case 'or':
        walk(x.left);
        walk(x.right);
        return;
      case 'not':
        walk(x.operand);
        return;
      case 'qualified': {
        if (x.id.kind !== 'name') return;
        const { proto, addr } = x.q;
        if (addr === 'net') add(out.networks, x.id.text);
        else if (addr === undefined || addr === 'host') {
          if (proto === 'link') add(out.ethers, x.id.text);
          else if (proto !== 'decnet') add(out.hosts, x.id.text);
        } else if (addr === 'port') add(out.services, x.id.text);
        else if (addr === 'portrange') for (const part of x.id.text.split('-')) add(out.services, part);
        return;
      }
      default:
        return;
    }
  };
  walk(e);
  return out;
}
