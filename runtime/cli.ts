/**
 * The xsift command line (commander). Subcommands: capture, test, compile,
 * load, status, unload, explain, demo. Exit codes: 0 success, 2 bad expression or usage, 1 any
 * other failure.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { ACTIONS, compileExpression, generateC, lint, printAst, printPred, renderDiagnostic, Source, type Action, type Diagnostic } from '../compiler/index.js';
import { buildObject, buildProgram, checkObjectSize, checkVerifierLimits, loadTemplate } from './build.js';
import { report, UsageError } from './errors.js';
import { compileResolved } from './resolve.js';
import { expandTcpdumpFlags, OutputPrinter, type PrintOptions } from './output.js';
import type { XdpMode } from './native.js';
import { runCapture, type CaptureOptions, type Io } from './capture.js';
import { embedMeta, loadPinned, readMeta, status, statusLines, unloadPinned } from './pin.js';
import { LINKTYPE_ETHERNET, readCapture, type CaptureRecord } from './pcap.js';
import { FrameJudge, summaryLine } from './testrun.js';
import { SystemError } from './build.js';
import { isNativeError } from './native.js';
import { costLines, EMPTY_PROGRAM, EMPTY_PROGRAM_C, explainSections, measureCost, representativeFrames, verifierReport, type CostFrame } from './explain.js';
import { PROGRAM } from './session.js';
import { Progress, withProgress } from './progress.js';
import { confirmDropSafety } from './safety.js';

export type { Io } from './capture.js';
export { counterLines } from './capture.js';

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

function parseIntOption(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new UsageError(`${name} takes a number, not "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, not ${n}`);
    return n;
  };
}

const actionOption = () =>
  new Option('--action <action>', 'capture: pass all, report matches; allow: pass only matches; deny: drop matches').choices(Object.keys(ACTIONS));
const modeOption = () => new Option('--mode <mode>', 'XDP attach mode').choices(['auto', 'native', 'skb']).default('auto');

/** Print lint warnings unless silenced by --silence CODE; each names its code: "warning[CODE]: ...". */
function printWarnings(io: Io, source: Source, warnings: Diagnostic[], silenced: string[]): void {
  for (const w of warnings) {
    if (!silenced.includes(w.code)) io.stderr(renderDiagnostic(source, w).replace(/^warning: /, `warning[${w.code}]: `) + '\n');
  }
}

/** `xsift test -r FILE`: decide every frame, print the matched ones, summarise on stderr. */
async function runTest(io: Io, source: Source, file: string, opts: { json: boolean; engine: 'auto' | 'kernel' | 'interpreter'; print?: PrintOptions }): Promise<number> {
  let records: CaptureRecord[];
  try {
    records = readCapture(file);
  } catch (e) {
    throw new SystemError(`test: ${(e as Error).message}`);
  }
  const other = records.find((r) => r.linktype !== LINKTYPE_ETHERNET);
  if (other) throw new SystemError(`test: "${file}": frame ${other.index} has link type ${other.linktype}; xsift filters Ethernet frames (link type ${LINKTYPE_ETHERNET}) only`);
  const compiled = await compileResolved(source);
  let judge: FrameJudge;
  const root = process.getuid?.() === 0;
  if (opts.engine === 'interpreter') {
    judge = FrameJudge.interpreterOnly(compiled);
  } else if (opts.engine === 'auto' && !root) {
    io.stderr('xsift: not root: every frame is decided by the interpreter (a kernel test run needs CAP_BPF and CAP_NET_ADMIN)\n');
    judge = FrameJudge.interpreterOnly(compiled);
  } else {
    const built = await withProgress(io, 'xsift: building the XDP program (clang)...', buildProgram(compiled.source.text, 'allow'));
    try {
      judge = FrameJudge.load(built.compiled, built.object);
    } catch (e) {
      if (opts.engine === 'auto' && isNativeError(e) && (e.code === 'EPERM' || e.code === 'EACCES')) {
        io.stderr(`xsift: ${e.message}: every frame is decided by the interpreter (a kernel test run needs CAP_BPF and CAP_NET_ADMIN)\n`);
        judge = FrameJudge.interpreterOnly(compiled);
      } else throw e;
    }
  }
  const printer = new OutputPrinter({ ...opts.print, json: false });
  const progress = new Progress(io);
  try {
    let out: string[] = [];
    for (const r of records) {
      if (records.length >= 10000 && r.index % 1000 === 0) progress.show(`xsift: ${r.index}/${records.length} frames`);
      const d = judge.decide(r);
      if (!d.matched) continue;
      if (opts.json) {
        const sec = r.tsNs / 1_000_000_000n;
        const frac = (r.tsNs % 1_000_000_000n).toString().padStart(9, '0');
        out.push(JSON.stringify({ index: r.index, ts: `${sec}.${frac}`, len: r.len, caplen: r.caplen, engine: d.engine }));
      } else {
        out.push(printer.format(r));
      }
      if (out.length >= 1024) {
        io.stdout(out.join('\n') + '\n');
        out = [];
      }
    }
    if (out.length) io.stdout(out.join('\n') + '\n');
  } finally {
    progress.done();
    judge.close();
  }
  io.stderr(`xsift: ${summaryLine(judge.summary)}\n`);
  const bugs = printer.printerErrorReport();
  if (bugs) io.stderr(bugs);
  return 0;
}

/**
 * Lint warnings for an object written by "xsift compile" (its expression is in the .xsift section):
 * printed, and returned (undefined when the expression is not known here).
 */
async function lintObject(io: Io, object: Buffer, action: Action | undefined, silenced: string[]): Promise<Diagnostic[] | undefined> {
  const meta = readMeta(object);
  if (meta?.expression === undefined) return undefined;
  let compiled;
  try {
    compiled = await compileResolved(meta.expression);
  } catch {
    return undefined; // compiled elsewhere (other names, another version): nothing to say about it here
  }
  const warnings = lint(compiled, action ?? (meta.action as Action) ?? 'capture');
  printWarnings(io, compiled.source, warnings, silenced);
  return warnings;
}

/** `xsift explain`: the stages as text; --verifier and --cost ask the kernel. */
async function runExplain(io: Io, source: Source, o: Record<string, unknown>): Promise<number> {
  const action = o.action as Action;
  const compiled = await compileResolved(source);
  printWarnings(io, compiled.source, lint(compiled, action), warnList(o.silence));
  io.stdout(explainSections(compiled, action).map((s) => `== ${s.title}\n${s.body}\n`).join('\n'));
  if (!o.verifier && !o.cost) return 0;
  const { object } = await withProgress(io, 'xsift: building the XDP program (clang)...', buildObject(generateC(compiled, loadTemplate(), action)));
  if (o.verifier) {
    const v = verifierReport(object, PROGRAM, action);
    const e = verifierReport((await buildObject(EMPTY_PROGRAM_C)).object, EMPTY_PROGRAM);
    io.stdout(
      `\n== verifier\nprocessed instructions: ${v.processedInsns}\ntranslated size: ${v.xlatedInsns} instructions (${v.xlatedInsns * 8} bytes)\n` +
        `JITed size: ${v.jitedBytes} bytes\n(empty program: ${e.processedInsns} processed, ${e.xlatedInsns} instructions, ${e.jitedBytes} bytes JITed)\n`,
    );
  }
  if (o.cost) {
    let frames: CostFrame[] = representativeFrames();
    let from = 'representative frames';
    if (o.read) {
      const file = o.read as string;
      let records: CaptureRecord[];
      try {
        records = readCapture(file);
      } catch (e) {
        throw new SystemError(`explain: ${(e as Error).message}`);
      }
      const usable = records.filter((r) => r.linktype === LINKTYPE_ETHERNET && r.caplen >= 14 && r.caplen <= 3000);
      if (usable.length === 0) throw new SystemError(`explain: "${file}" has no Ethernet frame of 14 to 3000 bytes to measure on`);
      // At most 64 frames, evenly spread over the file.
      const n = Math.min(64, usable.length);
      frames = Array.from({ length: n }, (_, k) => usable[Math.floor((k * usable.length) / n)]!).map((r) => ({ name: `#${r.index}`, data: r.data }));
      from = `${frames.length} of the ${records.length} frames of ${file}`;
    }
    const repeat = o.repeat as number;
    const costs = await measureCost(object, frames, repeat);
    io.stdout(`\n== cost (${from})\n${costLines(costs, repeat).join('\n')}\n`);
  }
  return 0;
}

function expressionOf(words: string[]): Source {
  return Source.fromArgs(words);
}

/** Build the commander program; actions store their exit code in `result`. */
function program(io: Io, result: { code: number }): Command {
  const cmd = new Command('xsift')
    .description("tcpdump's filter language compiled to XDP: capture, allow or deny at the XDP hook")
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);

  cmd
    .command('capture')
    .description('attach EXPRESSION to interfaces and print (or write) the frames it matches')
    .option('-i, --interface <name>', 'interface to attach to (repeatable; with several, each line names its interface and direction as tcpdump -i any does)', collect, [])
    .option('--netns <name>', 'network namespace (under /run/netns) of the interfaces')
    .addOption(actionOption().default('capture'))
    .addOption(modeOption())
    .option('--silence <code>', 'silence a lint warning by its code (repeatable), e.g. allow-drops-arp', collect, [])
    .argument('[expression...]', 'pcap-filter expression (empty: every frame)')
    .action(async (words: string[], o) => {
      const source = expressionOf(words);
      const action = o.action as Action;
      const built = await withProgress(io, 'xsift: building the XDP program (clang)...', buildProgram(source.text, action));
      const warnings = lint(built.compiled, action);
      printWarnings(io, built.compiled.source, warnings, warnList(o.silence));
      const copts = captureOptions(o, built.compiled.canonical);
      await confirmDropSafety({ interfaces: copts.interfaces, ...(copts.netns ? { netns: copts.netns } : {}), action, warnings, yes: !!o.yes, stderr: io.stderr });
      result.code = await runCapture(io, built.object, copts, `action ${action}, filter "${built.compiled.canonical}"`);
    });
  addCaptureOptions(cmd.commands.at(-1)!);

  cmd
    .command('test')
    .description('run EXPRESSION on every frame of a capture file (pcap or pcapng) and print the frames it matches')
    .requiredOption('-r, --read <file>', 'capture file to read (pcap or pcapng)')
    .option('--json', 'one JSON object per matched frame: index (1-based), ts, len, caplen, engine')
    .option('-n', 'do not resolve addresses (always the case; accepted for tcpdump compatibility)')
    .option('-e', 'print the link-level header')
    .addOption(new Option('--engine <engine>', 'who decides: the kernel (BPF_PROG_TEST_RUN) where it can, else the interpreter').choices(['auto', 'kernel', 'interpreter']).default('auto'))
    .argument('[expression...]', 'pcap-filter expression (empty: every frame)')
    .action(async (words: string[], o) => {
      result.code = await runTest(io, expressionOf(words), o.read as string, { json: !!o.json, engine: o.engine as 'auto' | 'kernel' | 'interpreter', print: printOptions(o) });
    });
  addOutputOptions(cmd.commands.at(-1)!);

  cmd
    .command('compile')
    .description('compile EXPRESSION to an XDP object that any loader can attach (ip link, bpftool)')
    .option('-o, --output <file.o>', 'write the BPF object here')
    .option('--emit-c <file.c>', 'write the generated C here ("-" for stdout); without -o, clang is not run')
    .addOption(actionOption().default('capture'))
    .option('--silence <code>', 'silence a lint warning by its code (repeatable), e.g. allow-drops-arp', collect, [])
    .argument('[expression...]', 'pcap-filter expression (empty: every frame)')
    .action(async (words: string[], o) => {
      if (!o.output && !o.emitC) throw new UsageError('compile needs -o FILE.o and/or --emit-c FILE.c');
      const compiled = await compileResolved(expressionOf(words));
      const action = o.action as Action;
      printWarnings(io, compiled.source, lint(compiled, action), warnList(o.silence));
      const c = generateC(compiled, loadTemplate(), action);
      if (o.emitC === '-') io.stdout(c);
      else if (o.emitC) writeFileSync(o.emitC, c);
      if (o.output) {
        checkVerifierLimits(compiled);
        const { object: bare } = await withProgress(io, 'xsift: building the XDP program (clang)...', buildObject(c));
        checkObjectSize(compiled, bare);
        const object = await embedMeta(bare, { expression: compiled.canonical, action });
        writeFileSync(o.output, object);
        io.stderr(`xsift: wrote ${o.output} (${object.length} bytes, section "xdp", program "xsift_xdp")\n`);
      }
      result.code = 0;
    });

  cmd
    .command('load')
    .description('attach a compiled object to interfaces and print (or write) what it reports')
    .argument('<file.o>', 'object written by "xsift compile"')
    .option('-i, --interface <name>', 'interface to attach to (repeatable; with several, each line names its interface and direction as tcpdump -i any does)', collect, [])
    .option('--netns <name>', 'network namespace (under /run/netns) of the interfaces')
    .addOption(actionOption())
    .addOption(modeOption())
    .option('--pin', 'pin the link and its counters under /sys/fs/bpf/xsift so the filter outlives xsift (see status, unload)')
    .option('--silence <code>', 'silence a lint warning by its code (repeatable), e.g. allow-drops-arp', collect, [])
    .action(async (file: string, o) => {
      const object = readFileSync(file);
      const warnings = await lintObject(io, object, o.action as Action | undefined, warnList(o.silence));
      const attachAction = (o.action as Action | undefined) ?? (readMeta(object)?.action as Action | undefined);
      const safety = { interfaces: o.interface as string[], ...(o.netns ? { netns: o.netns as string } : {}), action: attachAction, warnings, yes: !!o.yes, stderr: io.stderr };
      if (o.pin) {
        if (o.interface.length !== 1) throw new UsageError('--pin takes exactly one -i interface');
        await confirmDropSafety(safety);
        io.stderr((await loadPinned(file, object, { iface: o.interface[0], mode: o.mode as XdpMode, ...(o.netns ? { netns: o.netns } : {}), ...(o.action ? { action: o.action } : {}), ...(o.replace ? { replace: true } : {}) })) + '\n');
        result.code = 0;
        return;
      }
      const action = (o.action as string | undefined) ?? readMeta(object)?.action ?? 'as compiled';
      const copts = captureOptions(o);
      await confirmDropSafety(safety);
      result.code = await runCapture(io, object, copts, `action ${action}, object ${file}`);
    });
  addCaptureOptions(cmd.commands.at(-1)!);

  cmd
    .command('status')
    .description('every xsift program attached, in every network namespace under /run/netns and the root one')
    .option('--json', 'one JSON object per program')
    .action(async (o) => {
      const entries = status();
      if (o.json) io.stdout(entries.map((e) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).join('\n') + (entries.length ? '\n' : ''));
      else io.stdout(statusLines(entries));
      result.code = 0;
    });

  cmd
    .command('unload')
    .description('detach a filter pinned by "xsift load --pin"')
    .requiredOption('-i, --interface <name>', 'interface')
    .option('--netns <name>', 'network namespace (under /run/netns) of the interface')
    .action(async (o) => {
      io.stderr(unloadPinned(o.interface as string, o.netns as string | undefined) + '\n');
      result.code = 0;
    });

  cmd
    .command('explain')
    .description('show the AST (inherited qualifiers explicit), the IR, the optimized test graph and the generated C of EXPRESSION (also: xsift -d EXPRESSION)')
    .addOption(actionOption().default('capture'))
    .option('--verifier', 'load the program (root) and report the verifier\'s processed instructions and the program\'s sizes')
    .option('--cost', 'measure ns/packet with BPF_PROG_TEST_RUN (root), beside an empty XDP program')
    .option('-r, --read <file>', 'with --cost: measure on frames of this capture file instead of built-in representative frames')
    .option('--repeat <n>', 'with --cost: runs per frame', parseIntOption('--repeat', 1, 100_000_000), 100_000)
    .option('--silence <code>', 'silence a lint warning by its code (repeatable)', collect, [])
    .argument('[expression...]', 'pcap-filter expression')
    .action(async (words: string[], o) => {
      result.code = await runExplain(io, expressionOf(words), o);
    });

  cmd
    .command('demo')
    .description('a self-contained lab in network namespaces: icmp or icmp6 in allow mode, pings and a dropped TCP connection')
    .action(async () => {
      // Imported when run: the demo's lab runs processes through execa (~130 modules at start-up).
      const { runDemo } = await import('./demo.js');
      result.code = await runDemo(io);
    });

  return cmd;
}

/** tcpdump's output options (-t… -e -# -x… -X… -A… -v… -q, after expandTcpdumpFlags) for capture, load and test. */
function addOutputOptions(c: Command): Command {
  const level = (name: string, max: number) => parseIntOption(name, 1, max);
  return c
    .addOption(new Option('--ts-mode <n>', 'timestamps: -t none, -tt epoch, -ttt delta, -tttt date, -ttttt since the first').argParser(level('-t', 5)))
    .addOption(new Option('--hex <n>', '-x: hex of each frame from the network header (-xx: from the link header)').argParser(level('-x', 2)))
    .addOption(new Option('--hex-ascii <n>', '-X: hex and ASCII (-XX: from the link header)').argParser(level('-X', 2)))
    .addOption(new Option('--ascii <n>', '-A: ASCII (-AA: from the link header)').argParser(level('-A', 2)))
    .option('--number', '-#: number the frames')
    .addOption(new Option('--verbose <n>', '-v: IP header fields, checksums, more protocol detail (-vv, -vvv: more)').argParser(level('-v', 3)))
    .option('--quick', '-q: shorter protocol lines (tcp N, UDP, length N)')
    .option('-l', 'line-buffered output (always the case: every batch is written at once)');
}

/** The PrintOptions the output options ask for. */
function printOptions(o: Record<string, unknown>): PrintOptions {
  return {
    t: (o.tsMode as number | undefined) ?? 0,
    link: !!o.e,
    number: !!o.number,
    hex: (o.hex as number | undefined) ?? 0,
    hexAscii: (o.hexAscii as number | undefined) ?? 0,
    ascii: (o.ascii as number | undefined) ?? 0,
    json: !!o.json,
    verbose: (o.verbose as number | undefined) ?? 0,
    quick: !!o.quick,
  };
}

/** Options shared by capture and load. */
function addCaptureOptions(c: Command): void {
  addOutputOptions(c);
  c.option('--json', 'one JSON object per frame: index, ts, iface, verdict, len, caplen, decoded layers, the tcpdump line');
  c.option('-c, --count <n>', 'stop after n frames printed or written', parseIntOption('-c', 1, 2 ** 31))
    .option('-s, --snaplen <bytes>', 'bytes of each frame to capture (in the kernel)', parseIntOption('-s', 1, 262144), 262144)
    .option('-n', 'do not resolve addresses (always the case; accepted for tcpdump compatibility)')
    .option('-e', 'print the link-level header')
    .option('-w, --write <file>', 'write frames to a capture file instead of printing them ("-": standard output)')
    .option('--pcapng', 'write pcapng (interface blocks with name and filter, statistics at close) instead of pcap')
    .option('--nano', 'nanosecond timestamps in the file')
    .option('--stats <seconds>', 'print the counters every N seconds (SIGUSR1 prints them too)', parseIntOption('--stats', 1, 86400))
    .option('--ring-size <bytes>', 'ring buffer bytes per interface (a power of two, 4096 or more; default 4 MiB, 32 MiB with -w)', parseRingSize)
    .option('--replace', 'replace an XDP program already attached through netlink (not atomic; see the message)')
    .option('--yes', 'attach a deny filter, or an allow filter that drops ARP/ND, even to an interface with a default route');
}

function parseRingSize(v: string): number {
  const n = parseIntOption('--ring-size', 4096, 2 ** 30)(v);
  if ((n & (n - 1)) !== 0) throw new UsageError(`--ring-size must be a power of two, not ${n}`);
  return n;
}

function captureOptions(o: Record<string, unknown>, filter?: string): CaptureOptions {
  const interfaces = o.interface as string[];
  if (interfaces.length === 0) throw new UsageError('an interface is needed: -i NAME');
  if (new Set(interfaces).size !== interfaces.length) throw new UsageError('each -i interface may be given once');
  if ((o.pcapng || o.nano) && !o.write) throw new UsageError(`${o.pcapng ? '--pcapng' : '--nano'} needs -w FILE`);
  return {
    interfaces,
    mode: o.mode as XdpMode,
    snaplen: o.snaplen as number,
    ...(o.netns ? { netns: o.netns as string } : {}),
    ...(o.action ? { action: o.action as Action } : {}),
    ...(o.count !== undefined ? { count: o.count as number } : {}),
    ...(o.ringSize ? { ringBytes: o.ringSize as number } : {}),
    ...(o.stats ? { statsEvery: o.stats as number } : {}),
    ...(o.write ? { write: o.write as string } : {}),
    pcapng: !!o.pcapng,
    nano: !!o.nano,
    link: !!o.e,
    print: printOptions(o),
    replace: !!o.replace,
    ...(filter !== undefined ? { filter } : {}),
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function warnList(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : [];
}

/** Run the CLI on argv (process.argv shape); resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const result = { code: 0 };
  // tcpdump's -d (dump the compiled program) is "explain" here: xsift -d EXPRESSION.
  if (argv[2] === '-d') argv = [...argv.slice(0, 2), 'explain', ...argv.slice(3)];
  argv = expandTcpdumpFlags(argv);
  try {
    await program(io, result).parseAsync(argv);
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    return report(e, io.stderr);
  }
}
