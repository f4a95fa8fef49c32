/**
 * The XSOAR stand-in's fault injection (HTML page, garbage JSON, 500, slow answer, cut
 * connection, a concurrent edit before the next PUT), https with its own CA, and v6
 * multi-tenant accounts.
 */
import { request } from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, configurationOf, instanceBody, pwd, searchedInstance } from './xsoar-client.js';
import { startXsoarStandin, type XsoarStandin } from './xsoar-standin.js';

let s: XsoarStandin;
beforeAll(async () => {
  s = await startXsoarStandin({ integrations: ['msgraph-user'] });
});
afterAll(async () => s?.close());

const values = { creds_auth_id: pwd('c'), creds_tenant_id: pwd('t'), creds_enc_key: pwd('k'), self_deployed: true };

describe('xsoar stand-in: faults for the next request', () => {
  it('html: 200 with a text/html sign-in page', async () => {
    s.failNext('html');
    const answer = await call(s, 'GET', '/about');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
    expect((await call(s, 'GET', '/about')).contentType).toBe('application/json');
  });

  it('garbage: 200 application/json that does not parse', async () => {
    s.failNext('garbage');
    const answer = await call(s, 'POST', '/settings/integration/search', {});
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('a status with a body, e.g. 500', async () => {
    s.failNext({ status: 500, body: 'upstream exploded' });
    const answer = await call(s, 'POST', '/settings/integration/search', {});
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('upstream exploded');
  });

  it('slow: waits, then answers normally', async () => {
    s.failNext({ delayMs: 400 });
    const started = performance.now();
    const answer = await call(s, 'GET', '/about');
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(answer.body.demistoVersion).toBe('6.13.0');
  });

  it('reset: the connection is cut without an answer', async () => {
    s.failNext('reset');
    await expect(call(s, 'GET', '/about')).rejects.toThrow();
  });

  it('a fault with a match waits for the matching request and leaves the others alone', async () => {
    s.failNext({ status: 503 }, { method: 'PUT', path: '/settings/integration' });
    expect((await call(s, 'GET', '/about')).status).toBe(200);
    expect((await call(s, 'POST', '/settings/integration/search', {})).status).toBe(200);
    const config = await configurationOf(s, 'Microsoft Graph User');
    expect((await call(s, 'PUT', '/settings/integration', instanceBody(config, 'fault-match', values))).status).toBe(503);
    expect(s.instance('fault-match')).toBeUndefined();
    expect(s.log.at(-1)?.notes).toEqual(['fault: {"status":503}']);
  });

  it('conflict: the next PUT of an existing instance finds it saved meanwhile (errVersionMismatch); re-read and sent again, it is saved', async () => {
    const config = await configurationOf(s, 'Microsoft Graph User');
    const created = await call(s, 'PUT', '/settings/integration', instanceBody(config, 'conflicted', values));
    expect(created.status).toBe(200);
    s.failNext('conflict');
    // A create is not affected: the conflict waits for an update.
    expect((await call(s, 'PUT', '/settings/integration', instanceBody(config, 'conflict-bystander', values))).status).toBe(200);
    const read = await searchedInstance(s, 'conflicted');
    const first = await call(s, 'PUT', '/settings/integration', read);
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ id: 'errVersionMismatch', status: 400 });
    expect(s.log.at(-1)?.notes[0]).toMatch(/^conflict injected: conflicted saved by someone else/);
    const again = await call(s, 'PUT', '/settings/integration', await searchedInstance(s, 'conflicted'));
    expect(again.status, again.text).toBe(200);
  });
});

describe('xsoar stand-in: request log', () => {
  it('records method, path with query, headers and the JSON body as sent, and the status', async () => {
    const before = s.log.length;
    await call(s, 'POST', '/settings/integration/search?x=1', { size: 7 });
    expect(s.log.slice(before)).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/settings/integration/search?x=1',
        body: { size: 7 },
        status: 200,
        notes: [],
        tokenRequests: [],
        headers: expect.objectContaining({ authorization: s.apiKey, 'content-type': 'application/json' }),
      }),
    ]);
  });
});

describe('xsoar stand-in: https with its own CA', () => {
  let tls: XsoarStandin;
  beforeAll(async () => {
    tls = await startXsoarStandin({ https: true, integrations: [] });
  });
  afterAll(async () => tls?.close());

  const get = (ca?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(`${tls.url}/about`, { headers: { authorization: tls.apiKey }, ...(ca ? { ca } : {}) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('answers over https for a client that trusts the CA file, and is refused by one that does not', async () => {
    expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(tls.caFile && existsSync(tls.caFile)).toBe(true);
    expect(readFileSync(tls.caFile ?? '', 'utf8')).toBe(tls.caPem);
    await expect(get()).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    expect(await get(readFileSync(tls.caFile ?? '', 'utf8'))).toBe(200);
  });

  it('removes the CA file on close', async () => {
    const other = await startXsoarStandin({ https: true, integrations: [] });
    const file = other.caFile ?? '';
    expect(existsSync(file)).toBe(true);
    await other.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('xsoar stand-in v6: multi-tenant accounts', () => {
  let mt: XsoarStandin;
  beforeAll(async () => {
    mt = await startXsoarStandin({ accounts: ['client01'], integrations: ['msgraph-user'] });
  });
  afterAll(async () => mt?.close());

  it("an account's endpoints live under /acc_<name>/ with instances of their own; an unknown account is 404; the key is still checked", async () => {
    const prefix = '/acc_client01';
    const config = await configurationOf(mt, 'Microsoft Graph User', prefix);
    const saved = await call(mt, 'PUT', '/settings/integration', instanceBody(config, 'tenant-instance', values), { prefix });
    expect(saved.status, saved.text).toBe(200);
    expect(mt.instance('tenant-instance', 'client01')?.name).toBe('tenant-instance');
    expect(mt.instance('tenant-instance')).toBeUndefined();
    expect((await call(mt, 'POST', '/settings/integration/search', {})).body.instances).toEqual([]);
    expect(mt.log.at(-1)?.account).toBeUndefined();
    expect((await call(mt, 'POST', '/settings/integration/search', {}, { prefix: '/acc_client02' })).status).toBe(404);
    expect((await call(mt, 'POST', '/settings/integration/search', {}, { prefix, headers: {} })).status).toBe(403);
    expect(mt.log.at(-1)?.account).toBe('client01');
  });
});
