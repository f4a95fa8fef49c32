/**
 * Every catalog entry against XSOAR's own definition of the integration
 * (../shared/xsoar-content/index.json): parameter names, types, labels, option values and
 * commands must exist there as written, and every parameter the definition requires must
 * be either an authentication field of the entry or one of its required parameters.
 */
import { describe, expect, it } from 'vitest';
import { INTEGRATIONS, UNSUPPORTED, type Integration, type XsoarParam } from '../../src/core/catalog.js';
import { DEFINITION_PARAMS } from '../../src/core/catalog/definition-params.js';
import { loadDefinitions, type Definition, type DefinitionParam } from '../xsoar-content.js';

const definitions = loadDefinitions();
const byId = new Map(definitions.map((d) => [d['commonfields.id'], d]));

/** The label XSOAR shows for the half of the parameter the entry fills. */
function expectedLabel(param: XsoarParam, def: DefinitionParam): string | null {
  if (param.credential === 'password') return def.displaypassword || 'Password';
  return def.display;
}

/** Problems of one catalog parameter against the definition; empty when it matches. */
export function paramProblems(param: XsoarParam, def: Definition): string[] {
  const found = def.params.find((p) => p.name === param.name);
  if (!found) return [`${param.name}: no such parameter`];
  const problems: string[] = [];
  if (found.hidden) problems.push(`${param.name}: hidden in the definition (a legacy field)`);
  if (found.type !== param.type) problems.push(`${param.name}: type ${param.type}, the definition says ${found.type}`);
  if ((param.credential !== undefined) !== (found.type === 9))
    problems.push(`${param.name}: credentials half given for type ${found.type}`);
  if (param.credential === 'identifier' && !found.display) problems.push(`${param.name}: the user name half is hidden (no display)`);
  const label = expectedLabel(param, found);
  if (label !== param.display) problems.push(`${param.name}: label "${param.display}", the definition says "${label}"`);
  for (const value of [...Object.values(param.cloudValues ?? {}), ...Object.values(param.flowValues ?? {})]) {
    if (found.type === 15 && !found.options?.includes(String(value)))
      problems.push(`${param.name}: option "${String(value)}" not in ${JSON.stringify(found.options)}`);
    if (found.type === 8 && typeof value !== 'boolean')
      problems.push(`${param.name}: a checkbox takes true or false, not "${String(value)}"`);
  }
  if (param.defaultValue !== undefined && found.defaultvalue !== param.defaultValue)
    problems.push(`${param.name}: default "${param.defaultValue}", the definition says ${JSON.stringify(found.defaultvalue)}`);
  return problems;
}

const commandsOf = (i: Integration): string[] =>
  [...Object.values(i.tests), i.resetCommand, i.loginUrlCommand, i.authStartCommand, i.authCompleteCommand].filter(
    (c): c is string => c !== undefined && c !== 'test-module',
  );

/** Names the entry fills: its authentication fields and its required parameters. */
const coveredNames = (i: Integration): Set<string> =>
  new Set([...Object.values(i.params).map((p) => p.name), ...i.requiredParams.map((p) => p.name)]);

const hasDefault = (p: DefinitionParam): boolean => p.defaultvalue !== undefined && p.defaultvalue !== null && p.defaultvalue !== '';

describe('catalog entries against XSOAR definitions', () => {
  it('reads the 39 definitions of ../shared/xsoar-content', () => {
    expect(definitions.length).toBe(39);
  });

  it.each(INTEGRATIONS.map((i) => [i.id, i] as const))('%s matches its definition', (_id, i) => {
    const def = byId.get(i.xsoarId);
    expect(def, `no definition with commonfields.id "${i.xsoarId}"`).toBeDefined();
    if (!def) return;
    expect(def.display.replace(/\s+\(Deprecated\)$/, '').trim(), 'display name').toBe(i.name);
    const problems = [...Object.values(i.params), ...i.requiredParams].flatMap((p) => paramProblems(p, def));
    for (const command of commandsOf(i))
      if (!def.commands.includes(command.replace(/^!/, ''))) problems.push(`command ${command} is not in the definition`);
    const covered = coveredNames(i);
    for (const p of def.params) {
      if (p.required && !p.hidden && !covered.has(p.name))
        problems.push(`required parameter ${p.name} ("${p.display ?? p.displaypassword}") is missing`);
    }
    for (const p of i.requiredParams) {
      const found = def.params.find((d) => d.name === p.name);
      if (found && !found.required && !p.codeRequired)
        problems.push(`${p.name} is not required in the definition (and not marked codeRequired)`);
      if (found && hasDefault(found) && p.defaultValue === undefined)
        problems.push(`${p.name}: the definition's default ${JSON.stringify(found.defaultvalue)} is not recorded`);
    }
    expect(problems).toEqual([]);
  });

  it('has every definition either in the catalog or in the unsupported list with a reason', () => {
    const listed = new Map<string, string>();
    for (const i of INTEGRATIONS) listed.set(i.xsoarId, `catalog ${i.id}`);
    for (const u of UNSUPPORTED) {
      expect(u.reason.trim().length, u.xsoarId).toBeGreaterThan(40);
      expect(listed.has(u.xsoarId), `${u.xsoarId} is both supported and unsupported`).toBe(false);
      listed.set(u.xsoarId, 'unsupported');
    }
    const missing = definitions.map((d) => d['commonfields.id']).filter((id) => !listed.has(id));
    expect(missing).toEqual([]);
    for (const id of listed.keys()) expect(byId.has(id), `${id} has no definition`).toBe(true);
    expect(listed.size).toBe(definitions.length);
  });
});

describe('the definitions ms-auth carries', () => {
  it('DEFINITION_PARAMS lists exactly the visible parameters (name, type) of every definition', () => {
    const expected = Object.fromEntries(
      definitions.map((d) => [d['commonfields.id'], d.params.filter((p) => !p.hidden).map((p) => [p.name, p.type])]),
    );
    expect(DEFINITION_PARAMS).toEqual(expected);
  });
});

describe('the definition check itself', () => {
  const sentinel = byId.get('Azure Sentinel') as Definition;

  it('fails on a parameter, type, label or option the definition lacks', () => {
    expect(paramProblems({ name: 'nope', type: 0, display: 'x' }, sentinel)).toEqual(['nope: no such parameter']);
    expect(paramProblems({ name: 'subscriptionID', type: 4, display: 'Default Subscription ID' }, sentinel)[0]).toContain('type 4');
    expect(paramProblems({ name: 'credentials', type: 9, display: 'Client Secret', credential: 'password' }, sentinel)).toEqual([
      'credentials: label "Client Secret", the definition says "Password"',
    ]);
    expect(
      paramProblems({ name: 'azure_cloud', type: 15, display: 'Azure Cloud', cloudValues: { worldwide: 'Earth' } }, sentinel)[0],
    ).toContain('option "Earth"');
    expect(paramProblems({ name: 'tenant_id', type: 4, display: 'Tenant ID' }, sentinel)).toEqual([
      'tenant_id: hidden in the definition (a legacy field)',
    ]);
  });
});
