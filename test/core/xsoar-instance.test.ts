import { describe, expect, it } from 'vitest';
import {
  buildInstance,
  findConfiguration,
  formatPlan,
  readSearch,
  withValues,
  type BuildInput,
  type ModuleInstance,
  type PushField,
} from '../../src/core/xsoar-instance.js';
import { graphUser, sentinel } from './xsoar-fixtures.js';

const authCode: PushField[] = [
  { param: 'creds_auth_id', credential: 'password', value: 'client-1', secret: false },
  { param: 'creds_tenant_id', credential: 'password', value: 'tenant-1', secret: false },
  { param: 'creds_enc_key', credential: 'password', value: 'S3cret~value', secret: true },
  { param: 'self_deployed', value: true, secret: false },
  { param: 'redirect_uri', value: 'https://localhost/myapp', secret: false },
  { param: 'creds_auth_code', credential: 'password', value: 'refresh_token:RT-secret', secret: true },
  { param: 'azure_cloud', value: 'Worldwide', secret: false },
];
const owned = [
  'creds_auth_id',
  'creds_tenant_id',
  'creds_enc_key',
  'self_deployed',
  'redirect_uri',
  'creds_auth_code',
  'creds_certificate',
  'azure_cloud',
];
const input = (extra: Partial<BuildInput> = {}): BuildInput => ({
  configuration: graphUser(),
  name: 'msgraph-user_default',
  fields: authCode,
  owned,
  ...extra,
});
const entry = (built: { body: ModuleInstance }, name: string) => built.body.data.find((d) => d.name === name);

describe('buildInstance() on create', () => {
  const built = buildInstance(input());

  it('sends the full body the vendor tools send: brand, configuration, enabled string, version 0, empty id', () => {
    expect(built.body).toMatchObject({
      id: '',
      name: 'msgraph-user_default',
      brand: 'Microsoft Graph User',
      category: 'Identity and Access Management',
      enabled: 'true',
      version: 0,
      engine: '',
      isIntegrationScript: true,
      passwordProtected: false,
      defaultIgnore: false,
      propagationLabels: ['all'],
    });
    expect(built.body['configuration']).toMatchObject({ someFutureField: { kept: true } });
  });

  it('one data entry per parameter definition, each a copy of its definition with value and hasvalue', () => {
    expect(built.body.data.map((d) => d.name)).toEqual(graphUser().configuration.map((f) => f.name));
    expect(entry(built, 'host')).toMatchObject({ type: 0, required: true, value: 'https://graph.microsoft.com', hasvalue: true });
    expect(entry(built, 'auth_id')).toMatchObject({ value: '', hasvalue: false, hidden: true });
  });

  it('credentials halves: the value in the shown half, passwordChanged when a secret is set', () => {
    expect(entry(built, 'creds_enc_key')?.value).toEqual({
      credential: '',
      identifier: '',
      password: 'S3cret~value',
      passwordChanged: true,
    });
    expect(entry(built, 'creds_certificate')?.value).toEqual({ credential: '', identifier: '', password: '', passwordChanged: false });
    expect(entry(built, 'creds_certificate')?.hasvalue).toBe(false);
  });

  it('booleans as JSON booleans, string defaults of checkboxes too', () => {
    expect(entry(built, 'self_deployed')?.value).toBe(true);
    expect(entry(built, 'insecure')?.value).toBe(false);
    expect(entry(built, 'proxy')).toMatchObject({ value: false, hasvalue: true });
  });

  it('the plan shows the values set, secrets masked', () => {
    const text = formatPlan('msgraph-user_default', 'Microsoft Graph User', true, built.changes);
    expect(text).toContain('Would create instance "msgraph-user_default" of Microsoft Graph User');
    expect(text).toContain('Key / Client Secret [creds_enc_key]: S3cr…');
    expect(text).toContain('[creds_auth_code]: refr…');
    expect(text).not.toContain('S3cret~value');
    expect(text).not.toContain('RT-secret');
    expect(text).toContain('[redirect_uri]: "https://localhost/myapp"');
  });
});

describe('buildInstance() on update', () => {
  const existing: ModuleInstance = {
    id: 'inst-9',
    name: 'msgraph-user_default',
    brand: 'Microsoft Graph User',
    version: 4,
    enabled: 'false',
    sequenceNumber: 12,
    modified: '2026-01-01',
    data: [
      { name: 'host', type: 0, value: 'https://graph.microsoft.us' },
      { name: 'proxy', type: 8, value: true },
      { name: 'creds_enc_key', type: 9, value: { credential: '', identifier: '', password: '*******', passwordChanged: false } },
      {
        name: 'creds_certificate',
        type: 9,
        value: { credential: '', identifier: 'OLDTHUMB', password: '*******', passwordChanged: false },
      },
      { name: 'gone_param', type: 0, value: 'x' },
    ],
  };

  it('keeps other parameters, sends the version read, enables the instance', () => {
    const built = buildInstance(input({ existing }));
    expect(built.body).toMatchObject({ id: 'inst-9', version: 4, enabled: 'true', sequenceNumber: 12 });
    expect(entry(built, 'host')?.value).toBe('https://graph.microsoft.us');
    expect(entry(built, 'proxy')?.value).toBe(true);
    expect(entry(built, 'gone_param')).toBeUndefined();
    expect(built.changes).toContainEqual({ param: '(instance)', label: 'Enabled', before: 'false', after: 'true' });
  });

  it('an authentication parameter the flow does not use goes back to its default', () => {
    const built = buildInstance(input({ existing }));
    expect(entry(built, 'creds_certificate')?.value).toMatchObject({ identifier: '', password: '', passwordChanged: false });
    expect(built.changes.find((c) => c.param === 'creds_certificate')).toMatchObject({
      before: '"OLDTHUMB" / (set)',
      after: '(empty) / (empty)',
    });
  });

  it('a secret read back masked is sent back as read, unchanged', () => {
    // Not a parameter this push owns (a secret the operator set in XSOAR): kept as read.
    const built = buildInstance(
      input({ existing, fields: authCode.filter((f) => f.param !== 'creds_enc_key'), owned: owned.filter((o) => o !== 'creds_enc_key') }),
    );
    expect(entry(built, 'creds_enc_key')?.value).toEqual({ credential: '', identifier: '', password: '*******', passwordChanged: false });
    expect(built.changes.find((c) => c.param === 'creds_enc_key')).toBeUndefined();
  });

  it('a missing version is sent as -1 (no version check)', () => {
    const { version: _v, ...unversioned } = existing;
    expect(buildInstance(input({ existing: unversioned })).body.version).toBe(-1);
  });
});

describe('buildInstance() shapes and refusals', () => {
  it('a select value must be one of the options of this server', () => {
    const built = buildInstance(input({ fields: [{ param: 'azure_cloud', value: 'Mars', secret: false }] }));
    expect(built.problems[0]).toContain('azure_cloud takes one of "Worldwide"');
  });

  it('a checkbox takes true/false only', () => {
    expect(buildInstance(input({ fields: [{ param: 'self_deployed', value: 'yes', secret: false }] })).problems[0]).toContain('checkbox');
    expect(
      entry(buildInstance(input({ fields: [{ param: 'self_deployed', value: 'true', secret: false }] })), 'self_deployed')?.value,
    ).toBe(true);
  });

  it('two values sharing one credentials parameter fill both halves (Sentinel client ID and secret)', () => {
    const built = buildInstance({
      configuration: sentinel(),
      name: 's',
      owned: [],
      fields: [
        { param: 'credentials', credential: 'identifier', value: 'client-1', secret: false },
        { param: 'credentials', credential: 'password', value: 'S3cret', secret: true },
      ],
    });
    expect(entry(built, 'credentials')?.value).toEqual({
      credential: '',
      identifier: 'client-1',
      password: 'S3cret',
      passwordChanged: true,
    });
  });

  it('a plain value for a credentials parameter goes to the half the form shows; a legacy name is found without its creds_ prefix', () => {
    const config = graphUser();
    config.configuration = config.configuration
      .filter((f) => f.name !== 'creds_auth_id')
      .map((f) => (f.name === 'auth_id' ? { ...f, type: 9, hiddenUsername: true } : f));
    const built = buildInstance(input({ configuration: config }));
    expect(entry(built, 'auth_id')?.value).toMatchObject({ password: 'client-1' });
  });

  it('a value whose parameter this server lacks is reported, not sent', () => {
    const built = buildInstance(input({ fields: [...authCode, { param: 'endpoint_type', value: 'Worldwide', secret: false }] }));
    expect(built.skipped.map((f) => f.param)).toEqual(['endpoint_type']);
    expect(entry(built, 'endpoint_type')).toBeUndefined();
  });

  it('required parameters without a value or default are listed, and filled by withValues()', () => {
    const base: BuildInput = { configuration: sentinel(), name: 's', owned: [], fields: [] };
    expect(buildInstance(base).missing.map((f) => f.name)).toEqual(['subscriptionID', 'resourceGroupName', 'workspaceName']);
    const filled = buildInstance(withValues(base, { subscriptionID: 'sub', resourceGroupName: 'rg', workspaceName: 'ws' }));
    expect(filled.missing).toEqual([]);
    expect(entry(filled, 'workspaceName')).toMatchObject({ value: 'ws', hasvalue: true });
  });
});

describe('readSearch()', () => {
  it('keeps extra fields, skips malformed entries, tolerates a missing instances list', () => {
    const found = readSearch({ configurations: [graphUser(), { nope: 1 }], engines: [], health: {} });
    expect(found).toMatchObject({ instances: [] });
    if ('problem' in found) throw new Error(found.problem);
    expect(found.configurations).toHaveLength(1);
    expect(findConfiguration(found, 'microsoft graph user')?.name).toBe('Microsoft Graph User');
  });

  it('an answer without configurations is a problem', () => {
    expect(readSearch({ instances: [] })).toHaveProperty('problem');
  });

  it('instances: ids as strings, data entries kept', () => {
    const found = readSearch({
      configurations: [],
      instances: [{ id: 12, name: 'a', brand: 'b', data: [{ name: 'x', type: 0, value: 'v' }, 'junk'] }],
    });
    if ('problem' in found) throw new Error(found.problem);
    expect(found.instances[0]).toMatchObject({ id: '12', data: [{ name: 'x', value: 'v' }] });
  });
});
