import { describe, it, expect } from 'vitest';
import { CLOUDS, CLOUD_INFO, type Cloud } from '../../src/core/authority.js';
import { FLOWS, METHODS, type Flow } from '../../src/core/profile.js';
import {
  INTEGRATIONS,
  TEST_BUTTON,
  XSOAR_AZURE_CLOUD,
  defaultScopes,
  findIntegration,
  xsoarCloudValue,
  type Integration,
} from '../../src/core/catalog.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const graphHosts = new Set(CLOUDS.map((c) => CLOUD_INFO[c].graph));
const armHosts = new Set(CLOUDS.map((c) => CLOUD_INFO[c].arm));

/** Every (integration, flow, cloud, scope) the catalog holds, placeholders filled with the definitions' defaults. */
function allScopes(): { integration: Integration; flow: string; cloud: Cloud; scope: string }[] {
  return INTEGRATIONS.flatMap((integration) =>
    Object.entries(integration.scopes).flatMap(([flow, byCloud]) =>
      Object.keys(byCloud ?? {}).flatMap((cloud) =>
        (defaultScopes(integration, flow as Flow, cloud as Cloud) ?? []).map((scope) => ({
          integration,
          flow,
          cloud: cloud as Cloud,
          scope,
        })),
      ),
    ),
  );
}

/** A scope is `<resource>/<permission>`; the resource is an https URI or an app ID (GUID). */
const resourceOf = (scope: string): string => scope.slice(0, scope.lastIndexOf('/'));

describe('catalog entries', () => {
  it('has unique kebab-case ids and kebab-case command prefixes', () => {
    const ids = INTEGRATIONS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of INTEGRATIONS) {
      expect(i.id, i.id).toMatch(KEBAB);
      expect(i.commandPrefix, i.id).toMatch(KEBAB);
    }
  });

  it.each(INTEGRATIONS.map((i) => [i.id, i] as const))('%s is complete', (_id, i) => {
    expect(i.name.trim()).not.toBe('');
    expect(i.xsoarId.trim()).not.toBe('');
    expect(i.methods.length).toBeGreaterThan(0);
    expect(new Set(i.methods).size).toBe(i.methods.length);
    for (const m of i.methods) expect(METHODS).toContain(m);
    for (const f of i.flows) expect(FLOWS).toContain(f);
    expect(new Set(i.flows).size).toBe(i.flows.length);
    if (i.methods.includes('self-deployed')) expect(i.flows.length).toBeGreaterThan(0);
    // xsoarApp present iff the Cortex XSOAR (oproxy) application is a method
    expect(i.xsoarApp !== undefined).toBe(i.methods.includes('xsoar-app'));
    if (i.xsoarApp !== undefined) expect(i.xsoarApp).toMatch(KEBAB);
    if (i.xsoarPublicClientId !== undefined) {
      expect(i.xsoarPublicClientId).toMatch(GUID);
      expect(i.flows).toContain('device-code');
    }
    expect(i.params.id?.name).toBeTruthy();
    expect(i.params.token?.name).toBeTruthy();
    expect(i.params.key?.name).toBeTruthy();
    for (const param of Object.values(i.params)) {
      expect(param.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      expect(param.display.trim()).not.toBe('');
    }
    expect(i.clouds.length).toBeGreaterThan(0);
    for (const c of i.clouds) expect(CLOUDS).toContain(c);
    expect(i.permissions.length).toBeGreaterThan(0);
    for (const p of i.permissions) {
      expect(p.name.trim()).not.toBe('');
      expect(['application', 'delegated', 'azure-role']).toContain(p.type);
    }
  });

  it('names a test for every method and flow, each a War Room command or the Test button, and commands that use the prefix', () => {
    for (const i of INTEGRATIONS) {
      const keys = [...(i.methods.includes('xsoar-app') ? ['xsoar-app'] : []), ...(i.methods.includes('self-deployed') ? i.flows : [])];
      expect(Object.keys(i.tests).sort(), i.id).toEqual(keys.sort());
      for (const test of Object.values(i.tests))
        expect(test === TEST_BUTTON || /^![a-z0-9]+(?:-[a-z0-9]+)*$/.test(test), `${i.id} ${test}`).toBe(true);
      const commands = [i.loginUrlCommand, i.authStartCommand, i.authCompleteCommand].filter((c) => c !== undefined);
      for (const c of commands) expect(c, i.id).toMatch(new RegExp(`^!${i.commandPrefix}-[a-z-]+$`));
    }
    expect(TEST_BUTTON).toBe('test-module');
  });

  it('gives every self-deployed auth-code or device-code flow the XSOAR commands it relies on', () => {
    for (const i of INTEGRATIONS) {
      if (i.flows.includes('auth-code')) {
        expect(i.params.redirectUri, i.id).toBeDefined();
        expect(i.params.authCode, i.id).toBeDefined();
        expect(i.authCodeNeedsCode, i.id).toBe(true);
        expect(i.loginUrlCommand, i.id).toBeDefined();
        // XSOAR's Test button cannot test a code it has to redeem itself
        expect(i.tests['auth-code'], i.id).not.toBe(TEST_BUTTON);
      } else {
        expect(i.authCodeNeedsCode, i.id).toBeUndefined();
      }
      if (i.flows.includes('device-code')) {
        expect(i.authStartCommand, i.id).toBeDefined();
        expect(i.authCompleteCommand, i.id).toBeDefined();
      }
    }
  });

  it('gives a selector value for each flow when the grant is picked by a parameter', () => {
    for (const i of INTEGRATIONS) {
      const authType = i.params.authType;
      if (!authType) continue;
      expect(Object.keys(authType.flowValues ?? {}).sort(), i.id).toEqual([...i.flows].sort());
    }
  });

  it('records a credentials-type half consistently for shared parameters', () => {
    for (const i of INTEGRATIONS) {
      const byName = new Map<string, string[]>();
      for (const p of Object.values(i.params)) byName.set(p.name, [...(byName.get(p.name) ?? []), p.credential ?? 'plain']);
      for (const [name, halves] of byName) {
        if (halves.length === 1) continue;
        // one parameter holding two values: exactly its identifier and its password
        expect(halves.sort(), `${i.id} ${name}`).toEqual(['identifier', 'password']);
      }
    }
  });
});

describe('scopes', () => {
  it('has scopes for every supported flow, and only for those', () => {
    for (const i of INTEGRATIONS) {
      expect(Object.keys(i.scopes).sort(), i.id).toEqual([...i.flows].sort());
    }
  });

  it('covers, per integration, exactly the clouds it declares, and each flow only clouds it declares', () => {
    for (const i of INTEGRATIONS) {
      const covered = new Set<Cloud>();
      // The Cortex XSOAR application alone: worldwide, where Palo Alto's consent apps live.
      if (i.flows.length === 0) covered.add('worldwide');
      for (const flow of i.flows) {
        const clouds = Object.keys(i.scopes[flow] ?? {}) as Cloud[];
        expect(clouds.length, `${i.id} ${flow}`).toBeGreaterThan(0);
        for (const c of clouds) {
          expect(i.clouds, `${i.id} ${flow}`).toContain(c);
          covered.add(c);
        }
      }
      expect([...covered].sort(), i.id).toEqual([...i.clouds].sort());
    }
  });

  it('covers all five clouds where XSOAR follows the cloud parameter for every flow', () => {
    for (const id of ['msgraph-user', 'azure-sentinel', 'msgraph-mail']) {
      const i = findIntegration(id)!;
      for (const flow of i.flows) {
        expect(Object.keys(i.scopes[flow] ?? {}).sort(), `${id} ${flow}`).toEqual([...CLOUDS].sort());
      }
    }
    expect(Object.keys(findIntegration('msgraph-api')!.scopes['device-code'] ?? {}).sort()).toEqual([...CLOUDS].sort());
  });

  it('uses .default for every client-credentials scope', () => {
    for (const { integration, flow, scope } of allScopes()) {
      // `<resource>/.default`; a resource URI may have a path (…/windowsatpservice/.default)
      if (flow === 'client-credentials')
        expect(scope, integration.id).toMatch(/^(?:https:\/\/[^/\s]+(?:\/[^/\s]+)*|[0-9a-f-]{36})\/\.default$/);
    }
  });

  it('uses single well-formed tokens on an https resource or an app ID, never offline_access', () => {
    for (const { integration, scope } of allScopes()) {
      expect(scope, integration.id).not.toMatch(/\s|[{}]/);
      expect(scope.toLowerCase(), integration.id).not.toBe('offline_access');
      if (GUID.test(resourceOf(scope))) continue;
      const url = new URL(scope);
      expect(url.protocol, scope).toBe('https:');
      expect(url.username + url.password + url.search + url.hash, scope).toBe('');
      expect(url.pathname.length, scope).toBeGreaterThan(1);
    }
  });

  it('uses the Graph and Resource Manager host of the scope cloud', () => {
    for (const { integration, cloud, scope } of allScopes()) {
      if (GUID.test(resourceOf(scope))) continue;
      const host = new URL(scope).hostname;
      if (graphHosts.has(host)) expect(host, `${integration.id} ${cloud}`).toBe(CLOUD_INFO[cloud].graph);
      if (armHosts.has(host)) expect(host, `${integration.id} ${cloud}`).toBe(CLOUD_INFO[cloud].arm);
    }
  });

  it('keeps the one resource per flow and cloud that a token request can carry', () => {
    for (const i of INTEGRATIONS) {
      for (const [flow, byCloud] of Object.entries(i.scopes)) {
        for (const [cloud, scopes] of Object.entries(byCloud ?? {})) {
          const resources = new Set(
            (defaultScopes(i, flow as Flow, cloud as Cloud) ?? scopes ?? []).map((s) =>
              GUID.test(resourceOf(s)) ? resourceOf(s) : new URL(s).origin,
            ),
          );
          expect(resources.size, `${i.id} ${flow} ${cloud}`).toBe(1);
        }
      }
    }
  });

  it('holds the values read from the integrations', () => {
    expect(defaultScopes(findIntegration('msgraph-user')!, 'client-credentials', 'us-gcc-high')).toEqual([
      'https://graph.microsoft.us/.default',
    ]);
    expect(defaultScopes(findIntegration('msgraph-user')!, 'auth-code', 'us-dod')).toEqual(['https://dod-graph.microsoft.us/.default']);
    expect(defaultScopes(findIntegration('microsoft-atp')!, 'client-credentials', 'worldwide')).toEqual([
      'https://securitycenter.onmicrosoft.com/windowsatpservice/.default',
    ]);
    expect(defaultScopes(findIntegration('microsoft-atp')!, 'auth-code', 'us-gcc-high')).toEqual([
      'https://securitycenter.onmicrosoft.us/windowsatpservice/.default',
    ]);
    expect(defaultScopes(findIntegration('microsoft-atp')!, 'auth-code', 'us-dod')).toEqual([
      'https://securitycenter.onmicrosoft.us/windowsatpservice/.default',
    ]);
    expect(defaultScopes(findIntegration('azure-sentinel')!, 'client-credentials', 'china')).toEqual([
      'https://management.chinacloudapi.cn/.default',
    ]);
    expect(defaultScopes(findIntegration('microsoft-365-defender')!, 'device-code', 'worldwide')).toEqual([
      'https://security.microsoft.com/mtp/.default',
    ]);
    expect(defaultScopes(findIntegration('azure-nsg')!, 'device-code', 'worldwide')).toEqual([
      'https://management.azure.com/user_impersonation',
    ]);
  });
});

describe('clouds and the azure_cloud hand-off', () => {
  it('mirrors authority.ts hosts and XSOAR option strings', () => {
    expect(Object.keys(XSOAR_AZURE_CLOUD).sort()).toEqual([...CLOUDS].sort());
    expect(XSOAR_AZURE_CLOUD).toEqual({
      worldwide: 'Worldwide',
      'us-gcc': 'US GCC',
      'us-gcc-high': 'US GCC-High',
      'us-dod': 'DoD',
      china: 'China',
    });
  });

  it('has a cloud parameter value for every declared cloud, and none for others', () => {
    for (const i of INTEGRATIONS) {
      const cloud = i.params.cloud;
      if (!cloud) {
        // without a cloud parameter XSOAR's code uses the worldwide login (and Graph): worldwide, or US GCC besides
        for (const c of i.clouds) expect(['worldwide', 'us-gcc'], i.id).toContain(c);
        continue;
      }
      for (const c of CLOUDS) {
        if (i.clouds.includes(c)) expect(xsoarCloudValue(i, c), `${i.id} ${c}`).toBeTruthy();
        else expect(xsoarCloudValue(i, c), `${i.id} ${c}`).toBeUndefined();
      }
    }
  });

  it('hands XSOAR the endpoints the tool proved', () => {
    const user = findIntegration('msgraph-user')!;
    // XSOAR's "US GCC" points Graph at graph.microsoft.us; GCC uses graph.microsoft.com like Worldwide
    expect(xsoarCloudValue(user, 'us-gcc')).toBe('Worldwide');
    expect(xsoarCloudValue(user, 'us-gcc-high')).toBe('US GCC-High');
    expect(xsoarCloudValue(findIntegration('azure-sentinel')!, 'us-gcc')).toBe('US GCC');
    expect(xsoarCloudValue(findIntegration('microsoft-atp')!, 'us-dod')).toBe('DoD');
    expect(xsoarCloudValue(findIntegration('microsoft-atp')!, 'china')).toBeUndefined();
    const mail = findIntegration('msgraph-mail')!;
    for (const c of CLOUDS) expect(xsoarCloudValue(mail, c)).toBe(`https://${CLOUD_INFO[c].graph}`);
    expect(xsoarCloudValue(findIntegration('azure-sc')!, 'worldwide')).toBeUndefined();
  });
});

describe('findIntegration', () => {
  it('matches ids case-insensitively', () => {
    expect(findIntegration('msgraph-user')?.id).toBe('msgraph-user');
    expect(findIntegration('MSGraph-User')?.id).toBe('msgraph-user');
    expect(findIntegration('MICROSOFT-ATP')?.commandPrefix).toBe('microsoft-atp');
    for (const i of INTEGRATIONS) expect(findIntegration(i.id.toUpperCase())).toBe(i);
  });

  it('returns undefined for unknown ids', () => {
    expect(findIntegration('nope')).toBeUndefined();
    expect(findIntegration('')).toBeUndefined();
    expect(findIntegration('msgraph')).toBeUndefined();
    expect(findIntegration('Microsoft Graph User')).toBeUndefined();
  });
});

describe('defaultScopes', () => {
  it('returns undefined for a flow the integration does not support', () => {
    expect(defaultScopes(findIntegration('azure-sentinel')!, 'auth-code', 'worldwide')).toBeUndefined();
    expect(defaultScopes(findIntegration('msgraph-mail-single-user')!, 'client-credentials', 'worldwide')).toBeUndefined();
    expect(defaultScopes(findIntegration('msgraph-user')!, 'device-code', 'worldwide')).toBeUndefined();
  });

  it('returns undefined for a cloud XSOAR cannot reach with that flow', () => {
    expect(defaultScopes(findIntegration('microsoft-atp')!, 'client-credentials', 'china')).toBeUndefined();
    expect(defaultScopes(findIntegration('msgraph-api')!, 'client-credentials', 'us-gcc-high')).toBeUndefined();
    expect(defaultScopes(findIntegration('msgraph-api')!, 'device-code', 'us-gcc-high')).toEqual(['https://graph.microsoft.us/User.Read']);
  });

  it('returns a copy the caller may change', () => {
    const i = findIntegration('msgraph-user')!;
    const scopes = defaultScopes(i, 'auth-code', 'worldwide')!;
    scopes.push('changed');
    expect(defaultScopes(i, 'auth-code', 'worldwide')).toEqual(['https://graph.microsoft.com/.default']);
  });
});
