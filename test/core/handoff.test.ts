import { describe, expect, it } from 'vitest';
import { buildHandoff, formatHandoff, paramsObject, type HandoffInput } from '../../src/core/handoff.js';
import { findIntegration } from '../../src/core/catalog.js';

const base: HandoffInput = {
  integration: undefined,
  method: 'self-deployed',
  flow: 'auth-code',
  cloud: 'worldwide',
  clientId: 'client-1',
  tenantId: 'tenant-1',
  redirectUri: 'https://localhost/myapp',
  clientSecret: 'abcd1234secret',
  showSecrets: false,
};

describe('buildHandoff()', () => {
  it('without an integration says the generic names are legacy fields and points to --integration', () => {
    const notes = buildHandoff({ ...base, authCode: { kind: 'code', code: 'c', issuedAt: 't' } }).notes;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('auth_id, enc_key and auth_code as hidden legacy fields');
    expect(notes[0]).toContain('--integration ID');
  });

  it('hands over required parameters with their labels, and says when there is no reset command', () => {
    const sentinel = buildHandoff({
      ...base,
      integration: findIntegration('azure-sentinel'),
      flow: 'client-credentials',
      params: { subscriptionID: 'sub-1' },
    });
    expect(paramsObject(sentinel)['subscriptionID']).toBe('sub-1');
    expect(formatHandoff(sentinel, 'T')).toContain('Default Subscription ID [subscriptionID]\n      sub-1');
    // what is still missing (a run without a terminal) is named, with how to give it
    expect(sentinel.notes[0]).toBe(
      'Still required by Microsoft Sentinel and not given: Default Resource Group Name [resourceGroupName], Workspace Name [workspaceName]. Fill them in XSOAR, or pass --param NAME=VALUE to ms-auth setup or push.',
    );
    const search = buildHandoff({
      ...base,
      integration: findIntegration('msgraph-search'),
      authCode: { kind: 'code', code: 'c', issuedAt: 't' },
    });
    expect(search.resetCommand).toBeUndefined();
    expect(search.notes).toEqual([
      expect.stringContaining('has no reset command: to reconfigure an instance that already exists, delete it and create it anew'),
    ]);
  });

  it('without an integration uses the common parameter names and masks the secret', () => {
    const params = paramsObject(buildHandoff({ ...base, authCode: { kind: 'code', code: 'fresh', issuedAt: 't' } }));
    expect(params).toEqual({
      auth_id: 'client-1',
      tenant_id: 'tenant-1',
      enc_key: 'abcd…',
      self_deployed: true,
      redirect_uri: 'https://localhost/myapp',
      auth_code: 'fresh',
      azure_cloud: 'Worldwide',
    });
  });

  it('puts credentials-type values in their half, merging two values that share a parameter', () => {
    const sentinel = findIntegration('azure-sentinel');
    const params = paramsObject(
      buildHandoff({ ...base, integration: sentinel, flow: 'client-credentials', cloud: 'us-gcc-high', showSecrets: true }),
    );
    expect(params['credentials']).toEqual({ identifier: 'client-1', password: 'abcd1234secret' });
    const text = formatHandoff(buildHandoff({ ...base, integration: sentinel, flow: 'client-credentials', showSecrets: false }), 'T');
    expect(text).toContain('Client ID [credentials, user name half]\n      client-1');
    // The definition names no label for the password half: XSOAR shows its default, "Password".
    expect(text).toContain('Password [credentials, password half]\n      abcd…');
    expect(params['azure_cloud']).toBe('US GCC-High');
    expect(params).not.toHaveProperty('redirect_uri');
  });

  it("sets the integration's flow selector and cloud field (Defender for Endpoint)", () => {
    const atp = findIntegration('microsoft-atp');
    const params = paramsObject(
      buildHandoff({ ...base, integration: atp, cloud: 'us-dod', authCode: { kind: 'refresh-token', token: 'rt-secret-1' } }),
    );
    expect(params['auth_type']).toBe('Authorization Code');
    expect(params['endpoint_type']).toBe('DoD');
    expect(params['auth_code']).toEqual({ password: 'refr…' });
  });

  it('the text block names display labels, parameter names, the test and reset commands', () => {
    const text = formatHandoff(
      buildHandoff({
        ...base,
        integration: findIntegration('msgraph-user'),
        authCode: { kind: 'code', code: 'c0de', issuedAt: '2026-11-27T10:00:00.000Z' },
      }),
      'Title',
    );
    expect(text).toContain('[creds_auth_code, password half]');
    expect(text).toContain('c0de');
    expect(text).toContain('(masked; --show-secrets prints it)');
    expect(text).toContain('issued at 2026-11-27T10:00:00.000Z and lasts about ten minutes');
    expect(text).toContain('Test it in XSOAR: run !msgraph-user-test.');
    expect(text).toContain('!msgraph-user-auth-reset');
    expect(text).not.toContain('abcd1234secret');
  });

  it('an auth-code hand-off without a code says how XSOAR gets one', () => {
    const result = buildHandoff({ ...base, integration: findIntegration('msgraph-user') });
    expect(result.notes[0]).toBe(
      'No authorization code was handed over, and XSOAR needs one: get it with !msgraph-user-generate-login-url in XSOAR, or run ms-auth setup again with --handoff fresh-code.',
    );
    // in a cloud where XSOAR's command would build a worldwide URL, ms-auth's authorize-url instead
    const high = buildHandoff({ ...base, cloud: 'us-gcc-high', integration: findIntegration('msgraph-user') });
    expect(high.notes[0]).toContain('`ms-auth authorize-url --cloud us-gcc-high --integration msgraph-user');
    expect(high.notes.join(' ')).not.toContain('generate-login-url');
    expect(formatHandoff(result, 'T')).toContain('!msgraph-user-generate-login-url');
    expect(
      buildHandoff({ ...base, integration: findIntegration('msgraph-user'), authCode: { kind: 'code', code: 'c', issuedAt: 't' } }).notes,
    ).toEqual([
      'Reconfiguring an instance that already exists? Run !msgraph-user-auth-reset on it first, then save these values: XSOAR keeps using the token it already holds otherwise.',
    ]);
  });

  it('the Cortex XSOAR application is tested the way the integration wants it, and reset before reconfiguring', () => {
    const result = buildHandoff({
      ...base,
      method: 'xsoar-app',
      flow: null,
      integration: findIntegration('msgraph-user'),
      xsoarToken: 'tok-1234',
      xsoarKey: 'key-1234',
    });
    expect(result.testCommand).toBe('test-module');
    expect(result.resetCommand).toBe('!msgraph-user-auth-reset');
    const listener = buildHandoff({
      ...base,
      method: 'xsoar-app',
      flow: null,
      integration: findIntegration('msgraph-mail-single-user'),
      xsoarToken: 't',
      xsoarKey: 'k',
    });
    expect(listener.testCommand).toBe('!msgraph-mail-test');
    expect(formatHandoff(result, 'T')).toContain(
      'Reconfiguring an instance that already exists? Run !msgraph-user-auth-reset on it first, then save these values',
    );
    expect(formatHandoff(result, 'T')).toContain("Test it in XSOAR: press the instance's Test button.");
  });

  it("device code: <client id>@<refresh token> where the ID takes it (masked), else the integration's own commands and the scope", () => {
    const m365 = buildHandoff({
      ...base,
      flow: 'device-code',
      integration: findIntegration('microsoft-365-defender'),
      clientId: '9093c354-630a-47f1-b087-6768eb9427e6',
      deviceRefreshToken: 'rt-secret-9',
      clientSecret: undefined,
    });
    const id = m365.fields.find((f) => f.param === findIntegration('microsoft-365-defender')?.params.id?.name);
    expect(id).toMatchObject({ value: '9093…', masked: true });
    expect(m365.notes).toEqual([
      'After the first command succeeds (e.g. !microsoft-365-defender-auth-test), edit the instance and set ID or Client ID back to the plain client ID 9093c354-630a-47f1-b087-6768eb9427e6: XSOAR seeds its token from the ID on every run, and that refresh token expires.',
      'Reconfiguring an instance that already exists? Run !microsoft-365-defender-auth-reset on it first, then save these values: XSOAR keeps using the token it already holds otherwise.',
    ]);
    const own = buildHandoff({
      ...base,
      flow: 'device-code',
      integration: findIntegration('microsoft-365-defender'),
      deviceRefreshToken: 'rt',
      clientSecret: undefined,
    });
    expect(own.notes[1]).toContain('the app must be multi-tenant (accounts in any organizational directory) and allow public client flows');
    expect(m365.testCommand).toBe('!microsoft-365-defender-auth-test');

    const api = buildHandoff({
      ...base,
      flow: 'device-code',
      integration: findIntegration('msgraph-api'),
      clientSecret: undefined,
      scopes: ['User.Read', 'Mail.Read'],
    });
    expect(api.notes[0]).toBe(
      'Microsoft Graph API signs in with its own device code: run !msgraph-api-auth-start in XSOAR, then !msgraph-api-auth-complete.',
    );
    const scope = findIntegration('msgraph-api')?.params.scope?.name as string;
    expect(paramsObject(api)[scope]).toBe('User.Read Mail.Read');
  });
});
