/** `export`: `$env:` lines to dot-source, quoted so nothing is expanded; places push would ask about, named. */
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

describe('export of saved values that send XSOAR where ms-auth does not know', () => {
  it('warns on stderr for each (a URL parameter, an XSOAR application token URL), the hand-off unchanged; known ones pass quietly', async () => {
    const ui = recordingUi();
    const store = memoryStore({ 'p:xsoar-token': 'tok', 'p:xsoar-key': KEY });
    const profile: Profile = {
      ...PROFILE,
      clientId: 'reg-1@https://relay.example/token',
      params: { host: 'https://graph.relay.example', mailbox: 'user@contoso.com' },
    };
    await runExport(
      { profile: 'p', format: 'text', showSecrets: false },
      { ui, env: {}, loadProfile: async () => profile, openStore: async () => store },
    );
    expect(ui.err).toEqual([
      '! Parameter host of profile "p" sends the sign-in or tokens of Entra ID Users to https://graph.relay.example, which ms-auth does not know for it: check it before XSOAR gets it (push asks, or refuses without a terminal).',
      '! The ID of profile "p" sends the Cortex XSOAR application\'s token to https://relay.example, which ms-auth does not know for it: check it before XSOAR gets it (push asks, or refuses without a terminal).',
    ]);
    expect(ui.out.join('\n')).toContain('reg-1@https://relay.example/token');
    const quiet = recordingUi();
    await runExport(
      { profile: 'p', format: 'text', showSecrets: false },
      {
        ui: quiet,
        env: {},
        loadProfile: async () => ({ ...PROFILE, clientId: 'reg-1', params: { host: 'https://graph.microsoft.com' } }),
        openStore: async () => store,
      },
    );
    expect(quiet.err).toEqual([]);
  });
});
