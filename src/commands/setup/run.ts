/**
 * `ms-auth setup`: the wizard. Integration → method → flow → values, then the path
 * for that method: the Cortex XSOAR application's consent page and its ID/Token/Key,
 * or a self-deployed application's sign-in (auth-code.ts).
 */
import { CLOUDS, type Cloud } from '../../core/authority.js';
import { INTEGRATIONS, findIntegration, methodsFor, type Integration } from '../../core/catalog.js';
import { FLOWS, type Flow, type Method } from '../../core/profile.js';
import { cloudProblem, flowCloudProblem, unknownIntegrationMessage } from '../../core/integration-support.js';
import { usageError } from '../../errors.js';
import type { SetupDeps, SetupOptions } from './options.js';

export type { SetupDeps, SetupOptions } from './options.js';

const METHOD_CHOICES: Record<Method, { name: string; description: string }> = {
  'xsoar-app': {
    name: 'Cortex XSOAR application',
    description: "Palo Alto's registered app: consent on its page, paste the ID, Token and Key it shows.",
  },
  'self-deployed': {
    name: 'Self-deployed application',
    description: 'Your own app registration in Entra ID: client ID, tenant and secret stay under your control.',
  },
};

const FLOW_CHOICES: Record<Flow, { name: string; description: string }> = {
  'auth-code': {
    name: 'Authorization code (on behalf of a user)',
    description: 'Sign in as a user; XSOAR acts with delegated permissions.',
  },
  'client-credentials': { name: 'Client credentials (app only)', description: 'No user: application permissions granted by an admin.' },
  'device-code': { name: 'Device code', description: 'Sign in on another device with a short code.' },
};

/** The flows whose redirect --listen can receive, in the order it picks them. */
const BROWSER_FLOWS: readonly Flow[] = ['auth-code', 'client-credentials'];

const label = (integration: Integration | undefined): string => integration?.name ?? 'A setup without --integration';

/** The methods setup offers for the integration in the cloud; without one, only a self-deployed application. */
const offeredMethods = (integration: Integration | undefined, cloud: Cloud): Method[] =>
  integration ? methodsFor(integration, cloud) : ['self-deployed'];

/** The flows setup can run for the integration in the cloud: its flows with scopes there; without an integration, every flow. */
const runnableFlows = (integration: Integration | undefined, cloud: Cloud): readonly Flow[] =>
  integration ? integration.flows.filter((flow) => !flowCloudProblem(integration, flow, cloud)) : FLOWS;

function checkCloud(integration: Integration | undefined, cloud: Cloud): void {
  const problem = integration && cloudProblem(integration, cloud, `--cloud ${cloud}`);
  if (problem) throw usageError(problem);
}

async function chooseIntegration(options: SetupOptions, deps: SetupDeps): Promise<Integration | undefined> {
  if (options.integration !== undefined) {
    const found = findIntegration(options.integration);
    if (!found) throw usageError(unknownIntegrationMessage(options.integration));
    return found;
  }
  if (options.method === 'self-deployed' && options.scopes?.length) return undefined;
  if (!deps.prompter) {
    throw usageError('Missing integration: pass --integration ID (see `ms-auth integrations`), or --method self-deployed with --scope.');
  }
  // What the wizard can finish here: the Cortex XSOAR application, or a self-deployed app with a flow that runs in the cloud.
  const usable = INTEGRATIONS.filter(
    (i) =>
      i.clouds.includes(options.cloud) &&
      offeredMethods(i, options.cloud).some((m) => m === 'xsoar-app' || runnableFlows(i, options.cloud).length > 0),
  );
  const id = await deps.prompter.select({
    message: 'Which XSOAR integration is this for?',
    choices: usable.map((i) => ({ value: i.id, name: `${i.name} (${i.id})` })),
    ...(deps.existing?.integration && { default: deps.existing.integration }),
  });
  return findIntegration(id);
}

async function chooseMethod(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Method> {
  const supported: Method[] = integration?.methods ?? ['self-deployed'];
  const offered = offeredMethods(integration, options.cloud);
  if (options.method !== undefined) {
    if (!supported.includes(options.method)) {
      // An integration with no self-deployed flow of ms-auth's says why (the flows it leaves out).
      const why = options.method === 'self-deployed' ? Object.values(integration?.unsupportedFlows ?? {}) : [];
      throw usageError(`${label(integration)} does not support --method ${options.method} (it supports ${supported.join(', ')}).`, why);
    }
    if (!offered.includes(options.method)) {
      throw usageError(
        `The Cortex XSOAR application is offered for --cloud worldwide only (Palo Alto's consent apps live in the worldwide Entra): use --method self-deployed in --cloud ${options.cloud}.`,
      );
    }
    return options.method;
  }
  if (offered.length === 1) return offered[0] as Method;
  // --listen receives a redirect on this machine: only a self-deployed application's comes back here.
  if (options.listen && offered.includes('self-deployed')) return 'self-deployed';
  if (!deps.prompter) throw usageError(`Missing method: pass --method ${offered.join('|')}.`);
  return deps.prompter.select({
    message: 'Which application will XSOAR use?',
    choices: offered.map((m) => ({ value: m, ...METHOD_CHOICES[m] })),
    ...(deps.existing && offered.includes(deps.existing.method) && { default: deps.existing.method }),
  });
}

async function chooseFlow(integration: Integration | undefined, options: SetupOptions, deps: SetupDeps): Promise<Flow> {
  const supported: readonly Flow[] = integration?.flows ?? FLOWS;
  if (options.flow !== undefined) {
    if (!supported.includes(options.flow)) {
      throw usageError(`${label(integration)} does not support --flow ${options.flow} (it supports ${supported.join(', ')}).`);
    }
    return options.flow;
  }
  if (supported.length === 1) return supported[0] as Flow;
  // --listen receives a browser redirect: a user's sign-in (authorization code), else an admin's consent;
  // of the flows that run in the cloud when there are any (the cloud check after this says why otherwise).
  const runnable = runnableFlows(integration, options.cloud);
  const offered = runnable.length > 0 ? runnable : supported;
  const browserFlow = options.listen ? BROWSER_FLOWS.find((f) => offered.includes(f)) : undefined;
  if (browserFlow) {
    if (deps.prompter) deps.ui.info(`Sign-in flow: ${FLOW_CHOICES[browserFlow].name}, as --listen implies (--flow chooses another).`);
    return browserFlow;
  }
  // Without a terminal the authorization code flow, the core one, is the default.
  if (!deps.prompter) {
    if (supported.includes('auth-code')) return 'auth-code';
    throw usageError(`Missing flow: pass --flow ${supported.join('|')}.`);
  }
  // The wizard offers only flows that run in the cloud.
  const [only] = offered;
  if (offered.length === 1 && only) {
    deps.ui.info(`In ${options.cloud}, ${label(integration)} runs only with the ${only} flow.`);
    return only;
  }
  // No browser here (an SSH session, a jump box): the device code flow needs none.
  const headless = !deps.hasDisplay && offered.includes('device-code');
  if (headless) deps.ui.info('No browser can be shown on this machine: the device code flow lets you sign in on another device.');
  const preferred = headless ? 'device-code' : deps.existing?.flow;
  return deps.prompter.select({
    message: 'Which sign-in flow?',
    choices: offered.map((f) => ({ value: f, ...FLOW_CHOICES[f] })),
    ...(preferred && offered.includes(preferred) && { default: preferred }),
  });
}

/**
 * The integration's non-authentication parameters: each `--param` checked (a parameter of
 * the integration, not one ms-auth fills, never a secret), then every required one not
 * given asked for (defaults: the profile's earlier answer, the definition's default).
 * Without a terminal one with no value saved or given and no default is a usage error (with
 * --push, push's own check, which also counts the XSOAR instance's values, decides).
 */
async function resolveParams(
  integration: Integration | undefined,
  options: SetupOptions,
  deps: SetupDeps,
): Promise<Record<string, string>> {
  // The parameter definitions load after the first questions.
  const { paramProblem, unknownParamHost, fileHosts, fileHostWarning, missingParams } = await import('../../core/instance-params.js');
  const given = options.params ?? {};
  for (const [name, value] of Object.entries(given)) {
    const problem = paramProblem(integration, name, value);
    if (problem) throw usageError(problem);
  }
  if (!integration) return {};
  const out = { ...given };
  const previous = deps.existing?.integration === integration.id ? (deps.existing.params ?? {}) : {};
  const fromFile: Record<string, string> = {};
  for (const p of integration.requiredParams) {
    if (out[p.name] !== undefined || p.cloudValues !== undefined) continue;
    const saved: unknown = previous[p.name];
    const earlier = typeof saved === 'string' ? saved : undefined;
    if (deps.prompter) {
      // A saved URL ms-auth does not know is not one key press away from XSOAR: the definition's default is offered instead.
      const offered = earlier !== undefined && !unknownParamHost(integration, p.name, earlier) ? earlier : p.defaultValue;
      out[p.name] = await deps.prompter.input({
        message: `${p.display} (XSOAR parameter ${p.name})`,
        ...(offered !== undefined && { default: offered }),
        validate: (value) => (value.trim() ? paramProblem(integration, p.name, value.trim()) : 'A value is required.'),
      });
    } else if (earlier !== undefined) {
      out[p.name] = earlier;
      fromFile[p.name] = earlier;
    }
  }
  // Without a terminal, as any value setup would ask for: named before the sign-in, not after it.
  // With --push, push checks them first against the server's definition and the instance's own values.
  const missing = deps.prompter || options.push ? [] : missingParams(integration, out);
  if (missing.length)
    throw usageError(
      `${integration.name} needs ${missing.map((p) => `"${p.display}"`).join(', ')}: pass ${missing.map((p) => `--param ${p.name}=VALUE`).join(' ')} (no terminal to ask on).`,
    );
  // Without a terminal the saved values are not seen by anyone: a push takes them as push does,
  // and the printed hand-off says what push would refuse.
  if (options.push && Object.keys(fromFile).length) {
    const { trustFileValues } = await import('../push/connect.js');
    await trustFileValues(integration, { params: fromFile }, `the saved profile "${options.profile}"`, undefined);
  } else for (const host of fileHosts(integration, { params: fromFile })) deps.ui.warn(fileHostWarning(host, options.profile));
  return out;
}

/**
 * The questions first, then the path the answers chose: its module (and the push's) is
 * loaded only then, so the first question comes up without them.
 */
export async function runSetup(options: SetupOptions, deps: SetupDeps): Promise<void> {
  if (!CLOUDS.includes(options.cloud)) throw usageError(`--cloud must be one of ${CLOUDS.join(', ')}.`);
  if (!options.exchange && options.handoff !== undefined) {
    throw usageError('--no-exchange hands XSOAR the first code itself: leave out --handoff, or drop --no-exchange.');
  }
  const integration = await chooseIntegration(options, deps);
  checkCloud(integration, options.cloud);
  // A self-deployed flow the catalog leaves out is refused with its reason, unless the Cortex XSOAR application was asked for.
  const leftOut = options.flow === undefined || options.method === 'xsoar-app' ? undefined : integration?.unsupportedFlows?.[options.flow];
  if (leftOut) throw usageError(`ms-auth does not set up ${label(integration)}'s --flow ${options.flow}: ${leftOut}`);
  const method = await chooseMethod(integration, options, deps);
  if (method === 'xsoar-app') {
    if (!integration?.xsoarApp) throw usageError('The Cortex XSOAR application needs --integration ID.');
    const params = await resolveParams(integration, options, deps);
    const [{ withPush }, { runXsoarApp }] = await Promise.all([import('./push.js'), import('./xsoar-app.js')]);
    const pushing = await withPush(integration, method, null, { ...options, params }, deps);
    return runXsoarApp(integration, pushing.options, pushing.deps);
  }
  const flow = await chooseFlow(integration, options, deps);
  options = { ...options, params: await resolveParams(integration, options, deps) };
  const flowProblem = integration && flowCloudProblem(integration, flow, options.cloud, `--cloud ${options.cloud}`);
  if (flowProblem) throw usageError(flowProblem);
  if (options.certificate !== undefined && integration && !integration.params.certificateThumbprint) {
    throw usageError(`${integration.name} has no certificate parameters in XSOAR: use a client secret for it.`);
  }
  if (options.certificate !== undefined && flow === 'device-code') {
    throw usageError('--certificate does not apply to --flow device-code: the device code flow uses a public client without credentials.');
  }
  // With a push, XSOAR's server and key are checked here, before any browser opens.
  const { withPush } = await import('./push.js');
  const pushing = await withPush(integration, method, flow, options, deps);
  if (flow === 'client-credentials')
    return (await import('./client-credentials.js')).runClientCredentials(integration, pushing.options, pushing.deps);
  if (flow === 'device-code') return (await import('./device-code.js')).runDeviceCode(integration, pushing.options, pushing.deps);
  return (await import('./auth-code.js')).runAuthCode(integration, pushing.options, pushing.deps);
}
