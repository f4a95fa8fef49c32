/**
 * `ms-auth integrations`: the catalog, for people (a table) and scripts (`--json`).
 */
import { INTEGRATIONS, type Integration } from '../core/catalog.js';
import type { Ui } from '../io/terminal.js';

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

export function runIntegrations(options: { json: boolean }, deps: { ui: Ui }): void {
  if (options.json) {
    deps.ui.result(JSON.stringify({ integrations: INTEGRATIONS.map(toJson) }));
    return;
  }
  const rows = INTEGRATIONS.map((i) => [i.id, i.name, i.methods.join(', '), i.flows.join(', ')]);
  const header = ['ID', 'NAME', 'METHODS', 'FLOWS (self-deployed)'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, col) => c.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  deps.ui.result([line(header), ...rows.map(line), '', 'Use an ID with `ms-auth setup --integration ID`; `--json` adds scopes, permissions and parameter names.'].join('\n'));
}
