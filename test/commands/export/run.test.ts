/** `export --format powershell`: `$env:` lines to dot-source, quoted so nothing is expanded. */
import { describe, expect, it } from 'vitest';
import { runExport } from '../../../src/commands/export/run.js';
import type { Profile } from '../../../src/core/profile.js';
import { memoryStore, recordingUi } from '../../fakes.js';

const PROFILE: Profile = {
  method: 'xsoar-app',
  integration: 'msgraph-user',
  flow: null,
  cloud: 'worldwide',
  tenantId: '',
  clientId: "reg-1'$(calc)",
  redirectUri: '',
  scopes: [],
  createdAt: '2026-12-04T00:00:00.000Z',
  updatedAt: '2026-12-04T00:00:00.000Z',
};
const KEY = Buffer.alloc(32, 7).toString('base64');

async function exported(showSecrets: boolean) {
  const ui = recordingUi();
  const store = memoryStore({ 'p:xsoar-token': 'tok ‘it’s’ $env:PATH', 'p:xsoar-key': KEY });
  await runExport(
    { profile: 'p', format: 'powershell', showSecrets },
    { ui, env: {}, loadProfile: async () => PROFILE, openStore: async () => store },
  );
  return ui;
}

describe('export --format powershell', () => {
  it('prints $env: assignments in single quotes: quotes (also typographic ones) doubled, $ and $() left as text', async () => {
    const ui = await exported(true);
    const lines = (ui.out[0] ?? '').split('\n');
    expect(lines).toContain("$env:XSOAR_CREDS_AUTH_ID_PASSWORD = 'reg-1''$(calc)'");
    expect(lines).toContain("$env:XSOAR_CREDS_TENANT_ID_PASSWORD = 'tok ‘‘it’’s’’ $env:PATH'");
    expect(lines).toContain(`$env:XSOAR_CREDS_ENC_KEY_PASSWORD = '${KEY}'`);
  });

  it('without --show-secrets, secrets are left out and named, as with --format env', async () => {
    const ui = await exported(false);
    expect(ui.out[0]).not.toContain('XSOAR_CREDS_TENANT_ID_PASSWORD');
    expect(ui.err.join('\n')).toContain(
      'Left out (secrets; --show-secrets includes them): XSOAR_CREDS_TENANT_ID_PASSWORD, XSOAR_CREDS_ENC_KEY_PASSWORD',
    );
  });
});
