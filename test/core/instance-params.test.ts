import { describe, expect, it } from 'vitest';
import { findIntegration } from '../../src/core/catalog.js';
import { cloudParams, missingParams, nonAuthParams, paramProblem, unknownParamHost } from '../../src/core/instance-params.js';
import { checkConfigDocument } from '../../src/core/profile-check.js';
import { staleRefreshTokenWarning } from '../../src/commands/export/run.js';
import { checkXsoarId, unknownTokenUrl } from '../../src/core/xsoar-app.js';

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
    expect(paramProblem(sentinel, 'workspaceName', 'ws\u001b[8m')).toBe(
      '--param workspaceName: the value holds control characters or escape sequences.',
    );
  });

  it("names a URL's origin unless the catalog or Microsoft knows it for that parameter; other values name nothing", () => {
    const graph = findIntegration('msgraph-user');
    const kusto = findIntegration('azure-data-explorer');
    const protection = findIntegration('azure-ad-identity-protection');
    // Known: the definition's default, a cloud's value, a Microsoft login, Graph, ARM or service host (any path or port spelling).
    expect(unknownParamHost(graph, 'host', 'https://graph.microsoft.com/')).toBeUndefined();
    expect(unknownParamHost(graph, 'host', 'https://dod-graph.microsoft.us:443')).toBeUndefined();
    expect(unknownParamHost(kusto, 'cluster_url', 'https://help.kusto.windows.net')).toBeUndefined();
    expect(unknownParamHost(protection, 'azure_ad_endpoint', 'https://login.chinacloudapi.cn')).toBeUndefined();
    expect(
      unknownParamHost(findIntegration('microsoft-365-defender'), 'base_url', 'https://eu.api.security.microsoft.com'),
    ).toBeUndefined();
    // Unknown: another host, one under a Microsoft suffix anyone can have, a look-alike, credentials before the host, plain http, a scheme-relative URL.
    expect(unknownParamHost(kusto, 'cluster_url', 'https://mine.westeurope.kusto.windows.net')).toEqual({
      origin: 'https://mine.westeurope.kusto.windows.net',
    });
    expect(unknownParamHost(protection, 'azure_ad_endpoint', 'https://login.microsoftonline.com.evil.example')).toEqual({
      origin: 'https://login.microsoftonline.com.evil.example',
    });
    expect(unknownParamHost(graph, 'host', 'https://graph.microsoft.com@evil.example/v1.0')).toEqual({ origin: 'https://evil.example' });
    expect(unknownParamHost(graph, 'host', 'http://graph.microsoft.com')).toEqual({ origin: 'http://graph.microsoft.com' });
    expect(unknownParamHost(graph, 'host', ' //evil.example/x')).toEqual({ origin: 'https://evil.example' });
    // No web address ms-auth can read: another scheme, or control characters (XSOAR's Python strips some before the host).
    expect(unknownParamHost(graph, 'host', 'ftp://graph.microsoft.com')).toEqual({ unreadable: 'ftp://graph.microsoft.com' });
    expect(unknownParamHost(graph, 'host', '\u001chttps://evil.example')).toEqual({ unreadable: 'https://evil.example' });
    expect(unknownParamHost(graph, 'limit', '\u008550')).toEqual({ unreadable: '50' });
    // Not a place anything is sent: values that are no URL, and the URLs of a redirect or a form header.
    for (const value of ['Worldwide', '50', 'user@contoso.com', 'contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555'])
      expect(unknownParamHost(sentinel, 'workspaceName', value)).toBeUndefined();
    expect(unknownParamHost(findIntegration('azure-log-analytics'), 'redirect_uri', 'https://localhost/myapp')).toBeUndefined();
    expect(unknownParamHost(findIntegration('microsoft-atp'), 'url', 'https://api-au.securitycenter.microsoft.com')).toBeUndefined();
  });

  it("an XSOAR application ID's token URL: none or Palo Alto's proxy is known, anything else is named", () => {
    expect(checkXsoarId('reg-1\u001b]0;x\u0007')).toBe('ID must not hold control characters or escape sequences.');
    expect(unknownTokenUrl('reg-1')).toBeUndefined();
    expect(unknownTokenUrl('reg-1@https://oproxy.demisto.ninja/token')).toBeUndefined();
    expect(unknownTokenUrl('reg-1@https://relay.example/token')).toEqual({ origin: 'https://relay.example' });
    expect(unknownTokenUrl('reg-1@oproxy.demisto.ninja')).toEqual({ unreadable: 'oproxy.demisto.ninja' });
    expect(unknownTokenUrl('reg-1\u001b]0;x\u0007@https://oproxy.demisto.ninja')).toEqual({
      unreadable: 'reg-1@https://oproxy.demisto.ninja',
    });
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
