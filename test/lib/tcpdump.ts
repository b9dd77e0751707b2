/**
 * tcpdump 4.99 as the printers' oracle: its text for each packet of a capture file.
 */
import { spawnSync } from 'node:child_process';

/** Throws, with what to install, when tcpdump cannot run: the printer tests need it (never a skip). */
export function requireTcpdump(testFile: string): void {
  const r = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const msg = `tcpdump is not runnable (${r.error?.message ?? `exit ${r.status}`}): ${testFile} uses tcpdump 4.99 as its oracle; install it (apt-get install tcpdump)`;
    console.error(`\n  ${msg}\n`);
    throw new Error(msg);
  }
}

/**
 * `TZ=UTC tcpdump -n -# FLAGS -r FILE`, one text per packet: tcpdump's `-#` number removed, a
 * packet's further lines (-v, dumps, multi-line decodes) joined to its first with newlines.
 */
export function tcpdumpPackets(file: string, flags: string[]): string[] {
  const r = spawnSync('tcpdump', ['-n', '-#', ...flags, '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw new Error(`tcpdump ${flags.join(' ')} -r ${file} failed: ${r.error?.message ?? r.stderr}`);
  const out: string[] = [];
  const lines = r.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const prefix = `${String(out.length + 1).padStart(5)}  `;
    if (line.startsWith(prefix)) out.push(line.slice(prefix.length));
    else if (out.length) out[out.length - 1] += '\n' + line;
    else throw new Error(`tcpdump -r ${file}: output does not start with packet 1: ${JSON.stringify(line)}`);
  }
  return out;
}
