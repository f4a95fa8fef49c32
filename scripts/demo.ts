/**
 * `npm run demo`: the real `ms-auth setup` wizard against the built-in Entra stand-in
 * (oidc-provider on 127.0.0.1), with a throwaway keyring (scripts/with-keyring.sh) and
 * a temporary config directory, so a newcomer without a tenant sees the whole flow.
 *
 * It ends the way the job ends: the result pushed into a stand-in XSOAR server (the
 * XSOAR stand-in on 127.0.0.1), whose own test of the new instance signs in to the
 * Entra stand-in with what was pushed, so nothing is typed into XSOAR.
 *
 * The browser is played by the demo: when ms-auth opens a URL, the demo signs in as a
 * demo user over HTTP and shows where the browser landed, which is what you then
 * paste. On a terminal you answer the wizard yourself; without one (CI, a pipe) the
 * demo answers for you.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEMO_CLIENT,
  DEMO_PUBLIC_CLIENT,
  adminConsentOverHttp,
  newCookieJar,
  signInOverHttp,
  startEntraStandin,
} from '../test/standin/entra-standin.js';
import { startXsoarStandin } from '../test/xsoar-standin/xsoar-standin.js';

const CLI = resolve(import.meta.dirname, '../bin/ms-auth.js');
const USER = 'demo.operator@contoso.onmicrosoft.com';
const interactive = Boolean(process.stdin.isTTY);
const say = (line = '') => process.stderr.write(`${line}\n`);

// The demo app holds the application permission Graph User needs, for the client credentials flow.
const standin = await startEntraStandin({ clients: [{ ...DEMO_CLIENT, appRoles: ['User.ReadWrite.All'] }, DEMO_PUBLIC_CLIENT] });
const xsoar = await startXsoarStandin({ entraUrl: standin.url });
const dir = await mkdtemp(join(tmpdir(), 'ms-auth-demo-'));
const jar = newCookieJar();

// The demo's browser: a BROWSER script hands each URL to this loopback server, which
// signs in (the cookie jar remembers the session, as a browser would) and shows the
// address the browser ends up on, before ms-auth asks for it.
/** Signs in, or as an administrator grants admin consent, the way the page asks. */
const visit = (url: string): Promise<string> =>
  new URL(url).pathname.endsWith('/adminconsent')
    ? adminConsentOverHttp(url, { login: USER, jar })
    : signInOverHttp(url, { login: USER, jar });

const browser = createServer((req, res) => {
  const target = new URL(req.url ?? '/', 'http://demo').searchParams.get('url') ?? '';
  visit(target).then(
    (landed) => {
      say(
        `\n[demo browser] signed in as ${USER} and consented; the address bar now shows:\n${landed}\n(copy that line and paste it at the prompt)\n`,
      );
      res.end();
    },
    (error: Error) => {
      say(`[demo browser] sign-in failed: ${error.message}`);
      res.writeHead(502).end();
    },
  );
});
await new Promise<void>((r) => browser.listen(0, '127.0.0.1', r));
const browserUrl = `http://127.0.0.1:${(browser.address() as AddressInfo).port}/`;
const browserScript = join(dir, 'demo-browser.sh');
await writeFile(
  browserScript,
  `#!/bin/sh\nexec "${process.execPath}" -e 'fetch(process.argv[2] + "?url=" + encodeURIComponent(process.argv[1]))' "$1" "${browserUrl}"\n`,
);
await chmod(browserScript, 0o755);

const { tenant, client } = standin;
say('ms-auth demo: the real setup wizard against a local stand-in for Microsoft Entra ID.');
say(`  Entra stand-in:   ${standin.url}  (--authority-host)`);
say(`  XSOAR stand-in:   ${xsoar.url}  (MS_AUTH_XSOAR_URL; its API key is in MS_AUTH_XSOAR_API_KEY)`);
say(`  Config directory: ${dir}`);
say('  Keychain:         a throwaway gnome-keyring in a private D-Bus session');
say();
say('Demo app registration (answers for the wizard):');
say(`  Tenant:        ${tenant.domains[0]}  (or ${tenant.id})`);
say(`  Client ID:     ${client.clientId}`);
say(`  Client secret: ${client.clientSecret}`);
say('  Redirect URI:  https://localhost/myapp (the default)');
say('  Flows:         authorization code or client credentials (the demo plays the browser for both)');
say();

const env = {
  ...process.env,
  MS_AUTH_AUTHORITY_HOST: standin.url,
  MS_AUTH_CONFIG_DIR: dir,
  BROWSER: browserScript,
  // A known server: the wizard offers the push at its end.
  MS_AUTH_XSOAR_URL: xsoar.url,
  MS_AUTH_XSOAR_API_KEY: xsoar.apiKey,
};
const args = ['setup', '--profile', 'demo'];
if (!interactive) {
  say('No terminal: the demo answers the wizard itself.');
  Object.assign(env, { MS_AUTH_TENANT_ID: tenant.id, MS_AUTH_CLIENT_ID: client.clientId, MS_AUTH_CLIENT_SECRET: client.clientSecret });
  args.push('--integration', 'msgraph-user', '--method', 'self-deployed', '--flow', 'auth-code', '--no-browser', '--push');
}

const child = spawn(process.execPath, [CLI, ...args], { env, stdio: interactive ? 'inherit' : ['pipe', 'inherit', 'pipe'] });
if (!interactive) {
  // Play the operator: each URL printed alone on a line is opened and the landing pasted.
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => /^https?:\/\/\S+$/.test(l))) {
      void visit(line).then((landed) => {
        say(`[demo browser] landed on ${landed.slice(0, 60)}…; pasting it.`);
        child.stdin?.write(`${landed}\n`);
      });
    }
  });
}
const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));

if (code === 0) {
  say();
  say(`Saved config (${join(dir, 'config.json')}), which holds no secret:`);
  say(await readFile(join(dir, 'config.json'), 'utf8'));
  say('What `ms-auth status --online` says about it (the secrets are in the throwaway keychain):');
  await new Promise<void>((done) =>
    spawn(process.execPath, [CLI, 'status', '--profile', 'demo', '--online'], { env, stdio: ['ignore', 'inherit', 'inherit'] }).on(
      'exit',
      () => done(),
    ),
  );
}
browser.close();
await xsoar.close();
await standin.close();
await rm(dir, { recursive: true, force: true });
process.exitCode = code;
