/**
 * The benchmark's outputs: a Markdown report, the JSON of every number, and
 * an SVG plot of §1 (per-expression overhead above the floor, xsift vs the
 * baseline), written by hand.
 */
import type { CaptureResult } from './capture.js';
import type { CompileResult } from './compile.js';
import type { ExprResult } from './perpacket.js';
import { short } from './perpacket.js';
import { median, round } from './stats.js';
import { AMPLIFY } from './programs.js';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  kernel: string;
  node: string;
  clang: string;
  libpcap: string;
  tcpdump: string;
}

export interface Settings {
  quick: boolean;
  repeat: number;
  rounds: number;
  timingFrames: string[];
  verdictFrames: number;
}

export interface Target {
  id: string;
  what: string;
  goal: string;
  measured: string;
  met: boolean | null;
  by: string;
}

export interface Results {
  machine: Machine;
  settings: Settings;
  perPacket?: ExprResult[];
  compile?: CompileResult;
  capture?: CaptureResult;
  targets: Target[];
  seconds: number;
}

const f2 = (x: number | null) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : '—');

export function evaluateTargets(r: Omit<Results, 'targets' | 'seconds'>): Target[] {
  const t: Target[] = [];
  const pp = r.perPacket;
  if (pp && pp.length) {
    const variants = [
      ['harness', 'xsift as shipped vs the baseline in the same harness (counters, verdict)'],
      ['bare', 'xsift filter only vs the baseline (bare entry points)'],
      ['xsift', 'xsift as shipped vs the bare baseline'],
    ] as const;
    for (const [variant, label] of variants) {
      const ratios = pp.map((e) => e.ratio[variant]);
      const m = median(ratios);
      t.push({ id: `1-median-${variant}`, what: `overhead ratio, median over the suite — ${label}`, goal: '≤ 0.70', measured: f2(m), met: m <= 0.7, by: m <= 0.7 ? `${f2(0.7 - m)} under` : `${f2(m - 0.7)} over (${f2(m / 0.7)}× the target)` });
      const lists = pp.filter((e) => e.group === 'list');
      if (lists.length) {
        const ml = median(lists.map((e) => e.ratio[variant]));
        const worst = Math.max(...lists.map((e) => e.ratio[variant]));
        t.push({ id: `1-lists-${variant}`, what: `overhead ratio on the long host/net/port lists (median; worst) — ${label}`, goal: '≤ 0.50', measured: `${f2(ml)}; ${f2(worst)}`, met: ml <= 0.5 && worst <= 0.5, by: ml <= 0.5 ? `median ${f2(0.5 - ml)} under` : `median ${f2(ml - 0.5)} over (${f2(ml / 0.5)}× the target)` });
      }
      const slow = pp.map((e) => ({ e, d: e.slowerThanBaseline[variant] })).sort((a, b) => b.d - a.d);
      const worst = slow[0]!;
      const over = slow.filter((s) => s.d > 0.5).length;
      t.push({ id: `1-slower-${variant}`, what: `no expression more than 0.5 ns/packet slower than the baseline — ${label}`, goal: 'max ≤ 0.50 ns', measured: `max ${f2(worst.d)} ns (${short(worst.e.expr, 40)}); ${over} of ${pp.length} over`, met: worst.d <= 0.5, by: worst.d <= 0.5 ? 'met' : `${f2(worst.d - 0.5)} ns over on the worst` });
    }
    const bad = pp.filter((e) => Object.values(e.verdictMismatches).some((v) => v.length));
    t.push({ id: '1-verdicts', what: 'xsift and the baseline give libpcap\'s verdicts on every frame', goal: 'all', measured: bad.length ? `${bad.length} expression(s) differ` : 'all equal', met: bad.length === 0, by: bad.map((e) => short(e.expr, 40)).join('; ') || '—' });
  }
  const c = r.compile;
  if (c) {
    const overW = c.rows.filter((x) => x.warmMs > 20);
    const overC = c.rows.filter((x) => x.coldMs > 250);
    const worst = (rows: typeof c.rows, k: 'warmMs' | 'coldMs') => rows.length ? `; ${rows.length} expression(s) over, worst ${Math.max(...rows.map((x) => x[k]))} ms (${short(rows.reduce((a, b) => (b[k] > a[k] ? b : a)).expr, 30)})` : '; none over';
    t.push({ id: '2-warm', what: 'compile, warm (cache hit), median over the suite', goal: '≤ 20 ms', measured: `${c.warm.median} ms (max ${c.warm.max})`, met: c.warm.median <= 20, by: (c.warm.median <= 20 ? `median ${f2(20 - c.warm.median)} ms under` : `median ${f2(c.warm.median - 20)} ms over`) + worst(overW, 'warmMs') });
    t.push({ id: '2-cold', what: 'compile, cold (clang runs), median over the suite', goal: '≤ 250 ms', measured: `${c.cold.median} ms (max ${c.cold.max})`, met: c.cold.median <= 250, by: (c.cold.median <= 250 ? `median ${f2(250 - c.cold.median)} ms under` : `median ${f2(c.cold.median - 250)} ms over`) + worst(overC, 'coldMs') });
  }
  const cap = r.capture;
  if (cap && cap.runs.length) {
    const unc = cap.runs.filter((x) => x.uncounted !== 0);
    t.push({ id: '3-uncounted', what: 'zero uncounted loss, every run', goal: '0', measured: unc.length ? unc.map((x) => `${x.tool} ${x.output} ${x.size} B: ${x.uncounted}`).join('; ') : '0 in every run', met: unc.length === 0, by: unc.length ? 'missed' : 'met' });
    const w = cap.runs.filter((x) => x.tool === 'xsift' && x.output === 'file');
    const short_ = w.filter((x) => x.captured !== x.sent);
    t.push({ id: '3-all-written', what: 'xsift -w at the sender\'s maximum rate: captured = sent', goal: 'captured = sent', measured: w.map((x) => `${x.size} B: ${x.captured}/${x.sent}`).join('; '), met: short_.length === 0, by: short_.length ? short_.map((x) => `${x.size} B: ${x.sent - x.captured} short`).join('; ') : 'met' });
    for (const output of ['file', 'text'] as const) {
      const goal = output === 'file' ? 1 : 2;
      const rs = cap.ratios.filter((x) => x.output === output);
      if (!rs.length) continue;
      const worst = Math.max(...rs.map((x) => x.cpuRatio));
      t.push({ id: `3-cpu-${output}`, what: `CPU per million frames, xsift / tcpdump, ${output === 'file' ? '-w FILE' : 'text to /dev/null'} (consumer process; above idle in brackets)`, goal: `≤ ${goal.toFixed(1)}`, measured: rs.map((x) => `${x.size} B: ${f2(x.cpuRatio)} (${f2(x.cpuAboveIdleRatio)})`).join('; '), met: worst <= goal, by: worst <= goal ? 'met' : `${f2(worst / goal)}× the target on the worst` });
    }
  }
  return t;
}

function table(head: string[], rows: (string | number)[][], align?: string[]): string {
  const a = align ?? head.map((_, i) => (i === 0 ? ':--' : '--:'));
  return [`| ${head.join(' | ')} |`, `| ${a.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const code = (s: string) => `\`${s.replace(/\|/g, '\\|')}\``;

export function markdown(r: Results, svgName: string): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# xsift benchmark${r.settings.quick ? ' (--quick)' : ''}`);
  out.push('');
  out.push(`${m.date} · ${m.cpu}, ${m.cores} cores · kernel ${m.kernel} · Node ${m.node} · ${m.clang} · ${m.libpcap} · ${r.seconds.toFixed(0)} s`);
  out.push('');
  out.push('## Targets (issue 7)');
  out.push('');
  out.push(table(['target', 'goal', 'measured', 'met', 'by how much'], r.targets.map((t) => [t.what, t.goal, t.measured, t.met === null ? '—' : t.met ? 'yes' : '**no**', t.by]), [':--', ':--', ':--', ':-:', ':--']));
  if (r.perPacket?.length) {
    const pp = r.perPacket;
    out.push('');
    out.push('## 1. Per-packet cost (BPF_PROG_TEST_RUN)');
    out.push('');
    out.push(`${r.settings.rounds} interleaved rounds × ${r.settings.timingFrames.length} frames × repeat ${r.settings.repeat}; a round's value is the mean ns/packet over the frames; medians over rounds, overheads paired with the same round's floor (quartiles in brackets). ` +
      `**floor**: \`return XDP_PASS\` (bench/floor.c). **xsift**: the shipped program, action allow, reports off (counters, verdict). **bare**: xsift's generated filter alone (the template's entry point cut down to the verdict). **cbpf**: the baseline, libpcap's optimised classic BPF translated instruction by instruction (bench/cbpf.ts). **cbpf+h**: the baseline's filter in xsift's shipped program (same entry point, counters and verdict). ` +
      `Ratios: xsift/cbpf+h (as shipped, same harness), bare/cbpf (filters alone), xsift/cbpf (as shipped against the bare baseline). Δ = paired median of (program − its baseline) ns. Insns: verifier-processed instructions (xsift / bare / cbpf / cbpf+h) and the classic program's length. Verdicts of all four were checked against libpcap on ${r.settings.verdictFrames} frames. ` +
      `The kernel reports whole nanoseconds per run, so each test run times an amplified program (bench/programs.ts amplify(): ${AMPLIFY} runs of it in a loop per test run, compiler barriers around each run) and its cost above the floor amplified alike is divided back` +
      (pp.some((e) => Object.values(e.runsPerTestRun).some((n) => n < AMPLIFY))
        ? ` (fewer runs where the verifier refused ${AMPLIFY}: ${pp.flatMap((e) => Object.entries(e.runsPerTestRun).filter(([, n]) => n < AMPLIFY).map(([k, n]) => `${k} of ${code(short(e.expr, 30))} ×${n}`)).join(', ')}).`
        : '.'));
    out.push('');
    out.push(`![overhead per expression](${svgName})`);
    out.push('');
    out.push(table(
      ['expression', 'group', 'floor ns', 'xsift over', 'cbpf+h over', 'bare over', 'cbpf over', 'ratio xsift / cbpf+h', 'ratio bare / cbpf', 'ratio xsift / cbpf', 'Δ xsift − cbpf+h', 'Δ bare − cbpf', 'verified insns x / b / c / c+h', 'classic insns', 'verdicts'],
      pp.map((e) => {
        const o = (k: keyof ExprResult['overhead']) => `${f2(e.overhead[k].median)} [${f2(e.overhead[k].p25)}, ${f2(e.overhead[k].p75)}]`;
        return [
          code(short(e.expr, 70)), e.group, f2(e.ns.floor), o('xsift'), o('cbpfShipped'), o('bare'), o('cbpf'),
          f2(e.ratio.harness), f2(e.ratio.bare), f2(e.ratio.xsift), f2(e.slowerThanBaseline.harness), f2(e.slowerThanBaseline.bare),
          `${e.insns.xsift.verified} / ${e.insns.bare.verified} / ${e.insns.cbpf.verified} / ${e.insns.cbpfShipped.verified}`, e.insns.cbpfClassic,
          Object.entries(e.verdictMismatches).filter(([, v]) => v.length).map(([k, v]) => `${k} ≠ libpcap on ${v.length}`).join(', ') || '= libpcap',
        ];
      }),
      [':--', ':--', ...Array(13).fill('--:')],
    ));
    out.push('');
    out.push(`Median over the suite: ratio xsift / cbpf+h ${f2(median(pp.map((e) => e.ratio.harness)))}, bare / cbpf ${f2(median(pp.map((e) => e.ratio.bare)))}, xsift / cbpf ${f2(median(pp.map((e) => e.ratio.xsift)))}; overhead xsift ${f2(median(pp.map((e) => e.overhead.xsift.median)))} ns, cbpf+h ${f2(median(pp.map((e) => e.overhead.cbpfShipped.median)))} ns, bare ${f2(median(pp.map((e) => e.overhead.bare.median)))} ns, cbpf ${f2(median(pp.map((e) => e.overhead.cbpf.median)))} ns; floor ${f2(median(pp.map((e) => e.ns.floor)))} ns.`);
    const full = pp.filter((e) => e.expr.length > 70);
    if (full.length) {
      out.push('');
      out.push('Expressions shortened above, in full:');
      out.push('');
      for (const e of full) out.push(`- ${code(e.expr)}`);
    }
  }
  if (r.compile) {
    const c = r.compile;
    out.push('');
    out.push('## 2. Compile latency (expression → loadable object)');
    out.push('');
    out.push(`In process (runtime/build.ts buildProgram). Cold: XSIFT_CACHE_DIR is a new empty directory, clang runs (median of ${c.coldReps}). Warm: a cache hit (median of ${c.warmReps}). tcpdump -d: the whole process, for reference (median of ${c.coldReps}).`);
    out.push('');
    out.push(table(['', 'median ms', 'max ms'], [['xsift cold', c.cold.median, c.cold.max], ['xsift warm', c.warm.median, c.warm.max], ['tcpdump -d', c.tcpdump.median, c.tcpdump.max]]));
    out.push('');
    out.push('<details><summary>per expression</summary>');
    out.push('');
    out.push(table(['expression', 'cold ms', 'warm ms', 'tcpdump -d ms', 'C bytes'], c.rows.map((x) => [code(short(x.expr, 70)), x.coldMs, x.warmMs, x.tcpdumpMs, x.cBytes])));
    out.push('');
    out.push('</details>');
  }
  if (r.capture) {
    const cap = r.capture;
    out.push('');
    out.push('## 3. Capture throughput and cost');
    out.push('');
    if (cap.skipped) {
      out.push(`Skipped: ${cap.skipped}.`);
    } else {
      out.push(`trafgen (one CPU) floods a veth between two namespaces with ${cap.frames} identical UDP frames per run at its maximum rate; one consumer at a time on the receiving end, filter ${code(cap.filter)}, defaults of each tool. CPU: the consumer process's user + system seconds over its whole life (start-up included), per million frames captured. Machine CPU: all CPUs' busy time during the run (sender and kernel included), per million frames sent.`);
      out.push('');
      out.push(table(
        ['tool', 'output', 'frame', 'sent', 'sender pps', 'at interface', 'captured', 'counted loss', 'uncounted', 'CPU s', 'CPU s / M', 'CPU above idle s / M', 'machine CPU s / M', 'note'],
        cap.runs.map((x) => [x.tool, x.output === 'file' ? '-w FILE' : 'text > /dev/null', `${x.size} B`, x.sent, x.senderPps, x.atInterface, x.captured, x.countedLoss, x.uncounted, f2(x.cpuSeconds), f2(x.cpuPerMillion), f2(x.cpuAboveIdlePerMillion), f2(x.machineCpuPerMillion), x.note || '']),
        [':--', ':--', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', ':--'],
      ));
      out.push('');
      out.push(cap.idle.length ? `Idle runs (start, listen 0.3 s, stop, no traffic), CPU s: ${cap.idle.map((x) => `${x.tool} ${x.output === 'file' ? '-w' : 'text'} ${f2(x.cpuSeconds)}`).join(', ')}.` : 'No idle runs (--quick): "above idle" is not measured.');
      out.push('');
      out.push(table(['frame', 'output', 'CPU ratio xsift / tcpdump', 'above idle', 'machine CPU ratio'], cap.ratios.map((x) => [`${x.size} B`, x.output === 'file' ? '-w FILE' : 'text > /dev/null', f2(x.cpuRatio), f2(x.cpuAboveIdleRatio), f2(x.machineCpuRatio)])));
    }
  }
  out.push('');
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Horizontal bars per expression: overhead above the floor (median, with the quartile range) for xsift, xsift's filter alone and the baseline. */
export function svg(r: Results): string {
  const pp = r.perPacket ?? [];
  const series = [
    { key: 'xsift' as const, label: 'xsift (as shipped: counters, wire length)', color: '#1f77b4' },
    { key: 'bare' as const, label: 'xsift filter only', color: '#9ecae1' },
    { key: 'cbpf' as const, label: 'baseline: libpcap cBPF translated to XDP', color: '#ff7f0e' },
    { key: 'cbpfShipped' as const, label: 'baseline in xsift\'s harness', color: '#fdae6b' },
  ];
  const left = 420;
  const width = 1100;
  const barH = 6;
  const rowH = series.length * barH + 8;
  const top = 70;
  const plotW = width - left - 30;
  const h = top + pp.length * rowH + 60;
  const maxV = Math.max(1, ...pp.flatMap((e) => series.map((s) => e.overhead[s.key].p75)));
  const niceMax = Math.ceil(maxV);
  const x = (v: number) => left + (Math.max(0, v) / niceMax) * plotW;
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="sans-serif" font-size="11">`);
  o.push(`<rect width="100%" height="100%" fill="white"/>`);
  o.push(`<text x="10" y="20" font-size="14" font-weight="bold">Per-packet overhead above the floor (ns/packet, median and quartiles over paired rounds)</text>`);
  o.push(`<text x="10" y="38">${esc(`${r.machine.cpu}, ${r.machine.cores} cores · kernel ${r.machine.kernel} · floor ≈ ${f2(median(pp.map((e) => e.ns.floor)))} ns · ${r.machine.date}${r.settings.quick ? ' · --quick' : ''}`)}</text>`);
  series.forEach((s, i) => {
    o.push(`<rect x="${10 + i * 270}" y="48" width="12" height="10" fill="${s.color}"/><text x="${26 + i * 270}" y="57">${esc(s.label)}</text>`);
  });
  const step = niceMax <= 5 ? 0.5 : niceMax <= 12 ? 1 : Math.ceil(niceMax / 10);
  for (let v = 0; v <= niceMax + 1e-9; v += step) {
    o.push(`<line x1="${x(v)}" y1="${top - 4}" x2="${x(v)}" y2="${top + pp.length * rowH}" stroke="#ddd"/>`);
    o.push(`<text x="${x(v)}" y="${top + pp.length * rowH + 14}" text-anchor="middle">${round(v, 1)}</text>`);
  }
  o.push(`<text x="${left + plotW / 2}" y="${top + pp.length * rowH + 32}" text-anchor="middle">ns per packet above the floor</text>`);
  pp.forEach((e, i) => {
    const y0 = top + i * rowH;
    o.push(`<text x="${left - 6}" y="${y0 + rowH / 2 + 3}" text-anchor="end">${esc(short(e.expr, 64))}</text>`);
    series.forEach((s, j) => {
      const v = e.overhead[s.key];
      const y = y0 + 2 + j * barH;
      o.push(`<rect x="${left}" y="${y}" width="${Math.max(0, x(v.median) - left).toFixed(1)}" height="${barH - 1}" fill="${s.color}"><title>${esc(`${e.expr}\n${s.label}: ${f2(v.median)} ns [${f2(v.p25)}, ${f2(v.p75)}]`)}</title></rect>`);
      o.push(`<line x1="${x(v.p25).toFixed(1)}" y1="${y + (barH - 1) / 2}" x2="${x(v.p75).toFixed(1)}" y2="${y + (barH - 1) / 2}" stroke="black" stroke-width="1"/>`);
    });
    if (i > 0) o.push(`<line x1="10" y1="${y0}" x2="${width - 20}" y2="${y0}" stroke="#f0f0f0"/>`);
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}
