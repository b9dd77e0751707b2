/**
 * The baseline: the approach of the peers (xdpcap, elibpcap, ptcpdump,
 * pwru). libpcap compiles the expression to optimised classic BPF (through
 * `tcpdump -ddd`, i.e. pcap_compile with the optimizer on, for Ethernet), and
 * each classic instruction becomes one C statement of an XDP program, with
 * classic BPF's registers (A, X, M[0..15]) as C variables and its jumps as
 * gotos. Benchmark code, not product code.
 *
 * Semantics follow libpcap's bpf_filter.c: loads are big-endian and a load
 * beyond the frame ends the filter with "no match" (libpcap's abort); a
 * division or modulo by zero does too; shifts by 32 or more give 0; `ret k`
 * matches when k != 0, `ret a` when A != 0. Loads use the same primitive as
 * xsift's template (direct packet access in the first buffer, bpf_xdp_load_bytes
 * beyond it), so that the comparison is between the two compilers, not
 * between two load strategies.
 *
 * Backward jumps (libpcap emits them only for `protochain`, whose walk is a
 * loop; bpf_filter sign-extends the `ja` offset) become backward gotos with a
 * bounded trip count: a walk longer than CB_MAX_LOOPS headers aborts. The
 * verifier needs the bound; on the benchmark's frames no walk comes near it.
 */
import { spawnSync } from 'node:child_process';

export interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

/** libpcap's optimised classic BPF for `expr` on Ethernet (tcpdump -ddd on a capture file of that link type). */
export function libpcapProgram(expr: string, pcapFile: string): Insn[] {
  const r = spawnSync('tcpdump', ['-ddd', '-r', pcapFile, expr], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tcpdump -ddd ${JSON.stringify(expr)}: exit ${r.status}: ${r.stderr.trim()}`);
  const lines = r.stdout.trim().split('\n');
  const n = Number(lines[0]);
  const insns = lines.slice(1).map((l) => {
    const [code, jt, jf, k] = l.trim().split(/\s+/).map(Number);
    return { code: code!, jt: jt!, jf: jf!, k: k! >>> 0 };
  });
  if (insns.length !== n) throw new Error(`tcpdump -ddd ${JSON.stringify(expr)}: ${insns.length} instructions, header says ${n}`);
  return insns;
}

// Classic BPF opcode fields (linux/filter.h, pcap/bpf.h).
const CLS = (c: number) => c & 0x07;
const SIZE = (c: number) => c & 0x18;
const MODE = (c: number) => c & 0xe0;
const OP = (c: number) => c & 0xf0;
const SRC = (c: number) => c & 0x08;
const RVAL = (c: number) => c & 0x18;
const MISCOP = (c: number) => c & 0xf8;
const [LD, LDX, ST, STX, ALU, JMP, RET, MISC] = [0, 1, 2, 3, 4, 5, 6, 7];
const [W, H, B] = [0x00, 0x08, 0x10];
const [IMM, ABS, IND, MEM, LEN, MSH] = [0x00, 0x20, 0x40, 0x60, 0x80, 0xa0];
const [ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR] = [0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0];
const [JA, JEQ, JGT, JGE, JSET] = [0x00, 0x10, 0x20, 0x30, 0x40];
const K = 0x00;
const [RK, RA] = [0x00, 0x10];
const [TAX, TXA] = [0x00, 0x80];

const LOAD = { [W]: 'CB_LD32', [H]: 'CB_LD16', [B]: 'CB_LD8' } as Record<number, string>;

const hex = (k: number) => `0x${(k >>> 0).toString(16)}`;

/** Maximum number of backward jumps taken in one run (protochain's walk). */
export const CB_MAX_LOOPS = 16;

/** The body of `static int cb_filter(struct xdp_md *ctx)`: one statement per classic instruction. */
export function translate(prog: Insn[]): string {
  const targets = new Set<number>();
  let backward = false;
  const jumpTo = (from: number, off: number): number => {
    const to = (from + 1 + (off | 0)) | 0;
    if (to < 0 || to >= prog.length) throw new Error(`cbpf: jump from ${from} to ${to} outside the program`);
    if (to <= from) backward = true;
    targets.add(to);
    return to;
  };
  const go = (from: number, to: number) => (to <= from ? `{ if (++cb_loops > CB_MAX_LOOPS) return 0; goto L${to}; }` : `goto L${to};`);
  const lines: string[] = [];
  const usedM = new Set<number>();
  prog.forEach((ins, pc) => {
    const { code, k } = ins;
    let s: string;
    const src = SRC(code) === K ? hex(k) : 'X';
    switch (CLS(code)) {
      case LD:
        switch (MODE(code)) {
          case IMM: s = `A = ${hex(k)};`; break;
          case ABS: s = `A = ${LOAD[SIZE(code)]}(${k});`; break;
          case IND: s = `A = ${LOAD[SIZE(code)]}((__u64)X + ${k});`; break;
          case MEM: usedM.add(k); s = `A = M${k};`; break;
          case LEN: s = 'A = CB_WIRE_LEN;'; break;
          default: throw new Error(`cbpf: unsupported ld ${hex(code)} at ${pc}`);
        }
        break;
      case LDX:
        switch (MODE(code)) {
          case IMM: s = `X = ${hex(k)};`; break;
          case MEM: usedM.add(k); s = `X = M${k};`; break;
          case LEN: s = 'X = CB_WIRE_LEN;'; break;
          case MSH: s = `X = (CB_LD8(${k}) & 0xf) << 2;`; break;
          default: throw new Error(`cbpf: unsupported ldx ${hex(code)} at ${pc}`);
        }
        break;
      case ST: usedM.add(k); s = `M${k} = A;`; break;
      case STX: usedM.add(k); s = `M${k} = X;`; break;
      case ALU: {
        const op = OP(code);
        const shift = (dir: string) => (SRC(code) === K ? (k < 32 ? `A ${dir}= ${k};` : 'A = 0;') : `A = X < 32 ? A ${dir} X : 0;`);
        switch (op) {
          case ADD: s = `A += ${src};`; break;
          case SUB: s = `A -= ${src};`; break;
          case MUL: s = `A *= ${src};`; break;
          case DIV: s = SRC(code) === K ? (k === 0 ? 'return 0;' : `A /= ${hex(k)};`) : 'if (X == 0) return 0; A /= X;'; break;
          case MOD: s = SRC(code) === K ? (k === 0 ? 'return 0;' : `A %= ${hex(k)};`) : 'if (X == 0) return 0; A %= X;'; break;
          case OR: s = `A |= ${src};`; break;
          case AND: s = `A &= ${src};`; break;
          case XOR: s = `A ^= ${src};`; break;
          case LSH: s = shift('<<'); break;
          case RSH: s = shift('>>'); break;
          case NEG: s = 'A = -A;'; break;
          default: throw new Error(`cbpf: unsupported alu ${hex(code)} at ${pc}`);
        }
        break;
      }
      case JMP: {
        if (OP(code) === JA) {
          s = go(pc, jumpTo(pc, k));
          break;
        }
        const t = jumpTo(pc, ins.jt);
        const f = jumpTo(pc, ins.jf);
        const cond = { [JEQ]: `A == ${src}`, [JGT]: `A > ${src}`, [JGE]: `A >= ${src}`, [JSET]: `A & ${src}` }[OP(code)];
        if (cond === undefined) throw new Error(`cbpf: unsupported jmp ${hex(code)} at ${pc}`);
        s = t === f ? go(pc, t) : `if (${cond}) ${go(pc, t)} ${go(pc, f)}`;
        break;
      }
      case RET:
        if (RVAL(code) === RK) s = `return ${k !== 0 ? 1 : 0};`;
        else if (RVAL(code) === RA) s = 'return A != 0;';
        else throw new Error(`cbpf: unsupported ret ${hex(code)} at ${pc}`);
        break;
      case MISC:
        if (MISCOP(code) === TAX) s = 'X = A;';
        else if (MISCOP(code) === TXA) s = 'A = X;';
        else throw new Error(`cbpf: unsupported misc ${hex(code)} at ${pc}`);
        break;
      default:
        throw new Error(`cbpf: unknown class ${hex(code)} at ${pc}`);
    }
    lines.push(s);
  });
  const out: string[] = [];
  out.push('\t__u32 A = 0, X = 0;');
  if (usedM.size) out.push(`\t__u32 ${[...usedM].sort((a, b) => a - b).map((m) => `M${m} = 0`).join(', ')};`);
  if (backward) out.push('\tunsigned int cb_loops = 0;');
  out.push('\t(void)A;\n\t(void)X;');
  lines.forEach((s, pc) => {
    out.push(`${targets.has(pc) ? `L${pc}:` : ''}\t${s}`);
  });
  return out.join('\n');
}

/** The translated filter: its load macros and `static int cb_filter(struct xdp_md *ctx)` (1: match). */
export function baselineFilter(prog: Insn[]): string {
  return `#define CB_MAX_LOOPS ${CB_MAX_LOOPS}
/* The wire length is read only where a load misses the first buffer or the filter asks for "len". */
#define CB_WIRE_LEN bpf_xdp_get_buff_len(ctx)

/* Bounds-checked big-endian load; beyond the frame the filter returns 0 (libpcap's abort). The
 * offset is 64 bits wide: X + k never wraps, as in bpf_filter.c. */
#define CB_LOAD(type, conv, off)                                               \\
	({                                                                     \\
		__u64 o_ = (off);                                              \\
		__u64 d_ = o_;                                                 \\
		type v_;                                                       \\
		if (!__builtin_constant_p(off))                                \\
			asm volatile("%0 &= 0x7fff" : "+r"(d_));               \\
		if (__builtin_expect(o_ <= 0x7fff && data + d_ + sizeof(type) <= data_end, 1)) { \\
			v_ = *(type *)(data + d_);                             \\
		} else if (o_ + sizeof(type) > CB_WIRE_LEN ||                  \\
			   bpf_xdp_load_bytes(ctx, (__u32)o_, &v_, sizeof(type)) < 0) { \\
			return 0;                                              \\
		}                                                              \\
		(__u32)conv(v_);                                               \\
	})
#define CB_LD8(off) CB_LOAD(__u8, (__u32), off)
#define CB_LD16(off) CB_LOAD(__u16, bpf_ntohs, off)
#define CB_LD32(off) CB_LOAD(__u32, bpf_ntohl, off)

static __always_inline int cb_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	(void)data;
	(void)data_end;
${translate(prog)}
}

`;
}

/** A standalone XDP program around the translated filter: XDP_PASS when it matches, XDP_DROP when not. */
export function baselineC(expr: string, prog: Insn[]): string {
  return `/* baseline: libpcap's optimised classic BPF for: ${expr.replace(/\*\//g, '* /')}
 * translated instruction by instruction (bench/cbpf.ts) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

${baselineFilter(prog)}SEC("xdp")
int cbpf_xdp(struct xdp_md *ctx)
{
	return cb_filter(ctx) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
`;
}
