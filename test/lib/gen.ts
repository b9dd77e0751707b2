/**
 * Random expressions from the grammar's vocabulary, for property tests.
 * Deterministic: a seeded xorshift generator.
 */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const PROTOS = ['ip', 'ip6', 'arp', 'tcp', 'udp', 'icmp', 'icmp6'] as const;

/** A random expression over the protocol keywords with and/or/not and parentheses. */
export function randomExpression(rng: Rng, depth = 3): string {
  const r = rng.next();
  if (depth <= 0 || r < 0.3) return rng.pick(PROTOS);
  if (r < 0.45) return `${rng.pick(['not ', '!', 'not '])}${randomExpression(rng, depth - 1)}`;
  if (r < 0.55) return `(${randomExpression(rng, depth - 1)})`;
  const op = rng.pick(['and', 'or', '&&', '||']);
  return `${randomExpression(rng, depth - 1)} ${op} ${randomExpression(rng, depth - 1)}`;
}
