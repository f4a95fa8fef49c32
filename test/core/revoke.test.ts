import { describe, expect, it } from 'vitest';
import { findIntegration } from '../../src/core/catalog.js';
import type { Profile } from '../../src/core/profile.js';
import { LOCAL_NOTE, formatGuidance, revokeGuidance } from '../../src/core/revoke.js';

const CLIENT = '5f0c7e1a-3b2d-4c8e-9a61-2d4b8e7f1c30';
const profile = (extra: Partial<Profile> = {}): Profile => ({
  method: 'self-deployed',
  integration: 'msgraph-user',
  flow: 'auth-code',
  cloud: 'worldwide',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: CLIENT,
  redirectUri: 'https://localhost/myapp',
  scopes: [],
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
  ...extra,
});
const titles = (p: Profile) => revokeGuidance(p, p.integration ? findIntegration(p.integration) : undefined).map((s) => s.title);

describe('revokeGuidance()', () => {
  it('auth code with a secret: user consent, the secret, refresh tokens; no admin consent for a delegated-only integration', () => {
    const steps = revokeGuidance(profile({ integration: null }), undefined);
    expect(steps.map((s) => s.title)).toEqual([
      'Withdraw user consent (delegated permissions)',
      'Invalidate the app credential',
      'Revoke refresh tokens already issued',
    ]);
    expect(steps[1]?.graph).toEqual([
      {
        method: 'POST',
        url: `https://graph.microsoft.com/v1.0/applications(appId='${CLIENT}')/removePassword`,
        permission: 'Application.ReadWrite.All',
      },
    ]);
  });

  it('client credentials with a certificate: admin consent and the certificate, no refresh tokens or user consent', () => {
    const thumbprint = 'AB'.repeat(20);
    const steps = revokeGuidance(profile({ integration: null, flow: 'client-credentials', certificateThumbprint: thumbprint }), undefined);
    expect(steps.map((s) => s.title)).toEqual(['Withdraw admin consent (application permissions)', 'Invalidate the app credential']);
    expect(steps[1]?.detail).toContain(thumbprint);
    expect(steps[1]?.graph?.[0]?.url).toMatch(/\/removeKey$/);
  });

  it('device code: the public client is removed from the tenant, not a credential', () => {
    expect(titles(profile({ integration: null, flow: 'device-code' }))).toEqual([
      'Withdraw user consent (delegated permissions)',
      'Remove the public client from the tenant',
      'Revoke refresh tokens already issued',
    ]);
  });

  it('the Cortex XSOAR application: both consents and the enterprise application', () => {
    const titlesOf = titles(profile({ integration: null, method: 'xsoar-app', flow: null, clientId: 'reg-1', tenantId: '' }));
    expect(titlesOf).toContain('Remove the Cortex XSOAR application from the tenant');
    expect(titlesOf.slice(0, 2)).toEqual([
      'Withdraw user consent (delegated permissions)',
      'Withdraw admin consent (application permissions)',
    ]);
  });

  it('national clouds: Graph, portal and admin centre hosts of the cloud', () => {
    const steps = revokeGuidance(profile({ integration: null, cloud: 'us-gcc-high' }), undefined);
    const text = JSON.stringify(steps);
    expect(text).toContain('https://graph.microsoft.us/v1.0/');
    expect(text).toContain('https://entra.microsoft.us');
    expect(text).toContain('https://portal.azure.us');
    expect(text).not.toContain('graph.microsoft.com');
  });

  it("a pushed profile: delete or reset that XSOAR instance, with the integration's reset command", () => {
    const integration = findIntegration('msgraph-user');
    const steps = revokeGuidance(profile({ xsoar: { url: 'https://xsoar.example.com', instance: 'msgraph-user_default' } }), integration);
    const last = steps.at(-1);
    expect(last?.title).toBe('Delete or reset the XSOAR instance "msgraph-user_default"');
    expect(last?.detail).toContain('https://xsoar.example.com');
    expect(last?.xsoar).toBe(`${integration?.resetCommand} using="msgraph-user_default"`);
    expect(integration?.resetCommand).toBe('!msgraph-user-auth-reset');
  });
});

describe('formatGuidance()', () => {
  it('numbers the steps, shows portal, Graph and XSOAR lines, and ends with the local note', () => {
    const text = formatGuidance('p1', [
      { title: 'First', detail: 'd1', portal: 'P', graph: [{ method: 'GET', url: 'U', permission: 'X.Read' }] },
      { title: 'Second', detail: 'd2', xsoar: '!reset' },
    ]);
    expect(text).toBe(
      [
        'Revoking profile "p1":',
        '',
        '1. First',
        '   d1',
        '   Portal: P',
        '   Graph:  GET U   (needs X.Read)',
        '',
        '2. Second',
        '   d2',
        '   XSOAR:  !reset',
        '',
        LOCAL_NOTE,
      ].join('\n'),
    );
  });
});
