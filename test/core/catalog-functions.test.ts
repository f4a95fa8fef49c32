import { describe, expect, it } from 'vitest';
import {
  INTEGRATIONS,
  UNSUPPORTED,
  defaultScopes,
  findIntegration,
  loginUrlAdvice,
  methodsFor,
  requiredParams,
  resetCommand,
  scopeParams,
  testInstruction,
  xsoarPublicClient,
} from '../../src/core/catalog.js';

const get = (id: string) => {
  const found = findIntegration(id);
  if (!found) throw new Error(id);
  return found;
};

describe('testInstruction()', () => {
  it('follows the integration, method and flow, not a blanket rule', () => {
    expect(testInstruction('microsoft-365-defender', 'self-deployed', 'client-credentials')).toEqual({
      kind: 'command',
      command: '!microsoft-365-defender-auth-test',
    });
    expect(testInstruction('msgraph-mail-single-user', 'xsoar-app', null)).toEqual({ kind: 'command', command: '!msgraph-mail-test' });
    expect(testInstruction('msgraph-user', 'xsoar-app', null)).toEqual({ kind: 'test-module' });
    expect(testInstruction('msgraph-user', 'self-deployed', 'auth-code')).toEqual({ kind: 'command', command: '!msgraph-user-test' });
    expect(testInstruction('azure-nsg', 'self-deployed', 'client-credentials')).toEqual({ kind: 'test-module' });
    expect(testInstruction('azure-nsg', 'self-deployed', 'device-code')).toEqual({ kind: 'command', command: '!azure-nsg-auth-test' });
    expect(testInstruction('azure-log-analytics', 'xsoar-app', null)).toEqual({ kind: 'command', command: '!azure-log-analytics-test' });
    // no auth-test command, and the Test button would spend the single-use code: a read command
    expect(testInstruction('msgraph-groups', 'self-deployed', 'auth-code')).toEqual({
      kind: 'command',
      command: '!msgraph-groups-list-groups',
    });
  });

  it('is undefined for a method or flow the integration lacks, or an unknown integration', () => {
    expect(testInstruction('azure-sentinel', 'self-deployed', 'auth-code')).toBeUndefined();
    expect(testInstruction('azure-sentinel', 'xsoar-app', null)).toBeUndefined();
    expect(testInstruction('nope', 'self-deployed', 'client-credentials')).toBeUndefined();
  });

  it('answers for every method and flow every entry offers', () => {
    for (const i of INTEGRATIONS) {
      if (i.methods.includes('xsoar-app')) expect(testInstruction(i, 'xsoar-app', null), i.id).toBeDefined();
      for (const flow of i.methods.includes('self-deployed') ? i.flows : [])
        expect(testInstruction(i, 'self-deployed', flow), `${i.id} ${flow}`).toBeDefined();
    }
  });
});

describe('requiredParams() and resetCommand()', () => {
  it('names the required non-authentication parameters with their labels', () => {
    expect(requiredParams('azure-sentinel').map((p) => [p.name, p.display])).toEqual([
      ['subscriptionID', 'Default Subscription ID'],
      ['resourceGroupName', 'Default Resource Group Name'],
      ['workspaceName', 'Workspace Name'],
    ]);
    expect(requiredParams('azure-nsg').map((p) => p.name)).toEqual(['subscription_id', 'resource_group_name']);
    expect(requiredParams('msgraph-mail-single-user').map((p) => [p.name, p.defaultValue])).toEqual([
      ['mailbox_to_fetch', undefined],
      ['folder_to_fetch', 'Inbox'],
    ]);
    expect(requiredParams('nope')).toEqual([]);
    // a copy: the caller may change it
    requiredParams('azure-sentinel')[0]!.name = 'changed';
    expect(requiredParams('azure-sentinel')[0]!.name).toBe('subscriptionID');
  });

  it('gives the reset command, or none for an integration without one', () => {
    expect(resetCommand('microsoft-365-defender')).toBe('!microsoft-365-defender-auth-reset');
    expect(resetCommand('msgraph-security')).toBe('!ms-graph-security-auth-reset');
    expect(resetCommand('msgraph-search')).toBeUndefined();
  });
});

describe('clouds', () => {
  it('offers the Cortex XSOAR application in the worldwide cloud only', () => {
    expect(methodsFor(get('msgraph-user'), 'worldwide')).toEqual(['xsoar-app', 'self-deployed']);
    expect(methodsFor(get('msgraph-user'), 'us-gcc')).toEqual(['self-deployed']);
    expect(methodsFor(get('ms-management-activity'), 'us-gcc-high')).toEqual([]);
  });

  it("defaults XSOAR's public client only where the worldwide login serves the tenant", () => {
    expect(xsoarPublicClient(get('azure-ks'), 'worldwide')).toBe('ab217a43-e09b-4f80-ae93-482fc7a3d1a3');
    expect(xsoarPublicClient(get('azure-ks'), 'us-gcc')).toBe('ab217a43-e09b-4f80-ae93-482fc7a3d1a3');
    expect(xsoarPublicClient(get('msgraph-api'), 'us-gcc-high')).toBeUndefined();
    expect(xsoarPublicClient(get('azure-risky-users'), 'worldwide')).toBeUndefined();
  });

  it('recommends -generate-login-url only where it builds a URL on the cloud login host', () => {
    expect(loginUrlAdvice(get('msgraph-user'), 'worldwide')).toBe('!msgraph-user-generate-login-url in XSOAR');
    expect(loginUrlAdvice(get('msgraph-user'), 'us-gcc-high')).toContain(
      'ms-auth authorize-url --cloud us-gcc-high --integration msgraph-user',
    );
    expect(loginUrlAdvice(get('msgraph-user'), 'us-gcc-high')).not.toContain('generate-login-url');
    // AKS passes the cloud's own login host to generate_login_url
    expect(loginUrlAdvice(get('azure-ks'), 'china')).toBe('!azure-ks-generate-login-url in XSOAR');
    expect(loginUrlAdvice(undefined, 'worldwide')).toContain('ms-auth authorize-url --cloud worldwide --scope');
  });
});

describe('scopes built from a parameter', () => {
  it("fills Azure Data Explorer's cluster into its scope, the definition's default otherwise", () => {
    const adx = get('azure-data-explorer');
    expect(scopeParams(adx)).toEqual(['cluster_url']);
    expect(defaultScopes(adx, 'client-credentials', 'worldwide', { cluster_url: 'https://contoso.westeurope.kusto.windows.net/' })).toEqual(
      ['https://contoso.westeurope.kusto.windows.net/.default'],
    );
    expect(defaultScopes(adx, 'device-code', 'worldwide')).toEqual(['https://help.kusto.windows.net/user_impersonation']);
    expect(scopeParams(get('azure-sentinel'))).toEqual([]);
  });
});

describe('unsupported', () => {
  it('leaves out only what has a reason, and keeps v1-endpoint flows out of the flows offered', () => {
    expect(UNSUPPORTED.map((u) => u.xsoarId)).toEqual(['Microsoft Teams']);
    expect(get('azure-log-analytics').flows).not.toContain('auth-code');
    expect(get('azure-log-analytics').unsupportedFlows?.['auth-code']).toContain('v1 endpoint');
    expect(get('ms-management-activity').flows).toEqual([]);
  });
});
