/**
 * `npm run bench` (Node 20) and `npm run bench:node24`: what users get, measured.
 * Packs the package and installs it with --omit=dev into an empty directory (package
 * count, size on disk as `du -sk` counts it), then times that installed CLI against
 * `node -e 0` in the same run, interleaved rounds, medians, so machine noise hits both
 * alike. Runs inside scripts/with-keyring.sh: the many-profiles case writes its secrets
 * to that throwaway keychain, never the developer's.
 *
 *   --help, authorize-url        wall time to exit           targets ≤ 1.3x, ≤ 1.35x node -e 0
 *   setup                        to its first prompt (pty)   target ≤ 1.6x
 *   status/validate --all        500 profiles vs 1           target ≤ 3x the time, peak RSS ≤ 1.25x
 *                                (status with and without --json: only the text shows the secrets, masked)
 *   install (--omit=dev)                                     targets ≤ 5 packages, ≤ 6 MB
 *   setup --push                 last redirect → XSOAR's test result (stand-ins; reported)
 *
 * Exits 1 when a target is missed. BENCH_ROUNDS, BENCH_PROFILES and BENCH_PROFILE_ROUNDS
 * change the rounds and the number of profiles.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pty from '@lydell/node-pty';
import { AsyncEntry } from '@napi-rs/keyring';
import { pushAfterRedirect } from './bench-push.js';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const PROFILES = Number(process.env['BENCH_PROFILES'] ?? 500);
const PROFILE_ROUNDS = Number(process.env['BENCH_PROFILE_ROUNDS'] ?? 5);

if (!process.env['DBUS_SESSION_BUS_ADDRESS'] || !(process.env['XDG_DATA_HOME'] ?? '').startsWith(tmpdir())) {
  process.stderr.write(
    'bench: run it as `npm run bench` (inside scripts/with-keyring.sh): it writes secrets to a throwaway keychain only.\n',
  );
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'ms-auth-bench-'));
// Peak RSS of a child, reported by itself at exit (the same preload for the baseline).
const rssProbe = join(work, 'rss.cjs');
writeFileSync(rssProbe, "process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n");
const env = { ...process.env, NO_COLOR: '1' };

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

// 1. The package as installed from its tarball.
const pack = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as Array<{
  filename: string;
}>;
const app = join(work, 'app');
mkdirSync(app);
execFileSync(
  'npm',
  [
    'install',
    '--omit=dev',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--prefix',
    app,
    join(work, pack[0]?.filename ?? ''),
  ],
  { stdio: 'ignore' },
);
let diskKb = 0;
let packages = 0;
const walk = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    // Blocks as `du -sk` counts them.
    diskKb += statSync(path).blocks / 2;
    if (entry.isDirectory()) walk(path);
    else if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@.][^/]*\/package\.json$/.test(path)) packages += 1;
  }
};
walk(join(app, 'node_modules'));
const CLI = join(app, 'node_modules/ms-auth/bin/ms-auth.js');

function timed(args: string[], options: { configDir?: string } = {}): { ms: number; rssKb: number; stdout: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--require', rssProbe, ...args, ...(options.configDir ? ['--config-dir', options.configDir] : [])],
    { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { ms, rssKb: Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? NaN), stdout: run.stdout };
}

/** Time until setup draws its first question in a pseudo-terminal. */
function firstPrompt(): Promise<number> {
  return new Promise((resolvePrompt, reject) => {
    const started = process.hrtime.bigint();
    const child = pty.spawn(process.execPath, [CLI, 'setup', '--config-dir', join(work, 'config')], { cols: 120, rows: 30, env: env });
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

// 2. Start-up, interleaved with the baseline.
const authorizeUrl = [
  CLI,
  'authorize-url',
  '--tenant',
  'contoso.onmicrosoft.com',
  '--client-id',
  '11111111-2222-3333-4444-555555555555',
  '--integration',
  'msgraph-user',
];
const startup: Record<string, number[]> = { node: [], help: [], authorizeUrl: [], setup: [], nodeRss: [], authorizeUrlRss: [] };
timed(['-e', '0']);
timed([CLI, '--help']);
for (let round = 0; round < ROUNDS; round++) {
  const base = timed(['-e', '0']);
  startup['node']?.push(base.ms);
  startup['nodeRss']?.push(base.rssKb);
  startup['help']?.push(timed([CLI, '--help']).ms);
  const url = timed(authorizeUrl);
  startup['authorizeUrl']?.push(url.ms);
  startup['authorizeUrlRss']?.push(url.rssKb);
  startup['setup']?.push(await firstPrompt());
}

// 3. Many profiles: one config with PROFILES of them (the three shapes an MSSP keeps, in
// turn), one with the first alone; every secret in the keychain.
const SHAPES = [
  {
    method: 'self-deployed',
    integration: 'msgraph-user',
    flow: 'client-credentials',
    scopes: ['https://graph.microsoft.com/.default'],
    secrets: ['client-secret'],
  },
  {
    method: 'self-deployed',
    integration: 'msgraph-user',
    flow: 'auth-code',
    scopes: ['https://graph.microsoft.com/.default'],
    secrets: ['client-secret', 'refresh-token'],
  },
  { method: 'xsoar-app', integration: 'microsoft-atp', flow: null, scopes: [], secrets: ['xsoar-token', 'xsoar-key'] },
] as const;
const names = Array.from({ length: PROFILES }, (_, i) => `customer-${String(i + 1).padStart(4, '0')}`);
const profileOf = (i: number) => {
  const shape = SHAPES[i % SHAPES.length] as (typeof SHAPES)[number];
  const hex = (i + 1).toString(16).padStart(12, '0');
  return {
    method: shape.method,
    integration: shape.integration,
    flow: shape.flow,
    cloud: 'worldwide',
    tenantId: shape.method === 'xsoar-app' ? '' : `customer${i + 1}.onmicrosoft.com`,
    clientId: `11111111-2222-3333-4444-${hex}`,
    redirectUri: shape.method === 'xsoar-app' ? '' : 'https://localhost/myapp',
    scopes: [...shape.scopes],
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
  };
};
const writeConfig = (dir: string, count: number): string => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ version: 1, profiles: Object.fromEntries(names.slice(0, count).map((name, i) => [name, profileOf(i)])) }, null, 2),
    { mode: 0o600 },
  );
  return dir;
};
const one = writeConfig(join(work, 'one'), 1);
const many = writeConfig(join(work, 'many'), PROFILES);
const items = names.flatMap((name, i) =>
  (SHAPES[i % SHAPES.length] as (typeof SHAPES)[number]).secrets.map((kind) => ({
    account: `${name}:${kind}`,
    value: `bench-${kind}-${i}-${'x'.repeat(40)}`,
  })),
);
// One at a time: gnome-keyring-daemon aborts on Secret Service sessions opened at once
// (the library opens one per call). About 20 ms an item. A write the daemon dropped (it
// went away without replying, as ms-auth's keychain helper also allows for) is tried again.
for (const { account, value } of items) {
  const write = () => new AsyncEntry('ms-auth', account, { linux: { store: 'secret-service' } }).setPassword(value);
  await write().catch((error: Error) => {
    if (!/disconnected from message bus without replying/.test(error.message)) throw error;
    return write();
  });
}

const scale: Record<string, number[]> = {
  status1: [],
  status500: [],
  statusText1: [],
  statusText500: [],
  statusText1Rss: [],
  statusText500Rss: [],
  validate1: [],
  validate500: [],
  status1Rss: [],
  status500Rss: [],
  validate1Rss: [],
  validate500Rss: [],
};
for (let round = 0; round < PROFILE_ROUNDS; round++) {
  for (const [command, size, dir] of [
    ['status', '1', one],
    ['status', '500', many],
    ['statusText', '1', one],
    ['statusText', '500', many],
    ['validate', '1', one],
    ['validate', '500', many],
  ] as const) {
    if (command === 'statusText') {
      // The text shows every secret masked: read from the keychain, not only found there.
      const run = timed([CLI, 'status', '--all'], { configDir: dir });
      const masked = run.stdout.match(/: keychain \(benc…\)/g)?.length ?? 0;
      const expected = size === '1' ? 1 : items.length;
      if (masked !== expected) throw new Error(`status --all showed ${masked} secrets from the keychain, not ${expected}`);
      scale[`${command}${size}`]?.push(run.ms);
      scale[`${command}${size}Rss`]?.push(run.rssKb);
      continue;
    }
    const run = timed([CLI, command, '--all', '--json'], { configDir: dir });
    const result = JSON.parse(run.stdout) as { profiles: Array<{ secrets?: Record<string, string>; ok?: boolean }> };
    const expected = size === '1' ? 1 : PROFILES;
    if (result.profiles.length !== expected) throw new Error(`${command} --all listed ${result.profiles.length} profiles, not ${expected}`);
    if (command === 'status' && result.profiles.some((p) => Object.values(p.secrets ?? {}).some((source) => source !== 'keychain')))
      throw new Error('status --all did not find every secret in the keychain');
    if (command === 'validate' && result.profiles.some((p) => !p.ok))
      throw new Error('validate --all found a problem in the generated profiles');
    scale[`${command}${size}`]?.push(run.ms);
    scale[`${command}${size}Rss`]?.push(run.rssKb);
  }
}
const pushTimes = await pushAfterRedirect(CLI, 5);
rmSync(work, { recursive: true, force: true });

// 4. The report.
const s = Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, median(v)])) as Record<string, number>;
const p = Object.fromEntries(Object.entries(scale).map(([k, v]) => [k, median(v)])) as Record<string, number>;
let missed = 0;
const check = (value: number, target: number, unit = 'x'): string => {
  const ok = value <= target;
  if (!ok) missed += 1;
  return `${Number.isInteger(value) ? value : value.toFixed(2)}${unit} (target ≤ ${target}${unit}) ${ok ? 'ok' : 'MISSED'}`;
};
const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(0)} ms`.padEnd(9);
const mb = (kb: number | undefined) => `${((kb ?? NaN) / 1024).toFixed(1)} MB`;
const lines = [
  `ms-auth bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${ROUNDS} interleaved rounds (medians)`,
  `  node -e 0                      ${ms(s['node'])} ${mb(s['nodeRss'])} peak`,
  `  ms-auth --help                 ${ms(s['help'])} ${check((s['help'] ?? 0) / (s['node'] ?? 1), 1.3)}`,
  `  ms-auth authorize-url          ${ms(s['authorizeUrl'])} ${check((s['authorizeUrl'] ?? 0) / (s['node'] ?? 1), 1.35)}`,
  `  setup, first prompt            ${ms(s['setup'])} ${check((s['setup'] ?? 0) / (s['node'] ?? 1), 1.6)}`,
  `  authorize-url peak RSS         ${mb(s['authorizeUrlRss'])}   ${((s['authorizeUrlRss'] ?? 0) / (s['nodeRss'] ?? 1)).toFixed(2)}x node -e 0`,
  `  status --all --json, 1 profile        ${ms(p['status1'])} ${mb(p['status1Rss'])} peak`,
  `  status --all --json, ${PROFILES} profiles    ${ms(p['status500'])} ${check((p['status500'] ?? 0) / (p['status1'] ?? 1), 3)}; peak ${mb(p['status500Rss'])}, ${check((p['status500Rss'] ?? 0) / (p['status1Rss'] ?? 1), 1.25)}`,
  `  status --all (text), 1 profile        ${ms(p['statusText1'])} ${mb(p['statusText1Rss'])} peak`,
  `  status --all (text), ${PROFILES} profiles    ${ms(p['statusText500'])} ${check((p['statusText500'] ?? 0) / (p['statusText1'] ?? 1), 3)}; peak ${mb(p['statusText500Rss'])}, ${check((p['statusText500Rss'] ?? 0) / (p['statusText1Rss'] ?? 1), 1.25)}`,
  `  validate --all --json, 1 profile      ${ms(p['validate1'])} ${mb(p['validate1Rss'])} peak`,
  `  validate --all --json, ${PROFILES} profiles  ${ms(p['validate500'])} ${check((p['validate500'] ?? 0) / (p['validate1'] ?? 1), 3)}; peak ${mb(p['validate500Rss'])}, ${check((p['validate500Rss'] ?? 0) / (p['validate1Rss'] ?? 1), 1.25)}`,
  `  install (--omit=dev)           ${check(packages, 5, ' packages')}; ${check(diskKb / 1024, 6, ' MB')} on disk`,
  `  (${PROFILES} profiles: ${items.length} keychain items; ${PROFILE_ROUNDS} rounds)`,
  `  setup --push, last redirect → XSOAR's test result   ${ms(median(pushTimes))} (stand-ins on loopback, ${pushTimes.length} runs)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = missed ? 1 : 0;
