/**
 * `npm run bench`: start-up time and memory of the built CLI against `node -e 0`,
 * measured in the same run, interleaved, so machine noise hits both alike; then the
 * install footprint of the packed package with its production dependencies.
 *
 *   --help, authorize-url   wall time to exit (target: at most 2.0x node -e 0)
 *   setup                   wall time to its first prompt, in a pseudo-terminal (target 2.5x)
 *   authorize-url memory    peak RSS (target under 1.5x node -e 0)
 *   footprint               installed size and package count (targets: < 15 MB, < 60 packages)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import pty from '@lydell/node-pty';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/ms-auth.js');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const work = mkdtempSync(join(tmpdir(), 'ms-auth-bench-'));
// Peak RSS of a child, reported by itself at exit (the same preload for the baseline).
const rssProbe = join(work, 'rss.cjs');
writeFileSync(rssProbe, "process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n");

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function timed(args: string[]): { ms: number; rssKb: number } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--require', rssProbe, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { ms, rssKb: Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? NaN) };
}

/** Time until setup draws its first question in a pseudo-terminal. */
function firstPrompt(): Promise<number> {
  return new Promise((resolvePrompt, reject) => {
    const started = process.hrtime.bigint();
    const child = pty.spawn(process.execPath, [CLI, 'setup', '--config-dir', join(work, 'config')], { cols: 120, rows: 30, env: { ...process.env, NO_COLOR: '1' } as Record<string, string> });
    let screen = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`setup drew no prompt in 10 s:\n${screen}`));
    }, 10_000);
    child.onData((data) => {
      screen += data;
      if (screen.includes('Which XSOAR integration')) {
        clearTimeout(timer);
        resolvePrompt(Number(process.hrtime.bigint() - started) / 1e6);
        child.kill();
      }
    });
  });
}

function footprint(): { mb: number; packages: number } {
  const pack = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as Array<{ filename: string }>;
  const app = join(work, 'app');
  execFileSync('npm', ['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', '--prefix', app, join(work, pack[0]?.filename ?? '')], { stdio: 'ignore' });
  let bytes = 0;
  let packages = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        bytes += statSync(path).size;
        if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(path)) packages += 1;
      }
    }
  };
  walk(join(app, 'node_modules'));
  return { mb: bytes / 1e6, packages };
}

const authorizeUrl = [CLI, 'authorize-url', '--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555', '--integration', 'msgraph-user'];
const samples: Record<string, number[]> = { node: [], help: [], authorizeUrl: [], setup: [], nodeRss: [], authorizeUrlRss: [] };
timed(['-e', '0']);
timed([CLI, '--help']);
for (let round = 0; round < ROUNDS; round++) {
  const base = timed(['-e', '0']);
  samples['node']?.push(base.ms);
  samples['nodeRss']?.push(base.rssKb);
  samples['help']?.push(timed([CLI, '--help']).ms);
  const url = timed(authorizeUrl);
  samples['authorizeUrl']?.push(url.ms);
  samples['authorizeUrlRss']?.push(url.rssKb);
  samples['setup']?.push(await firstPrompt());
}
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<string, number>;
const ratio = (x: number, base: number) => (x / base).toFixed(2);
const { mb, packages } = footprint();
rmSync(work, { recursive: true, force: true });

const lines = [
  `ms-auth bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${ROUNDS} interleaved rounds (medians)`,
  `  node -e 0                 ${m['node']?.toFixed(0)} ms   ${((m['nodeRss'] ?? 0) / 1024).toFixed(1)} MB peak`,
  `  ms-auth --help            ${m['help']?.toFixed(0)} ms   ${ratio(m['help'] ?? 0, m['node'] ?? 1)}x   (target ≤ 2.0x)`,
  `  ms-auth authorize-url     ${m['authorizeUrl']?.toFixed(0)} ms   ${ratio(m['authorizeUrl'] ?? 0, m['node'] ?? 1)}x   (target ≤ 2.0x)`,
  `  setup, first prompt       ${m['setup']?.toFixed(0)} ms   ${ratio(m['setup'] ?? 0, m['node'] ?? 1)}x   (target ≤ 2.5x)`,
  `  authorize-url peak RSS    ${((m['authorizeUrlRss'] ?? 0) / 1024).toFixed(1)} MB   ${ratio(m['authorizeUrlRss'] ?? 0, m['nodeRss'] ?? 1)}x   (target < 1.5x)`,
  `  install (--omit=dev)      ${mb.toFixed(1)} MB, ${packages} packages   (targets < 15 MB, < 60)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
