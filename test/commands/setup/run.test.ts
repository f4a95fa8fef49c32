import { describe, expect, it } from 'vitest';
import { runSetup, type SetupDeps, type SetupOptions } from '../../../src/commands/setup/run.js';
import type { CodeRedemption, Tokens } from '../../../src/io/oauth.js';
import type { Profile } from '../../../src/core/profile.js';
import type { Secrets } from '../../../src/io/persist.js';
import { CLOUDS } from '../../../src/core/authority.js';
import { INTEGRATIONS } from '../../../src/core/catalog.js';
import { lines, memoryStore, recordingBrowser, recordingUi, scriptedPrompter, type Answer } from '../../fakes.js';
import { TENANT, good } from '../../config-table.js';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'abc8Q~' + 'z'.repeat(34);
const KEY = Buffer.alloc(32, 1).toString('base64');

function options(extra: Partial<SetupOptions> = {}): SetupOptions {
  return {
    profile: 'p1',
    json: true,
    showSecrets: false,
    clientSecretStdin: false,
    noBrowser: false,
    listen: false,
    exchange: true,
    cloud: 'worldwide',
    httpTimeout: 30,
    ...extra,
  };
}

/** Echoes back a redirect for whatever URL the browser was sent to, with its state. */
const redirectFor = (browser: { opened: string[] }, code: string) => () => {
  const sent = new URL(browser.opened.at(-1) as string);
  return `https://localhost/myapp?code=${code}&state=${sent.searchParams.get('state')}&session_state=x`;
};

function harness(script: Answer[], extra: { env?: NodeJS.ProcessEnv; prompt?: boolean; stdin?: string[] } = {}) {
  const ui = recordingUi();
  const browser = recordingBrowser();
  const store = memoryStore();
  const redemptions: CodeRedemption[] = [];
  const saved: Array<{ profile: Profile; secrets: Secrets }> = [];
  const prompter = extra.prompt === false ? undefined : scriptedPrompter(script);
  const deps: SetupDeps = {
    ui,
    prompter,
    browser,
    hasDisplay: true,
    env: extra.env ?? {},
    lines: lines(...(extra.stdin ?? [])),
    openStore: async () => store,
    redeem: async (_settings, redemption): Promise<Tokens> => {
      redemptions.push(redemption);
      return { accessToken: 'at', refreshToken: 'rt-123456789', scopes: ['User.Read'], expiresIn: 3600 };
    },
    save: async (_store, profile, secrets) => void saved.push({ profile, secrets }),
    now: () => new Date('2026-11-27T10:00:00Z'),
    listen: async () => {
      throw new Error('no listener in unit tests');
    },
    clientCredentials: async () => ({ accessToken: 'at', scopes: [], expiresIn: 3600 }),
    refresh: async () => {
      throw new Error('setup never refreshes');
    },
    startDevice: async () => {
      throw new Error('no device code in these unit tests');
    },
    pollDevice: async () => {
      throw new Error('no device code in these unit tests');
    },
  };
  return { ui, browser, store, redemptions, saved, prompter, deps };
}

/** A self-deployed auth-code profile as an earlier setup saved it. */
const savedProfile = (extra: Partial<Profile>): Profile => ({
  ...(good as Profile),
  clientId: CLIENT,
  scopes: [],
  ...extra,
});

/** Every flag of a self-deployed auth-code setup of the integration, the hand-off none. */
const authCodeFlags = (integration: string): SetupOptions =>
  options({
    integration,
    method: 'self-deployed',
    flow: 'auth-code',
    tenant: TENANT,
    clientId: CLIENT,
    redirectUri: 'https://localhost/myapp',
    handoff: 'none',
  });

describe('runSetup() wizard', () => {
  it('asks integration → method → values, masks the secret, and hands off a fresh code without PKCE', async () => {
    const browserRef: { opened: string[] } = { opened: [] };
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-user' },
      { match: 'Which application', answer: 'self-deployed' },
      { match: 'Which sign-in flow', answer: 'auth-code' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: CLIENT },
      { match: 'Client secret', answer: SECRET },
      { match: 'Redirect URI', answer: 'https://localhost/myapp' },
      { match: 'What should XSOAR get?', answer: 'fresh-code' },
      { match: 'Paste the redirect', answer: () => redirectFor(browserRef, 'first-code-123')() },
      { match: 'Paste the second redirect', answer: () => redirectFor(browserRef, 'fresh-code-456')() },
    ]);
    browserRef.opened = h.browser.opened;
    await runSetup(options(), h.deps);

    expect(h.prompter?.masked).toEqual(['Client secret (the Value, not the Secret ID)']);
    const [first, second] = h.browser.opened.map((u) => new URL(u));
    expect(first?.searchParams.get('code_challenge')).toBeTruthy();
    expect(second?.searchParams.get('code_challenge')).toBeNull();
    expect(second?.searchParams.get('redirect_uri')).toBe('https://localhost/myapp');
    expect(second?.searchParams.get('scope')).toMatch(/^offline_access /);
    expect(h.redemptions.map((r) => r.code)).toEqual(['first-code-123']);
    expect(h.saved[0]?.secrets).toEqual({ 'client-secret': SECRET, 'refresh-token': 'rt-123456789' });
    expect(h.saved[0]?.profile).toMatchObject({
      method: 'self-deployed',
      integration: 'msgraph-user',
      flow: 'auth-code',
      tenantId: TENANT,
    });

    const out = JSON.parse(h.ui.out[0] as string);
    expect(out.xsoar.params.creds_auth_code).toEqual({ password: 'fresh-code-456' });
    expect(out.xsoar.codeIssuedAt).toBe('2026-11-27T10:00:00.000Z');
    expect(out.xsoar.testCommand).toBe('!msgraph-user-test');
    expect(JSON.stringify(out)).not.toContain(SECRET);
    // Each URL stands alone on its own line.
    expect(h.ui.err).toContain(h.browser.opened[0]);
  });

  it('--handoff refresh-token gives XSOAR refresh_token:<token>, masked unless --show-secrets', async () => {
    for (const showSecrets of [false, true]) {
      const ref: { opened: string[] } = { opened: [] };
      const h = harness([{ match: 'Paste the redirect', answer: () => redirectFor(ref, 'code-1-abcdef')() }], {
        env: { MS_AUTH_CLIENT_SECRET: SECRET },
      });
      ref.opened = h.browser.opened;
      await runSetup(
        options({
          integration: 'msgraph-user',
          method: 'self-deployed',
          flow: 'auth-code',
          tenant: TENANT,
          clientId: CLIENT,
          redirectUri: 'https://localhost/myapp',
          handoff: 'refresh-token',
          showSecrets,
        }),
        h.deps,
      );
      const params = JSON.parse(h.ui.out[0] as string).xsoar.params;
      expect(params.creds_auth_code).toEqual({ password: showSecrets ? 'refresh_token:rt-123456789' : 'refr…' });
      expect(h.browser.opened).toHaveLength(1);
    }
  });

  it('--no-exchange requests the code without PKCE and hands it to XSOAR unredeemed', async () => {
    const ref: { opened: string[] } = { opened: [] };
    const h = harness([{ match: 'Paste the redirect', answer: () => redirectFor(ref, 'only-code-1')() }], {
      env: { MS_AUTH_CLIENT_SECRET: SECRET },
    });
    ref.opened = h.browser.opened;
    await runSetup(
      options({
        integration: 'msgraph-user',
        method: 'self-deployed',
        flow: 'auth-code',
        tenant: TENANT,
        clientId: CLIENT,
        redirectUri: 'https://localhost/myapp',
        exchange: false,
      }),
      h.deps,
    );
    expect(new URL(h.browser.opened[0] as string).searchParams.get('code_challenge')).toBeNull();
    expect(h.redemptions).toEqual([]);
    expect(JSON.parse(h.ui.out[0] as string).xsoar.params.creds_auth_code).toEqual({ password: 'only-code-1' });
    expect(h.saved[0]?.secrets).toEqual({ 'client-secret': SECRET });
  });

  it('the Cortex XSOAR application path prints the consent page, takes ID/Token/Key and stores Token and Key', async () => {
    const h = harness([
      { match: 'ID', answer: 'reg-123@https://oproxy.example/token' },
      { match: 'Token', answer: 'tok-abcdef' },
      { match: 'Key', answer: KEY },
    ]);
    await runSetup(options({ integration: 'msgraph-user', method: 'xsoar-app' }), h.deps);
    expect(h.browser.opened).toEqual(['https://oproxy.demisto.ninja/ms-graph-user']);
    expect(h.prompter?.masked).toEqual(['Token', 'Key']);
    expect(h.saved[0]?.secrets).toEqual({ 'xsoar-token': 'tok-abcdef', 'xsoar-key': KEY });
    const params = JSON.parse(h.ui.out[0] as string).xsoar.params;
    expect(params).toEqual({
      creds_auth_id: { password: 'reg-123@https://oproxy.example/token' },
      creds_tenant_id: { password: 'tok-…' },
      creds_enc_key: { password: `${KEY.slice(0, 4)}…` },
      self_deployed: false,
      azure_cloud: 'Worldwide',
    });
  });

  it('a bad Key from the environment is a usage error naming the variable', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_XSOAR_TOKEN: 'tok', MS_AUTH_XSOAR_KEY: 'c2hvcnQ=' } });
    await expect(runSetup(options({ integration: 'msgraph-user', method: 'xsoar-app', xsoarId: 'reg-1' }), h.deps)).rejects.toThrow(
      'MS_AUTH_XSOAR_KEY: Key must encode 16, 24 or 32 bytes (this one has 5).',
    );
    expect(h.saved).toEqual([]);
  });

  it('without a terminal, the paste is the next stdin line and a foreign state stops before any redemption', async () => {
    const h = harness([], {
      prompt: false,
      env: { MS_AUTH_CLIENT_SECRET: SECRET },
      stdin: ['https://localhost/myapp?code=abcdefgh123&state=not-ours'],
    });
    await expect(
      runSetup(options({ method: 'self-deployed', scopes: ['User.Read'], tenant: TENANT, clientId: CLIENT }), h.deps),
    ).rejects.toMatchObject({ kind: 'auth', code: 'state_mismatch' });
    expect(h.redemptions).toEqual([]);
    expect(h.saved).toEqual([]);
  });

  /** An Azure Data Explorer profile whose cluster URL was edited in the file to another host. */
  const editedKusto = savedProfile({ integration: 'azure-data-explorer', params: { cluster_url: 'https://evil.example/kusto' } });

  it('setup --push without a terminal: a saved parameter naming a host ms-auth does not know is refused (exit 3) before anything is asked, opened or saved', async () => {
    const given = {
      integration: 'azure-data-explorer',
      method: 'self-deployed' as const,
      flow: 'client-credentials' as const,
      tenant: TENANT,
      clientId: CLIENT,
    };
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET } });
    h.deps.existing = { ...editedKusto, flow: 'client-credentials' };
    await expect(runSetup(options({ ...given, push: true }), h.deps)).rejects.toMatchObject({
      kind: 'config',
      code: 'param_url_untrusted',
      message: expect.stringContaining('https://evil.example'),
      hints: [expect.stringContaining('--param cluster_url=URL')],
    });
    expect(h.saved).toEqual([]);
    expect(h.browser.opened).toEqual([]);
  });

  it('without a terminal and without --push, such a saved parameter is kept and named in a warning', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET }, stdin: ['abcdefghijkl'] });
    h.deps.existing = editedKusto;
    await runSetup({ ...authCodeFlags('azure-data-explorer'), params: { client_activity_prefix: 'xsoar' } }, h.deps);
    expect(h.saved[0]?.profile.params).toMatchObject({ cluster_url: 'https://evil.example/kusto' });
    expect(h.ui.err).toContain(
      '! Parameter cluster_url of profile "p1" sends the sign-in or tokens of Azure Data Explorer to https://evil.example, which ms-auth does not know for it: check it before XSOAR gets it (push asks, or refuses without a terminal).',
    );
  });

  const sentinelFlags = options({
    integration: 'azure-sentinel',
    method: 'self-deployed',
    flow: 'client-credentials',
    tenant: TENANT,
    clientId: CLIENT,
  });

  it('without a terminal a required parameter neither given nor saved is a usage error naming each --param, before any browser or save', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET } });
    await expect(runSetup({ ...sentinelFlags, params: { subscriptionID: 'sub-1' } }, h.deps)).rejects.toMatchObject({
      kind: 'usage',
      message:
        'Microsoft Sentinel needs "Default Resource Group Name", "Workspace Name": pass --param resourceGroupName=VALUE --param workspaceName=VALUE (no terminal to ask on).',
    });
    expect(h.browser.opened).toEqual([]);
    expect(h.saved).toEqual([]);
  });

  it('setup --push without a terminal leaves the required parameters to push, which counts what the XSOAR instance already holds', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET } });
    const failure = await runSetup({ ...sentinelFlags, push: true }, h.deps).catch((error: unknown) => error);
    // Past the parameters to the push step, which this harness does not wire.
    expect(failure).toMatchObject({ message: '--push is not available here.' });
  });

  it('without a terminal the required parameters saved by an earlier setup of the integration stand in for --param', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET }, stdin: [] });
    const params = { subscriptionID: 'sub-1', resourceGroupName: 'rg-1', workspaceName: 'ws-1' };
    h.deps.existing = savedProfile({ integration: 'azure-sentinel', flow: 'client-credentials', params });
    const consent = runSetup(sentinelFlags, h.deps);
    await expect(consent).rejects.toMatchObject({ kind: 'cancelled' });
    expect(h.browser.opened[0]).toContain('/adminconsent?');
  });

  it('at a terminal a saved parameter naming a host ms-auth does not know is not offered: Enter takes the definition default', async () => {
    const h = harness(
      [
        { match: 'Cluster URL', answer: '' },
        { match: 'Client Activity Prefix', answer: 'xsoar' },
        { match: 'Paste the redirect', answer: () => 'abcdefghijkl' },
      ],
      { env: { MS_AUTH_CLIENT_SECRET: SECRET } },
    );
    h.deps.existing = editedKusto;
    await runSetup(authCodeFlags('azure-data-explorer'), h.deps);
    expect(h.saved[0]?.profile.params).toMatchObject({ cluster_url: 'https://help.kusto.windows.net' });
  });

  it('a flow the catalog leaves out is refused with its reason, whichever method would follow, before anything is asked', async () => {
    const h = harness([]);
    for (const integration of ['ms-management-activity', 'azure-log-analytics']) {
      await expect(runSetup(options({ integration, flow: 'auth-code' }), h.deps)).rejects.toMatchObject({
        kind: 'usage',
        message: expect.stringMatching(
          /^ms-auth does not set up .*'s --flow auth-code: XSOAR redeems the (self-deployed )?code at the v1 endpoint/,
        ),
      });
    }
    await expect(runSetup(options({ integration: 'ms-management-activity', method: 'self-deployed' }), h.deps)).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('does not support --method self-deployed (it supports xsoar-app)'),
      hints: [expect.stringContaining('Use the Cortex XSOAR application.')],
    });
    expect(h.prompter?.asked).toEqual([]);
  });

  it('--flow auth-code with --method xsoar-app is not refused for a self-deployed reason: the Cortex XSOAR application is what the reason offers', async () => {
    const h = harness([]);
    const run = runSetup(options({ integration: 'azure-log-analytics', method: 'xsoar-app', flow: 'auth-code' }), h.deps);
    // Past the method and flow to the integration's parameters, the next question of the Cortex XSOAR application path.
    await expect(run).rejects.toThrow('Unexpected question "Default Subscription ID (XSOAR parameter subscriptionID)"');
  });

  it('refuses a method the integration does not offer', async () => {
    const h = harness([], { prompt: false });
    await expect(runSetup(options({ integration: 'azure-sentinel', method: 'xsoar-app' }), h.deps)).rejects.toThrow(
      /does not support --method xsoar-app/,
    );
  });

  it('without a terminal the hand-off defaults to a fresh code when the integration redeems one', async () => {
    const h = harness([], { prompt: false, env: { MS_AUTH_CLIENT_SECRET: SECRET }, stdin: [] });
    const pasted: string[] = [];
    h.deps.lines = {
      next: async () => {
        const sent = new URL(h.browser.opened.at(-1) as string);
        pasted.push(sent.toString());
        return `code=c${pasted.length}xxxxxxx&state=${sent.searchParams.get('state')}`;
      },
      close: () => undefined,
    };
    await runSetup(
      options({ integration: 'msgraph-user', method: 'self-deployed', flow: 'auth-code', tenant: TENANT, clientId: CLIENT }),
      h.deps,
    );
    expect(pasted).toHaveLength(2);
    expect(JSON.parse(h.ui.out[0] as string).xsoar.params.creds_auth_code).toEqual({ password: 'c2xxxxxxx' });
  });

  it('--handoff refresh-token when Entra returns no refresh token is an auth failure (exit 4), nothing saved', async () => {
    const ref: { opened: string[] } = { opened: [] };
    const h = harness([{ match: 'Paste the redirect', answer: () => redirectFor(ref, 'code-1-abcdef')() }], {
      env: { MS_AUTH_CLIENT_SECRET: SECRET },
    });
    ref.opened = h.browser.opened;
    h.deps.redeem = async () => ({ accessToken: 'at', scopes: [], expiresIn: 3600 });
    await expect(
      runSetup(
        options({
          integration: 'msgraph-user',
          method: 'self-deployed',
          flow: 'auth-code',
          tenant: TENANT,
          clientId: CLIENT,
          redirectUri: 'https://localhost/myapp',
          handoff: 'refresh-token',
        }),
        h.deps,
      ),
    ).rejects.toMatchObject({
      kind: 'auth',
      code: 'no_refresh_token',
    });
    expect(h.saved).toEqual([]);
  });

  it('--no-exchange with --handoff is a usage error', async () => {
    const h = harness([], { prompt: false });
    await expect(runSetup(options({ integration: 'msgraph-user', exchange: false, handoff: 'fresh-code' }), h.deps)).rejects.toThrow(
      /--no-exchange hands XSOAR the first code itself/,
    );
  });

  it.each([
    [
      { integration: 'microsoft-atp', method: 'self-deployed' as const, cloud: 'china' as const },
      /does not run in --cloud china: XSOAR's integration supports worldwide, us-gcc, us-gcc-high, us-dod/,
    ],
    [
      { integration: 'msgraph-mail-single-user', method: 'self-deployed' as const, cloud: 'us-gcc-high' as const },
      /does not run in --cloud us-gcc-high/,
    ],
    [{ integration: 'azure-sc', method: 'xsoar-app' as const, cloud: 'china' as const }, /does not run in --cloud china/],
  ])('refuses an integration outside its clouds: %j', async (extra, message) => {
    const h = harness([], { prompt: false });
    await expect(runSetup(options(extra), h.deps)).rejects.toThrow(message);
  });

  it('the wizard offers exactly the integrations it can finish in the cloud: in US GCC High 11, not msgraph-groups (worldwide and US GCC only)', async () => {
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-device' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: CLIENT },
      { match: 'Client secret', answer: SECRET },
      { match: 'Redirect URI', answer: 'https://localhost/myapp' },
      { match: 'Paste the redirect', answer: () => consented() },
    ]);
    const consented = () =>
      `https://localhost/myapp?admin_consent=True&tenant=${TENANT}&state=${new URL(h.browser.opened.at(-1) as string).searchParams.get('state')}`;
    await runSetup(options({ cloud: 'us-gcc-high' }), h.deps);
    const offer = h.prompter?.offered.get('Which XSOAR integration is this for?');
    expect(offer).toEqual([
      'msgraph-user',
      'msgraph-mail',
      'msgraph-api',
      'msgraph-device',
      'microsoft-atp',
      'microsoft-cas',
      'microsoft-defender-endpoint-alerts',
      'azure-sentinel',
      'azure-key-vault',
      'azure-log-analytics',
      'azure-ks',
    ]);
    expect(offer).not.toContain('msgraph-groups');
    expect(h.saved[0]?.profile).toMatchObject({ integration: 'msgraph-device', cloud: 'us-gcc-high', flow: 'client-credentials' });
  });

  it.each(CLOUDS)(
    'in %s the wizard offers exactly the catalog integrations it can finish there: the Cortex XSOAR application (worldwide) or a self-deployed app with a flow that runs there',
    async (cloud) => {
      const h = harness([{ match: 'Which XSOAR integration', answer: 'msgraph-api' }]);
      await runSetup(options({ cloud }), h.deps).catch(() => undefined);
      const finishable = INTEGRATIONS.filter(
        (i) =>
          i.clouds.includes(cloud) &&
          ((i.methods.includes('self-deployed') && i.flows.some((flow) => i.scopes[flow]?.[cloud] !== undefined)) ||
            (i.methods.includes('xsoar-app') && cloud === 'worldwide')),
      ).map((i) => i.id);
      expect(h.prompter?.offered.get('Which XSOAR integration is this for?')).toEqual(finishable);
      if (cloud !== 'worldwide') expect(finishable).not.toContain('ms-management-activity');
    },
  );

  it("in US GCC High the wizard offers only the flows that run there: Kubernetes Service's client credentials and auth code, not device code", async () => {
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'azure-ks' },
      { match: 'Which sign-in flow', answer: 'client-credentials' },
    ]);
    await runSetup(options({ cloud: 'us-gcc-high' }), h.deps).catch(() => undefined);
    expect(h.prompter?.offered.get('Which sign-in flow?')).toEqual(['client-credentials', 'auth-code']);
  });

  it('in US GCC High, Graph API, whose only flow there is device code, goes on with device code and says so instead of asking for a flow', async () => {
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-api' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: CLIENT },
    ]);
    await expect(runSetup(options({ cloud: 'us-gcc-high' }), h.deps)).rejects.toThrow('no device code in these unit tests');
    expect(h.prompter?.asked).not.toContain('Which sign-in flow?');
    expect(h.ui.err.join('\n')).toContain('In us-gcc-high, Microsoft Graph API runs only with the device-code flow.');
  });

  it('a client secret that is a Secret ID is refused in place: the wizard asks again and stores the Value', async () => {
    const secretId = '0a1b2c3d-0000-4000-8000-000000000000';
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-user' },
      { match: 'Which application', answer: 'self-deployed' },
      { match: 'Which sign-in flow', answer: 'auth-code' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: CLIENT },
      { match: 'Client secret', answer: (validate) => (validate?.(secretId) ? SECRET : secretId) },
      { match: 'Redirect URI', answer: 'https://localhost/myapp' },
      { match: 'What should XSOAR get?', answer: 'none' },
      { match: 'Paste the redirect', answer: () => 'abcdefghijkl' },
    ]);
    await runSetup(options(), h.deps);
    expect(h.saved[0]?.secrets['client-secret']).toBe(SECRET);
  });

  it('setting a profile up again offers its values and its stored secret', async () => {
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-user' },
      { match: 'Which application', answer: 'self-deployed' },
      { match: 'Which sign-in flow', answer: 'auth-code' },
      { match: 'Tenant', answer: '' },
      { match: 'Client ID', answer: '' },
      { match: 'Use the client secret already stored', answer: true },
      { match: 'Redirect URI', answer: '' },
      { match: 'What should XSOAR get?', answer: 'none' },
      { match: 'Paste the redirect', answer: () => 'abcdefghijkl' },
    ]);
    h.deps.existing = savedProfile({ redirectUri: 'https://localhost/other' });
    await h.store.set('p1', 'client-secret', SECRET);
    await runSetup(options(), h.deps);
    expect(h.saved[0]?.profile).toMatchObject({ tenantId: TENANT, clientId: CLIENT, redirectUri: 'https://localhost/other' });
    expect(h.saved[0]?.secrets['client-secret']).toBe(SECRET);
  });

  it('setting a pushed profile up again keeps where it was pushed for the same integration, not for another', async () => {
    const xsoar = { url: 'https://xsoar.example.com', instance: 'msgraph-user_p1', caFile: '/etc/xsoar-ca.pem' };
    for (const [integration, kept] of [
      ['msgraph-user', true],
      ['msgraph-api', false],
    ] as const) {
      const h = harness([{ match: 'Paste the redirect', answer: () => 'abcdefghijkl' }], { env: { MS_AUTH_CLIENT_SECRET: SECRET } });
      h.deps.existing = savedProfile({ xsoar });
      await runSetup(authCodeFlags(integration), h.deps);
      expect(h.saved[0]?.profile.xsoar).toEqual(kept ? xsoar : undefined);
    }
  });

  it('--listen in the wizard: a self-deployed app, the auth code flow and the loopback redirect URI, said instead of asked', async () => {
    const h = harness([
      { match: 'Which XSOAR integration', answer: 'msgraph-user' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: CLIENT },
      { match: 'Client secret', answer: SECRET },
      { match: 'What should XSOAR get?', answer: 'none' },
    ]);
    const listened: string[] = [];
    h.deps.listen = async (o) => {
      listened.push(o.redirectUri);
      return {
        result: Promise.resolve({ kind: 'code', code: 'listened-code-1', state: o.expectedState }),
        close: async () => undefined,
        startPage: (target) => target,
      };
    };
    await runSetup(options({ listen: true }), h.deps);
    expect(listened).toEqual(['http://localhost:8400/callback']);
    expect(h.ui.err.join('\n')).toContain('Redirect URI: http://localhost:8400/callback (register it on the app');
    expect(h.ui.err.join('\n')).toContain('Sign-in flow: Authorization code');
    expect(h.saved[0]?.profile).toMatchObject({
      method: 'self-deployed',
      flow: 'auth-code',
      redirectUri: 'http://localhost:8400/callback',
    });
  });

  it('on a machine without a display the wizard says so and preselects the device code flow; it asks the required parameters', async () => {
    const h = harness([
      { match: 'Which sign-in flow', answer: '' },
      { match: 'Default Subscription ID (XSOAR parameter subscription_id)', answer: 'sub-1' },
      { match: 'Default Resource Group Name (XSOAR parameter resource_group_name)', answer: 'rg-1' },
      { match: 'Tenant', answer: TENANT },
      { match: 'Client ID', answer: '' },
    ]);
    h.deps.hasDisplay = false;
    const polled: string[] = [];
    h.deps.startDevice = async (settings) => {
      polled.push(settings.clientId);
      return {
        verificationUri: 'https://microsoft.com/devicelogin',
        userCode: 'ABCDEFGHI',
        expiresIn: 900,
        interval: 5,
        response: {} as never,
        scopes: [],
      };
    };
    h.deps.pollDevice = async () => ({
      accessToken: 'at',
      refreshToken: 'rt-device-1234',
      scopes: ['https://management.azure.com/user_impersonation'],
      expiresIn: 3600,
    });
    await runSetup(options({ integration: 'azure-nsg', method: 'self-deployed' }), h.deps);
    expect(h.ui.err).toContain('No browser can be shown on this machine: the device code flow lets you sign in on another device.');
    // XSOAR's own public client is the default client ID for its device-code integrations.
    expect(polled).toEqual(['d4736600-e3d5-4c97-8e65-57abd2b979fe']);
    expect(h.ui.err).toEqual(expect.arrayContaining(['https://microsoft.com/devicelogin', 'ABCDEFGHI']));
    expect(h.saved[0]?.profile).toMatchObject({ flow: 'device-code', redirectUri: '' });
    expect(h.saved[0]?.secrets).toEqual({ 'refresh-token': 'rt-device-1234' });
    // NSG's ID field takes <client id>@<refresh token>: a secret, masked.
    const params = JSON.parse(h.ui.out[0] as string).xsoar.params;
    expect(JSON.stringify(params)).not.toContain('rt-device-1234');
    expect(params.auth_type).toBe('Device Code');
    expect(params).toMatchObject({ subscription_id: 'sub-1', resource_group_name: 'rg-1' });
    expect(h.saved[0]?.profile.params).toEqual({ subscription_id: 'sub-1', resource_group_name: 'rg-1' });
  });

  it.each([
    ['a parameter the integration lacks', { nope: 'x' }, 'Microsoft Sentinel has no such parameter'],
    ['an authentication parameter', { azure_cloud: 'China' }, 'gets azure_cloud from ms-auth'],
    ['a secret-looking value', { workspaceName: 'abc8Q~abcdefghijklmnopqrstuvwxyz0123456' }, 'looks like an Entra client secret'],
    ['a credentials field', { managed_identities_client_id: 'x' }, 'secret or credentials field'],
  ])('refuses %s in --param', async (_, params, message) => {
    const h = harness([]);
    h.deps.prompter = undefined;
    await expect(
      runSetup(options({ integration: 'azure-sentinel', method: 'self-deployed', flow: 'client-credentials', params }), h.deps),
    ).rejects.toThrow(message);
    expect(h.saved).toHaveLength(0);
  });

  it('refuses --param without an integration', async () => {
    const h = harness([]);
    h.deps.prompter = undefined;
    await expect(
      runSetup(
        options({
          method: 'self-deployed',
          flow: 'client-credentials',
          scopes: ['https://graph.microsoft.com/.default'],
          params: { a: 'b' },
        }),
        h.deps,
      ),
    ).rejects.toThrow('need --integration ID');
  });
});
