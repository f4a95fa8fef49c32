/**
 * `ms-auth integrations`: the catalog, for people (a table) and scripts (`--json`), with
 * the definitions ms-auth leaves out and why.
 */
import {
  INTEGRATIONS,
  UNSUPPORTED,
  findIntegration,
  loginUrlClouds,
  methodsFor,
  xsoarPublicClient,
  type Integration,
} from '../../core/catalog.js';
import { CLOUDS } from '../../core/authority.js';
import { unknownIntegrationMessage } from '../../core/integration-support.js';
import { usageError } from '../../errors.js';
import type { Ui } from '../../io/terminal.js';

function toJson(i: Integration) {
  return {
    id: i.id,
    name: i.name,
    xsoarId: i.xsoarId,
    commandPrefix: i.commandPrefix,
    methods: i.methods,
    flows: i.flows,
    ...(i.unsupportedFlows !== undefined && { unsupportedFlows: i.unsupportedFlows }),
    ...(i.xsoarApp !== undefined && { xsoarApp: i.xsoarApp, xsoarAppClouds: CLOUDS.filter((c) => methodsFor(i, c).includes('xsoar-app')) }),
    ...(i.xsoarPublicClientId !== undefined && {
      xsoarPublicClientId: i.xsoarPublicClientId,
      xsoarPublicClientClouds: i.clouds.filter((c) => xsoarPublicClient(i, c)),
    }),
    clouds: i.clouds,
    scopes: i.scopes,
    permissions: i.permissions,
    params: Object.fromEntries(Object.entries(i.params).map(([concept, param]) => [concept, param.name])),
    requiredParams: i.requiredParams.map((p) => ({
      name: p.name,
      display: p.display,
      ...(p.defaultValue !== undefined && { default: p.defaultValue }),
    })),
    tests: i.tests,
    // The contract's single test command: the one for the integration's first method or flow.
    testCommand: i.tests[i.methods.includes('xsoar-app') ? 'xsoar-app' : (i.flows[0] ?? 'client-credentials')] ?? null,
    resetCommand: i.resetCommand ?? null,
    loginUrlCommand: i.loginUrlCommand ?? null,
    ...(i.loginUrlCommand !== undefined && { loginUrlClouds: loginUrlClouds(i) }),
    notes: i.notes ?? [],
  };
}

function details(i: Integration): string {
  const lines = [
    `${i.name} (${i.id})`,
    `  XSOAR id:       ${i.xsoarId}`,
    `  Command prefix: ${i.commandPrefix}`,
    `  Methods:        ${i.methods.join(', ')}`,
  ];
  if (i.xsoarApp) lines.push(`  Consent page:   https://oproxy.demisto.ninja/${i.xsoarApp} (worldwide only)`);
  if (i.xsoarPublicClientId) lines.push(`  XSOAR public client (device code): ${i.xsoarPublicClientId} (worldwide and US GCC logins only)`);
  lines.push(
    `  Flows:          ${i.flows.length ? `${i.flows.join(', ')} (self-deployed)` : 'none of its own (the Cortex XSOAR application only)'}`,
  );
  for (const [flow, reason] of Object.entries(i.unsupportedFlows ?? {})) lines.push(`  Not offered:    ${flow}: ${reason}`);
  lines.push(`  Clouds:         ${i.clouds.join(', ')}`);
  for (const [flow, byCloud] of Object.entries(i.scopes))
    lines.push(
      `  Scope (${flow}, ${byCloud.worldwide ? 'worldwide' : Object.keys(byCloud)[0]}): ${(byCloud.worldwide ?? Object.values(byCloud)[0] ?? []).join(' ')}`,
    );
  lines.push('  Permissions:');
  for (const p of i.permissions) lines.push(`    - ${p.name} (${p.type}${p.api ? `, ${p.api}` : ''})`);
  lines.push('  XSOAR parameters:');
  for (const [concept, param] of Object.entries(i.params)) lines.push(`    - ${concept}: ${param.name} ("${param.display}")`);
  if (i.requiredParams.length) {
    lines.push('  Required instance parameters (setup --param NAME=VALUE):');
    for (const p of i.requiredParams)
      lines.push(`    - ${p.name} ("${p.display}")${p.defaultValue !== undefined ? ` default ${p.defaultValue}` : ''}`);
  }
  lines.push('  Test:');
  for (const [key, test] of Object.entries(i.tests))
    lines.push(`    - ${key}: ${test === 'test-module' ? "the instance's Test button" : test}`);
  if (i.resetCommand) lines.push(`  Reset: ${i.resetCommand}`);
  if (i.loginUrlCommand)
    lines.push(`  Login URL: ${i.loginUrlCommand} (${loginUrlClouds(i).join(', ')}; elsewhere ms-auth authorize-url --cloud)`);
  for (const note of i.notes ?? []) lines.push(`  Note: ${note}`);
  return lines.join('\n');
}

export interface IntegrationsOptions {
  json: boolean;
  /** One integration in detail; all of them when undefined. */
  id?: string | undefined;
}

export function runIntegrations(options: IntegrationsOptions, deps: { ui: Ui }): void {
  const selected = options.id === undefined ? INTEGRATIONS : [findIntegration(options.id)].filter((i): i is Integration => i !== undefined);
  if (selected.length === 0) throw usageError(unknownIntegrationMessage(options.id ?? ''));
  if (options.json) {
    deps.ui.result(JSON.stringify({ integrations: selected.map(toJson), ...(options.id === undefined && { unsupported: UNSUPPORTED }) }));
    return;
  }
  if (options.id !== undefined) {
    deps.ui.result(details(selected[0] as Integration));
    return;
  }
  const rows = INTEGRATIONS.map((i) => [i.id, i.name, i.commandPrefix, i.methods.join(', '), i.flows.join(', ')]);
  const header = ['ID', 'NAME', 'PREFIX', 'METHODS', 'FLOWS (self-deployed)'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, col) => c.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd();
  const left = UNSUPPORTED.map((u) => `  - ${u.name} (${u.xsoarId}): ${u.reason}`);
  deps.ui.result(
    [
      line(header),
      ...rows.map(line),
      '',
      `Not supported (${UNSUPPORTED.length}):`,
      ...left,
      '',
      'Details (scopes, permissions, XSOAR parameters): `ms-auth integrations ID`; all of it for scripts: `--json`.',
    ].join('\n'),
  );
}
