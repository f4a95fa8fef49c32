import { describe, expect, it } from 'vitest';
import { findIntegration } from '../../src/core/catalog.js';
import type { Profile } from '../../src/core/profile.js';
import { checkConfigDocument } from '../../src/core/profile-check.js';
import { revokeGuidance } from '../../src/core/revoke.js';
import {
  checkInstanceName,
  checkXsoarMemory,
  commandFor,
  defaultInstanceName,
  ownedParams,
  packOf,
  parseParams,
  profileHandoff,
  pushFields,
  testFor,
} from '../../src/core/xsoar-push.js';

const graphUser = findIntegration('msgraph-user')!;
const profile: Profile = {
  method: 'self-deployed',
  integration: 'msgraph-user',
  flow: 'auth-code',
  cloud: 'worldwide',
  tenantId: 'tenant-1',
  clientId: '11111111-2222-3333-4444-555555555555',
  redirectUri: 'https://localhost/myapp',
  scopes: [],
  createdAt: 't',
  updatedAt: 't',
};

describe('push values', () => {
  it('the default instance name is <integration>_<profile>', () => {
    expect(defaultInstanceName(graphUser, 'default')).toBe('msgraph-user_default');
  });

  it('instance names that could break out of using="…" are refused', () => {
    expect(checkInstanceName('My instance_1.a-b')).toBeUndefined();
    expect(checkInstanceName('a" using-brand="x')).toBeDefined();
    expect(checkInstanceName('')).toBeDefined();
  });

  it('parseParams() splits NAME=VALUE at the first =, and names a bad one without its value', () => {
    expect(parseParams(['subscriptionID=abc', 'q=a=b'])).toEqual({ params: { subscriptionID: 'abc', q: 'a=b' } });
    const bad = parseParams(['=secret-value']);
    expect('problem' in bad && bad.problem).not.toContain('secret-value');
  });

  it('commandFor() targets the instance with using=', () => {
    expect(commandFor('!msgraph-user-test', 'msgraph-user_default')).toBe('!msgraph-user-test using="msgraph-user_default"');
  });

  it('packOf() names the pack to install', () => {
    expect(packOf(findIntegration('azure-sentinel')!)).toContain('AzureSentinel');
  });
});

describe('what a profile hands over', () => {
  const input = profileHandoff(profile, graphUser, { 'client-secret': 'S3cret~x', 'refresh-token': 'RT-1234' });

  it('an auth-code profile hands over refresh_token:<token> in the code parameter, marked secret', () => {
    const fields = pushFields({ ...input, showSecrets: false });
    expect(fields).toContainEqual({ param: 'creds_auth_code', credential: 'password', value: 'refresh_token:RT-1234', secret: true });
    expect(fields).toContainEqual({ param: 'creds_enc_key', credential: 'password', value: 'S3cret~x', secret: true });
    expect(fields).toContainEqual({ param: 'creds_tenant_id', credential: 'password', value: 'tenant-1', secret: false });
  });

  it('a delegated flow is tested with its command, client credentials with the Test button', () => {
    expect(testFor(input)).toEqual({ kind: 'command', command: '!msgraph-user-test' });
    expect(testFor({ ...input, flow: 'client-credentials' })).toEqual({ kind: 'test-module' });
    // The catalog's rule per method and flow: Microsoft 365 Defender refuses its Test button even for client credentials.
    expect(
      testFor({ integration: findIntegration('microsoft-365-defender'), method: 'self-deployed', flow: 'client-credentials' }),
    ).toEqual({ kind: 'command', command: '!microsoft-365-defender-auth-test' });
  });

  it('a device-code profile of an integration taking <id>@<refresh token> marks the ID secret', () => {
    const nsg = findIntegration('azure-nsg')!;
    const fields = pushFields({
      ...profileHandoff({ ...profile, integration: 'azure-nsg', flow: 'device-code' }, nsg, { 'refresh-token': 'RT-9' }),
      showSecrets: false,
    });
    expect(fields).toContainEqual({ param: 'app_id', value: `${profile.clientId}@RT-9`, secret: true, credential: undefined });
  });

  it('the push owns every parameter ms-auth fills, once', () => {
    expect(ownedParams(findIntegration('azure-sentinel')!)).toEqual(['credentials', 'creds_tenant_id', 'creds_certificate', 'azure_cloud']);
  });
});

describe('a remembered push in the profile', () => {
  it('checkXsoarMemory() accepts what a push remembers', () => {
    expect(
      checkXsoarMemory({
        url: 'https://api-t.example.com',
        instance: 'msgraph-user_default',
        keyId: '7',
        keyType: 'advanced',
        investigation: '42',
      }),
    ).toEqual([]);
  });

  it('checkXsoarMemory() names each bad field', () => {
    const problems = checkXsoarMemory({ url: 'http://xsoar.example.com', instance: 'a"b', keyId: 'x', keyType: 'weird', extra: 1 });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['extra', 'field_unknown'],
      ['extra', 'xsoar_invalid'],
      ['url', 'xsoar_url_invalid'],
      ['instance', 'xsoar_instance_invalid'],
      ['keyId', 'xsoar_key_id_invalid'],
      ['keyType', 'xsoar_key_type_invalid'],
    ]);
  });

  it('validate: the xsoar field is checked, and its keyId is not taken for a secret', () => {
    const config = {
      version: 1,
      profiles: {
        p: {
          ...profile,
          tenantId: 'contoso.onmicrosoft.com',
          scopes: ['https://graph.microsoft.com/.default'],
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
          xsoar: { url: 'https://api-t.example.com', instance: 'i', keyId: '7', keyType: 'standard' },
        },
      },
    };
    expect(checkConfigDocument(config).profiles[0]?.problems).toEqual([]);
    const bad = { version: 1, profiles: { p: { ...config.profiles.p, xsoar: { url: 'ftp://x', instance: 'i' } } } };
    expect(checkConfigDocument(bad).profiles[0]?.problems.map((p) => p.field)).toEqual(['profiles.p.xsoar.url']);
  });

  it('revoke guidance names the instance to delete or reset, and where', () => {
    const steps = revokeGuidance({ ...profile, xsoar: { url: 'https://xsoar.example.com', instance: 'msgraph-user_default' } }, graphUser);
    const step = steps.find((s) => s.title.includes('msgraph-user_default'));
    expect(step?.detail).toContain('https://xsoar.example.com');
    expect(step?.xsoar).toBe('!msgraph-user-auth-reset using="msgraph-user_default"');
  });
});
