import { describe, expect, it } from 'vitest';
import { kindsFromStore, missingSecretError, readProfileSecrets } from '../../src/commands/profile-secrets.js';
import { CliError } from '../../src/errors.js';
import { memoryStore } from '../fakes.js';

const AUTH_CODE = [
  { kind: 'client-secret', required: true },
  { kind: 'refresh-token', required: false },
] as const;

describe('readProfileSecrets()', () => {
  it('the environment beats the store; the store answers for the rest', async () => {
    const store = memoryStore({ 'p:client-secret': 'from-keychain', 'p:refresh-token': 'rt-keychain' });
    const found = await readProfileSecrets('p', AUTH_CODE, { env: { MS_AUTH_CLIENT_SECRET: 'from-env' }, openStore: async () => store });
    expect(found).toEqual({
      sources: { 'client-secret': 'environment', 'refresh-token': 'keychain' },
      values: { 'client-secret': 'from-env', 'refresh-token': 'rt-keychain' },
      missingRequired: [],
    });
  });

  it('the store is not opened when the environment covers every kind (CI without a keychain)', async () => {
    const env = { MS_AUTH_CLIENT_SECRET: 's', MS_AUTH_REFRESH_TOKEN: 'r' };
    const found = await readProfileSecrets('p', AUTH_CODE, {
      env,
      openStore: async () => {
        throw new Error('the store must not be opened');
      },
    });
    expect(found.sources).toEqual({ 'client-secret': 'environment', 'refresh-token': 'environment' });
    expect(kindsFromStore(env, ['client-secret', 'refresh-token'])).toEqual([]);
  });

  it('missing: a value, not an exception; only required kinds count as missing', async () => {
    const found = await readProfileSecrets('p', AUTH_CODE, { env: {}, openStore: async () => memoryStore() });
    expect(found).toEqual({
      sources: { 'client-secret': 'missing', 'refresh-token': 'missing' },
      values: {},
      missingRequired: ['client-secret'],
    });
  });

  it('an empty variable does not count as set', async () => {
    const found = await readProfileSecrets('p', AUTH_CODE, {
      env: { MS_AUTH_CLIENT_SECRET: '' },
      openStore: async () => memoryStore({ 'p:client-secret': 'k' }),
    });
    expect(found.sources['client-secret']).toBe('keychain');
  });

  it('a store that cannot be opened fails the read (the caller reports exit 5)', async () => {
    const locked = new CliError('store', 'keychain_locked', 'The OS keychain is locked.');
    await expect(readProfileSecrets('p', AUTH_CODE, { env: {}, openStore: async () => Promise.reject(locked) })).rejects.toBe(locked);
  });
});

describe('missingSecretError()', () => {
  it('a configuration error (exit 3) that names the profile, the kind and the fix', () => {
    expect(missingSecretError('ci', 'client-secret')).toMatchObject({
      kind: 'config',
      code: 'secret_missing',
      message: 'Profile "ci": client-secret is missing: run ms-auth setup --profile ci again, or set its MS_AUTH_* variable.',
    });
  });
});
