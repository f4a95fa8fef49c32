/**
 * For `npm run bench`: the time from the last browser redirect (the paste that hands the
 * code to ms-auth) to XSOAR's test result, for `setup --push` with the authorization
 * code flow against the Entra and XSOAR stand-ins on 127.0.0.1. This is the wait the
 * operator sees after signing in: the token exchange, saving, the instance written and
 * XSOAR's own test redeeming what was pushed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCookieJar, signInOverHttp, startEntraStandin } from '../test/standin/entra-standin.js';
import { startXsoarStandin } from '../test/xsoar-standin/xsoar-standin.js';

/** Milliseconds from each run's last redirect to its test result, one per round. */
export async function pushAfterRedirect(cli: string, rounds: number): Promise<number[]> {
  const entra = await startEntraStandin();
  const xsoar = await startXsoarStandin({ entraUrl: entra.url });
  const dir = mkdtempSync(join(tmpdir(), 'ms-auth-bench-push-'));
  const times: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const args = [
        'setup',
        '--push',
        '--xsoar-url',
        xsoar.url,
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--tenant',
        entra.tenant.id,
        '--client-id',
        entra.client.clientId,
        '--client-secret-stdin',
        '--authority-host',
        entra.url,
        '--no-browser',
        '--config-dir',
        dir,
        '--profile',
        `bench-${round}`,
      ];
      const child = spawn(process.execPath, [cli, ...args], {
        env: { ...process.env, MS_AUTH_XSOAR_API_KEY: xsoar.apiKey, NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.stdin.write(`${entra.client.clientSecret}\n`);
      let redirected = 0n;
      let stdout = '';
      let pending = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines.filter((l) => /^https?:\/\/\S+authorize\?\S+$/.test(l))) {
          void signInOverHttp(line, { login: 'bench@contoso.onmicrosoft.com', jar: newCookieJar() }).then((landed) => {
            redirected = process.hrtime.bigint();
            child.stdin.write(`${landed}\n`);
          });
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      const done = process.hrtime.bigint();
      if (code !== 0 || !stdout.includes('passed')) throw new Error(`setup --push exited ${code}: ${stdout}`);
      times.push(Number(done - redirected) / 1e6);
    }
  } finally {
    await xsoar.close();
    await entra.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}
