import { describe, expect, it } from 'vitest';
import { findIntegration } from '../../src/core/catalog.js';
import { cloudParams, missingParams, nonAuthParams, paramProblem } from '../../src/core/instance-params.js';
import { checkConfigDocument } from '../../src/core/profile-check.js';
import { staleRefreshTokenWarning } from '../../src/commands/export/run.js';

const sentinel = findIntegration('azure-sentinel')!;

describe('instance parameters', () => {
  it("takes the definition's own non-authentication parameters, never ms-auth's or a secret", () => {
    expect(nonAuthParams(sentinel).has('subscriptionID')).toBe(true);
    expect(nonAuthParams(sentinel).has('credentials')).toBe(false);
    expect(paramProblem(sentinel, 'subscriptionID', 'sub-1')).toBeUndefined();
    expect(paramProblem(sentinel, 'limit', '50')).toBeUndefined();
    expect(paramProblem(sentinel, 'creds_tenant_id', 't')).toContain('from ms-auth');
    expect(paramProblem(sentinel, 'tenant_id', 't')).toContain('no such parameter');
    expect(paramProblem(sentinel, 'workspaceName', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig')).toContain('looks like a JWT');
    expect(paramProblem(findIntegration('azure-firewall'), 'subscription_id', 'sub')).toBeUndefined();
    expect(paramProblem(findIntegration('azure-firewall'), 'managed_identities_client_id', 'x')).toContain('secret or credentials field');
    expect(paramProblem(undefined, 'a', 'b')).toContain('need --integration ID');
  });

  it('knows what is still missing, and what the cloud decides', () => {
    expect(missingParams(sentinel, { subscriptionID: 's' }).map((p) => p.name)).toEqual(['resourceGroupName', 'workspaceName']);
    expect(missingParams(findIntegration('msgraph-mail-single-user'), {}).map((p) => p.name)).toEqual(['mailbox_to_fetch']);
    // Entra ID Users' host follows the cloud; handed over only where it differs from the default
    expect(cloudParams(findIntegration('msgraph-user'), 'worldwide')).toEqual({});
    expect(cloudParams(findIntegration('msgraph-user'), 'us-gcc-high')).toEqual({ host: 'https://graph.microsoft.us' });
  });

  it('validate checks profile params: names, string values, no secret', () => {
    const profile = {
      method: 'self-deployed',
      integration: 'azure-sentinel',
      flow: 'client-credentials',
      cloud: 'worldwide',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      redirectUri: 'https://localhost/myapp',
      scopes: ['https://management.azure.com/.default'],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      params: { subscriptionID: 'sub-1', workspaceName: 'ws' },
    };
    expect(checkConfigDocument({ version: 1, profiles: { p: profile } }).profiles[0]?.problems).toEqual([]);
    const bad = { ...profile, params: { subscriptionID: 1, nope: 'x', workspaceName: 'abc8Q~abcdefghijklmnopqrstuvwxyz0123456' } };
    const problems = checkConfigDocument({ version: 1, profiles: { p: bad } }).profiles[0]?.problems ?? [];
    expect(problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ['profiles.p.params.subscriptionID', 'params_invalid'],
        ['profiles.p.params.nope', 'param_invalid'],
        ['profiles.p.params.workspaceName', 'secret_in_file'],
      ]),
    );
    // Key Vault's key_vaults names a parameter, not a secret
    const kv = {
      ...profile,
      integration: 'azure-key-vault',
      params: { subscription_id: 's', resource_group_name: 'rg', key_vaults: 'vault1' },
    };
    expect(checkConfigDocument({ version: 1, profiles: { p: kv } }).profiles[0]?.problems).toEqual([]);
  });
});

describe("the stored refresh token's age", () => {
  it("warns past 90 days from the profile's last save", () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(staleRefreshTokenWarning({ updatedAt: '2026-10-01T00:00:00Z' }, now)).toBeUndefined();
    expect(staleRefreshTokenWarning({ updatedAt: '2026-08-01T00:00:00Z' }, now)).toContain('saved 125 days ago');
    expect(staleRefreshTokenWarning({ updatedAt: 'garbage' }, now)).toBeUndefined();
  });
});
