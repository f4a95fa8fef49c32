/**
 * The XSOAR stand-in in v8 mode (Cortex XSOAR 8 / XSIAM API gateway): `/xsoar/…` and
 * `/xsoar/public/v1/…` paths, root paths 404, `x-xdr-auth-id`, standard and advanced keys
 * (xsoar-api.md 1.2), 401 for a bad key, `/about` and health, and the playground search that
 * cannot find the playground.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advancedHeaders, call, configurationOf, instanceBody, pwd } from './xsoar-client.js';
import { startXsoarStandin, type XsoarStandin } from './xsoar-standin.js';

let standard: XsoarStandin;
let advanced: XsoarStandin;

beforeAll(async () => {
  [standard, advanced] = await Promise.all([
    startXsoarStandin({ mode: 'v8', integrations: ['msgraph-user'], apiKeyId: '42' }),
    startXsoarStandin({ mode: 'v8', integrations: ['msgraph-user'], keyKind: 'advanced' }),
  ]);
});
afterAll(async () => {
  await Promise.all([standard?.close(), advanced?.close()]);
});

const unauthorized = { id: 'unauthorized', status: 401, title: 'Unauthorized', encrypted: false, multires: null };

describe('xsoar stand-in v8: paths', () => {
  it('serves /xsoar/<path>; the same path at the root is 404', async () => {
    expect((await call(standard, 'GET', '/about')).status).toBe(200);
    const root = await call(standard, 'GET', '/about', undefined, { prefix: '' });
    expect(root.status).toBe(404);
    expect((await call(standard, 'POST', '/settings/integration/search', {}, { prefix: '' })).status).toBe(404);
  });

  it('serves search, PUT and execute under /xsoar/public/v1/ too, but not the Test button, delete or /about', async () => {
    const prefix = '/xsoar/public/v1';
    const search = await call(standard, 'POST', '/settings/integration/search', {}, { prefix });
    expect(search.status).toBe(200);
    const config = await configurationOf(standard, 'Microsoft Graph User', prefix);
    const body = instanceBody(config, 'public-v1', {
      creds_auth_id: pwd('c'),
      creds_tenant_id: pwd('t'),
      creds_enc_key: pwd('k'),
      self_deployed: true,
    });
    const saved = await call(standard, 'PUT', '/settings/integration', body, { prefix });
    expect(saved.status, saved.text).toBe(200);
    expect(
      (
        await call(
          standard,
          'POST',
          '/entry/execute/sync',
          { investigationId: standard.playgroundId, data: '!msgraph-user-auth-reset using="public-v1"' },
          { prefix },
        )
      ).status,
    ).toBe(200);
    expect((await call(standard, 'POST', '/settings/integration/test', body, { prefix })).status).toBe(404);
    expect((await call(standard, 'DELETE', `/settings/integration/${saved.body.id}`, undefined, { prefix })).status).toBe(404);
    expect((await call(standard, 'GET', '/about', undefined, { prefix })).status).toBe(404);
    expect((await call(standard, 'DELETE', `/settings/integration/${saved.body.id}`)).status).toBe(200);
  });

  it('/about answers XSOAR 8 SaaS fields; /xsoar/health/server and /public_api/v1/healthcheck answer 200 with the key', async () => {
    expect((await call(standard, 'GET', '/about')).body).toMatchObject({
      demistoVersion: '8.9.0',
      productMode: 'xsoar',
      deploymentMode: 'saas',
    });
    expect((await call(standard, 'GET', '/health/server')).status).toBe(200);
    const health = await call(standard, 'GET', '/public_api/v1/healthcheck', undefined, { prefix: '' });
    expect(health.body).toEqual({ status: 'available' });
    expect((await call(standard, 'GET', '/public_api/v1/healthcheck', undefined, { prefix: '', headers: {} })).status).toBe(401);
  });

  it('the playground search answers {"total": 0} (the ID must come from the operator), and commands run in the given investigation', async () => {
    const search = await call(standard, 'POST', '/investigations/search', { filter: { type: [9], page: 0 } });
    expect(search.body).toEqual({ total: 0 });
    const run = await call(standard, 'POST', '/entry/execute/sync', {
      investigationId: standard.playgroundId,
      data: '!msgraph-user-auth-reset',
    });
    expect(run.status).toBe(200);
  });
});

describe('xsoar stand-in v8: standard key', () => {
  it('needs Authorization and x-xdr-auth-id; a wrong key, a missing or wrong ID gets 401', async () => {
    expect(
      (await call(standard, 'GET', '/about', undefined, { headers: { authorization: standard.apiKey, 'x-xdr-auth-id': '42' } })).status,
    ).toBe(200);
    for (const headers of <Record<string, string>[]>[
      { authorization: standard.apiKey },
      { authorization: standard.apiKey, 'x-xdr-auth-id': '43' },
      { authorization: 'wrong', 'x-xdr-auth-id': '42' },
      {},
    ]) {
      const answer = await call(standard, 'GET', '/about', undefined, { headers });
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect(answer.body).toMatchObject(unauthorized);
    }
  });

  it('the advanced headers of a standard key are refused', async () => {
    expect((await call(standard, 'GET', '/about', undefined, { headers: advancedHeaders(standard.apiKey, '42') })).status).toBe(401);
  });
});

describe('xsoar stand-in v8: advanced key', () => {
  const id = (): string => advanced.apiKeyId ?? '';

  it('accepts sha256(key + nonce + timestamp) with a 64-character nonce and a timestamp in milliseconds', async () => {
    const answer = await call(advanced, 'GET', '/about', undefined, { headers: advancedHeaders(advanced.apiKey, id()) });
    expect(answer.status, answer.text).toBe(200);
  });

  it('the raw key, as a standard key sends it, is refused', async () => {
    expect(
      (await call(advanced, 'GET', '/about', undefined, { headers: { authorization: advanced.apiKey, 'x-xdr-auth-id': id() } })).status,
    ).toBe(401);
  });

  it('a nonce is single-use: the same headers sent twice are refused the second time', async () => {
    const headers = advancedHeaders(advanced.apiKey, id());
    expect((await call(advanced, 'GET', '/about', undefined, { headers })).status).toBe(200);
    const replay = await call(advanced, 'GET', '/about', undefined, { headers });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('nonce already used');
  });

  it.each<[string, { nonce?: string; timestamp?: string }]>([
    ['a timestamp 6 minutes old', { timestamp: String(Date.now() - 6 * 60_000) }],
    ['a timestamp 6 minutes ahead', { timestamp: String(Date.now() + 6 * 60_000) }],
    ['a timestamp in seconds', { timestamp: String(Math.floor(Date.now() / 1000)) }],
    ['a 32-character nonce', { nonce: 'a'.repeat(32) }],
    ['a nonce with symbols', { nonce: `${'a'.repeat(63)}-` }],
  ])('refuses %s', async (_, opts) => {
    expect((await call(advanced, 'GET', '/about', undefined, { headers: advancedHeaders(advanced.apiKey, id(), opts) })).status).toBe(401);
  });

  it('a timestamp 4 minutes old is still inside the window', async () => {
    expect(
      (
        await call(advanced, 'GET', '/about', undefined, {
          headers: advancedHeaders(advanced.apiKey, id(), { timestamp: String(Date.now() - 4 * 60_000) }),
        })
      ).status,
    ).toBe(200);
  });

  it('a hash made with another key is refused', async () => {
    expect((await call(advanced, 'GET', '/about', undefined, { headers: advancedHeaders(`${advanced.apiKey}x`, id()) })).status).toBe(401);
  });
});
