/**
 * The real dependencies of a push: the XSOAR client over the run's one fetch (proxies,
 * `--xsoar-ca-file`), the config file the profile's memory goes into, and Ctrl-C's
 * clean-ups. Shared by `push` and `setup --push`.
 */
import { findProfile } from '../../core/profile.js';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { XsoarMemory } from '../../core/xsoar-push.js';
import type { ApiKey, XsoarTarget } from '../../core/xsoar-server.js';
import { sanitize } from '../../core/sanitize.js';
import { CliError, usageError } from '../../errors.js';
import type { CaFile } from './connect.js';
import { foreignControl } from '../../io/config-store.js';
import { onCancel } from '../../io/interrupt.js';
import type { Ui } from '../../io/terminal.js';
import type { XsoarClient } from '../../io/xsoar-client.js';

/** Seconds the test and War Room commands may take at least: XSOAR may first start the integration's container. */
const LONG_REQUEST_SECONDS = 300;

export interface WiringSettings {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  configDir: string;
  httpTimeout: number;
  debug: boolean;
}

/**
 * A CA file path read from the config file decides which certificates the server may
 * show, so it is held to the config directory's rule: a regular file (symlinks
 * resolved) owned by you or root and writable by nobody else. One given at run time is
 * the operator's choice. Windows protects files with ACLs, not modes: no check there.
 */
async function checkRememberedCa(path: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const shown = sanitize(path, { max: 200 });
  const refuse = (problem: string, fix: string) =>
    new CliError(
      'config',
      'xsoar_ca_file_untrusted',
      `The CA file ${shown} remembered with the XSOAR server ${problem}, so it is not used.`,
      [`${fix}, or pass --xsoar-ca-file PATH.`],
    );
  const info = await realpath(path)
    .then((real) => stat(real))
    .catch((error: unknown) => {
      throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Put it back');
    });
  if (!info.isFile()) throw refuse('is not a regular file', 'Point the profile at the PEM file itself');
  const foreign = foreignControl(info, uid);
  if (foreign && 'owner' in foreign) throw refuse(`belongs to another user (uid ${foreign.owner})`, `Use a copy of your own`);
  if (foreign) throw refuse('is writable by other users', `Check it, then run: chmod go-w ${shown}`);
}

async function readCa(ca: CaFile): Promise<string> {
  if (ca.remembered) await checkRememberedCa(ca.path);
  let text: string;
  try {
    text = await readFile(ca.path, 'utf8');
  } catch (error) {
    throw usageError(
      `--xsoar-ca-file: cannot read ${sanitize(ca.path, { max: 200 })} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw usageError('--xsoar-ca-file takes a PEM file with the CA certificate (-----BEGIN CERTIFICATE-----).');
  return text;
}

export function xsoarWiring(settings: WiringSettings) {
  return {
    async client(target: XsoarTarget, apiKey: ApiKey, caFile: CaFile | undefined): Promise<XsoarClient> {
      const [{ makeFetch, proxyOf }, { xsoarClient }] = await Promise.all([import('../../io/http.js'), import('../../io/xsoar-client.js')]);
      const ca = caFile === undefined ? undefined : await readCa(caFile);
      const debug = settings.debug ? (line: string) => settings.ui.info(settings.ui.style.dim(`[debug] ${line}`)) : undefined;
      const fetch = await makeFetch({ env: settings.env, ca });
      return xsoarClient({
        target,
        apiKey,
        fetch,
        timeout: settings.httpTimeout,
        longTimeout: Math.max(settings.httpTimeout, LONG_REQUEST_SECONDS),
        proxy: proxyOf(settings.env),
        caFile: caFile?.path,
        debug,
      });
    },
    async remember(profile: string, memory: XsoarMemory): Promise<void> {
      const { updateConfig } = await import('../../io/config-store.js');
      await updateConfig(settings.configDir, (config) => {
        const saved = findProfile(config, profile);
        if (saved) config.profiles[profile] = { ...saved, xsoar: memory, updatedAt: new Date().toISOString() };
      });
    },
    onCancel,
  };
}
