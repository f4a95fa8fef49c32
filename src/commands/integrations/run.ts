/**
 * `ms-auth integrations`: the catalog, for people (a table) and scripts (`--json`).
 */
import { INTEGRATIONS, findIntegration, type Integration } from '../../core/catalog.js';
import { usageError } from '../../errors.js';
import type { Ui } from '../../io/terminal.js';

function toJson(i: Integration) {
  return {
    id: i.id,
    name: i.name,
    commandPrefix: i.commandPrefix,
    methods: i.methods,
    flows: i.flows,
    ...(i.xsoarApp !== undefined && { xsoarApp: i.xsoarApp }),
    clouds: i.clouds,
    scopes: i.scopes,
    permissions: i.permissions,
    params: Object.fromEntries(Object.entries(i.params).map(([concept, param]) => [concept, param.name])),
    testCommand: i.testCommand,
    resetCommand: i.resetCommand ?? null,
  };
}

function details(i: Integration): string {
  const lines = [`${i.name} (${i.id})`, `  Command prefix: ${i.commandPrefix}`, `  Methods:        ${i.methods.join(', ')}`];
  if (i.xsoarApp) lines.push(`  Consent page:   https://oproxy.demisto.ninja/${i.xsoarApp}`);
  lines.push(`  Flows:          ${i.flows.join(', ')} (self-deployed)`, `  Clouds:         ${i.clouds.join(', ')}`);
  for (const [flow, byCloud] of Object.entries(i.scopes)) lines.push(`  Scope (${flow}, worldwide): ${(byCloud.worldwide ?? Object.values(byCloud)[0] ?? []).join(' ')}`);
  lines.push('  Permissions:');
  for (const p of i.permissions) lines.push(`    - ${p.name} (${p.type}${p.api ? `, ${p.api}` : ''})`);
  lines.push('  XSOAR parameters:');
  for (const [concept, param] of Object.entries(i.params)) lines.push(`    - ${concept}: ${param.name} ("${param.display}")`);
  lines.push(`  Test: ${i.testCommand}${i.resetCommand ? `   Reset: ${i.resetCommand}` : ''}`);
  return lines.join('\n');
}

export interface IntegrationsOptions {
  json: boolean;
  /** One integration in detail; all of them when undefined. */
  id?: string | undefined;
}

export function runIntegrations(options: IntegrationsOptions, deps: { ui: Ui }): void {
  const selected = options.id === undefined ? INTEGRATIONS : [findIntegration(options.id)].filter((i): i is Integration => i !== undefined);
  if (selected.length === 0) throw usageError(`Unknown integration "${options.id}". Run \`ms-auth integrations\` for the list.`);
  if (options.json) {
    deps.ui.result(JSON.stringify({ integrations: selected.map(toJson) }));
    return;
  }
  if (options.id !== undefined) {
    deps.ui.result(details(selected[0] as Integration));
    return;
  }
  const rows = INTEGRATIONS.map((i) => [i.id, i.name, i.commandPrefix, i.methods.join(', '), i.flows.join(', ')]);
  const header = ['ID', 'NAME', 'PREFIX', 'METHODS', 'FLOWS (self-deployed)'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, col) => c.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  deps.ui.result(
    [line(header), ...rows.map(line), '', 'Details (scopes, permissions, XSOAR parameters): `ms-auth integrations ID`; all of it for scripts: `--json`.'].join('\n'),
  );
}
