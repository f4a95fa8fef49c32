/**
 * The real dependencies a command's run gets outside of tests: the fetch (proxies from
 * the environment, `--debug` logging), the secret store, token requests. Each module is
 * loaded only when asked for, so `--help` and `authorize-url` start fast.
 */
import type { TokenClient, TokenRequests } from './token-requests.js';
import { authority, type GlobalOptions } from './globals.js';
import type { Fetch } from '../io/http.js';
import type { ClientSettings } from '../io/oauth.js';
import type { SecretStore } from '../io/secret-store.js';
import type { Ui } from '../io/terminal.js';

/**
 * How requests reach Entra: the fetch (proxies from the environment, `--debug` /
 * DEBUG=ms-auth logging) and the proxy in use, if any, for error messages.
 */
export async function http(g: GlobalOptions, ui: Ui): Promise<{ fetch: Fetch; proxy: string | undefined }> {
  const { makeFetch, proxyOf } = await import('../io/http.js');
  const debugOn = g.debug || (process.env['DEBUG'] ?? '').split(',').includes('ms-auth');
  const fetch = await makeFetch({
    env: process.env,
    debug: debugOn ? (line) => process.stderr.write(`${ui.style.dim(`[debug] ${line}`)}\n`) : undefined,
  });
  return { fetch, proxy: proxyOf(process.env) };
}

/** Where --insecure-storage keeps secrets.json: beside the config, or on Windows the local app data folder. */
async function insecureDir(g: GlobalOptions, dir: string): Promise<string> {
  const { insecureStorageDir } = await import('../io/insecure-location.js');
  return insecureStorageDir(dir, Boolean(g.configDir ?? process.env['MS_AUTH_CONFIG_DIR']), process.env, process.platform);
}

/** The OS keychain, or with --insecure-storage a plaintext file, announced every time. */
export async function secretStore(g: GlobalOptions, dir: string, ui: Ui): Promise<SecretStore> {
  if (g.insecureStorage) {
    const [{ openFileStore, insecureFile }, { restrictToUser }] = await Promise.all([
      import('../io/file-store.js'),
      import('../io/insecure-location.js'),
    ]);
    const where = await insecureDir(g, dir);
    ui.warn(`--insecure-storage: secrets are kept UNENCRYPTED in ${insecureFile(where)}; anyone who can read that file can use them.`);
    const warning = await restrictToUser(where, process.env, process.platform);
    if (warning) ui.warn(warning);
    return openFileStore(where);
  }
  const { openKeychain, keychainTimeouts } = await import('../io/secret-store.js');
  // A person at the terminal may have a keychain dialog to answer (macOS "allow", an unlock prompt).
  const attended = Boolean(process.stdin.isTTY || process.stderr.isTTY);
  return openKeychain({
    timeouts: keychainTimeouts(process.env, attended),
    ...(attended && {
      onWait: () =>
        ui.info(
          ui.style.dim(
            'Waiting for the OS keychain: if it shows a dialog asking to allow access or to unlock it, answer it (Always Allow keeps it from asking again).',
          ),
        ),
    }),
  });
}

/**
 * The store a profile's secrets may have been left in by an earlier run with the other
 * storage: the plaintext file, when it exists and the keychain is in use now.
 */
export async function leftoverStore(g: GlobalOptions, dir: string): Promise<SecretStore | undefined> {
  if (g.insecureStorage) return undefined;
  const [{ openFileStore, insecureFile }, { existsSync }, where] = await Promise.all([
    import('../io/file-store.js'),
    import('node:fs'),
    insecureDir(g, dir),
  ]);
  return existsSync(insecureFile(where)) ? openFileStore(where) : undefined;
}

/**
 * Token requests bound to the run's one fetch: built (with its proxy agent) at the first
 * request and shared by every later one; openid-client loads only then too.
 */
export function tokenRequests(g: GlobalOptions, ui: Ui): TokenRequests {
  let transport: Promise<{ fetch: Fetch; proxy: string | undefined }> | undefined;
  const bind = async (client: TokenClient): Promise<ClientSettings> => ({ ...client, ...(await (transport ??= http(g, ui))) });
  const oauth = () => import('../io/oauth.js');
  return {
    redeem: async (client, redemption) => (await oauth()).redeemCode(await bind(client), redemption),
    refresh: async (client, token, scopes) => (await oauth()).refreshGrant(await bind(client), token, scopes),
    clientCredentials: async (client, scopes) => (await oauth()).clientCredentialsGrant(await bind(client), scopes),
    startDevice: async (client, scopes) => (await oauth()).startDevice(await bind(client), scopes),
    pollDevice: async (client, device, signal) => (await oauth()).pollDevice(await bind(client), device, signal),
  };
}

/** Where --online may send a saved profile's secrets, and the line that says so before it does. */
export function onlineTrust(g: GlobalOptions, ui: Ui): { authorityHost: string | undefined; announce: (line: string) => void } {
  return { authorityHost: authority(g).authorityHost, announce: (line) => ui.info(ui.style.dim(line)) };
}
