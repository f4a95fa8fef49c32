/**
 * The real dependencies of a push: the XSOAR client over the run's one fetch (proxies,
 * `--xsoar-ca-file`), the config file the profile's memory goes into, and Ctrl-C's
 * clean-ups. Shared by `push` and `setup --push`.
 */
import { findProfile } from '../../core/profile.js';
import { readFile } from 'node:fs/promises';
import type { XsoarMemory } from '../../core/xsoar-push.js';
import type { ApiKey, XsoarTarget } from '../../core/xsoar-server.js';
import { sanitize } from '../../core/sanitize.js';
import { usageError } from '../../errors.js';
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

async function readCa(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`--xsoar-ca-file: cannot read ${sanitize(path, { max: 200 })} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw usageError('--xsoar-ca-file takes a PEM file with the CA certificate (-----BEGIN CERTIFICATE-----).');
  return text;
}

export function xsoarWiring(settings: WiringSettings) {
  return {
    async client(target: XsoarTarget, apiKey: ApiKey, caFile: string | undefined): Promise<XsoarClient> {
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
        caFile,
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
