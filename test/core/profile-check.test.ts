import { describe, expect, it } from 'vitest';
import { checkConfigDocument, secretKinds } from '../../src/core/profile-check.js';
import { BAD, app, file, good } from '../config-table.js';

const allProblems = (result: ReturnType<typeof checkConfigDocument>) => [...result.problems, ...result.profiles.flatMap((p) => p.problems)];

describe('checkConfigDocument()', () => {
  it('a good file: no problem for a self-deployed, an XSOAR-app and an integration-less profile', () => {
    const result = checkConfigDocument(
      file({ graph: good, app, bare: { ...good, integration: null, scopes: ['User.Read'] } }, { $schema: './schema/config.schema.json' }),
    );
    expect(result).toEqual({
      problems: [],
      profiles: [
        { name: 'graph', problems: [] },
        { name: 'app', problems: [] },
        { name: 'bare', problems: [] },
      ],
    });
  });

  it.each(BAD)('%s → %s at %s', (_name, document, code, field) => {
    expect(allProblems(checkConfigDocument(document))).toContainEqual(expect.objectContaining({ code, field }));
  });

  it('a field problem names the file field, never a flag', () => {
    const problems = allProblems(checkConfigDocument(file({ p: { ...good, authorityHost: 'http://login.example.com', cloud: 'mars' } })));
    expect(problems).toContainEqual({
      field: 'profiles.p.authorityHost',
      code: 'authority_host_invalid',
      message: expect.stringMatching(/^authorityHost may use http: only for localhost/),
    });
    for (const problem of problems) expect(problem.message).not.toMatch(/--[a-z]/);
  });

  it('only: checks the named profiles, and a name not in the file is a problem of its own', () => {
    const result = checkConfigDocument(file({ a: good, b: { ...good, tenantId: 'common' } }), ['a', 'c']);
    expect(result.profiles.map((p) => p.name)).toEqual(['a', 'c']);
    expect(result.profiles[0]?.problems).toEqual([]);
    expect(result.profiles[1]?.problems.length).toBeGreaterThan(0);
  });

  it('not an object at all: one problem for the file, no profiles', () => {
    expect(checkConfigDocument([1, 2])).toEqual({
      problems: [{ field: '', code: 'schema_invalid', message: 'The file must hold a JSON object.' }],
      profiles: [],
    });
  });

  it('a secret-looking value outside the profiles is a problem of the file; inside one, of that profile', () => {
    const result = checkConfigDocument(file({ p: { ...good, note: 'refresh_token:0.AXo' } }, { password: 'hunter2' }));
    expect(result.problems).toContainEqual(expect.objectContaining({ field: 'password', code: 'secret_in_file' }));
    expect(result.profiles[0]?.problems).toContainEqual(expect.objectContaining({ field: 'profiles.p.note', code: 'secret_in_file' }));
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('secretKinds()', () => {
  it.each([
    [
      { method: 'xsoar-app', flow: null },
      [
        { kind: 'xsoar-token', required: true },
        { kind: 'xsoar-key', required: true },
      ],
    ],
    [{ method: 'self-deployed', flow: 'device-code' }, [{ kind: 'refresh-token', required: true }]],
    [{ method: 'self-deployed', flow: 'client-credentials' }, [{ kind: 'client-secret', required: true }]],
    [
      { method: 'self-deployed', flow: 'client-credentials', certificateThumbprint: 'A'.repeat(40) },
      [{ kind: 'certificate-key', required: true }],
    ],
    [
      { method: 'self-deployed', flow: 'auth-code' },
      [
        { kind: 'client-secret', required: true },
        { kind: 'refresh-token', required: false },
      ],
    ],
  ] as const)('%j needs %j', (profile, kinds) => {
    expect(secretKinds(profile)).toEqual(kinds);
  });
});
