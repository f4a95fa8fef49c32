/**
 * A push in two halves, so `setup --push` can check the server before any browser
 * opens: `openPush` finds the server, its API key, the integration and instance, the
 * parameters the operator must supply and where commands run; `PushSession.push`
 * then writes the instance, resets its stored sign-in when it existed, and tests it.
 * Nothing is written before every check has passed; an instance this run created is
 * deleted again when the run is cancelled or fails before its test.
 */
import type { Integration } from '../../core/catalog.js';
import type { HandoffInput } from '../../core/handoff.js';
import { sanitize } from '../../core/sanitize.js';
import {
  buildInstance,
  findConfiguration,
  formatPlan,
  labelOf,
  takesSecret,
  withValues,
  type BuildInput,
  type ModuleConfiguration,
  type ModuleInstance,
} from '../../core/xsoar-instance.js';
import { commandFor, ownedParams, packOf, pushFields, testFor, type TestInstruction, type XsoarMemory } from '../../core/xsoar-push.js';
import type { About, XsoarTarget } from '../../core/xsoar-server.js';
import { CliError, usageError } from '../../errors.js';
import { VersionConflict, type XsoarClient } from '../../io/xsoar-client.js';
import type { Prompter } from '../../io/prompter.js';
import type { Ui } from '../../io/terminal.js';

export interface PushContext {
  ui: Ui;
  prompter?: Prompter | undefined;
  /** Registers a clean-up for Ctrl-C; returns its removal. */
  onCancel(cleanup: () => Promise<void>): () => void;
  /** Saves where the profile was pushed (no secret). */
  remember(memory: XsoarMemory): Promise<void>;
}

export interface SessionInput {
  client: XsoarClient;
  about: About;
  integration: Integration;
  instance: string;
  /** Non-authentication values by parameter name: --param, then the profile's. */
  params: Record<string, string>;
  /** The profile pushed and the names among the parameters that come from it, not from --param. */
  saved?: { profile: string; names: ReadonlySet<string> } | undefined;
  investigation?: string | undefined;
  memory: Omit<XsoarMemory, 'instance' | 'investigation'>;
  runTest: boolean;
  json: boolean;
}

export interface PushResult {
  xsoar: {
    url: string;
    serverVersion: string;
    instance: { name: string; id: string; created: boolean };
    reset: boolean;
    test: { kind: 'test-module' | 'command'; command?: string; success: boolean; message: string } | null;
  };
}

export interface PushSession {
  readonly target: XsoarTarget;
  /** The plan for these values: printed, nothing sent but reads. */
  plan(input: Omit<HandoffInput, 'showSecrets'>): void;
  /** Writes, resets and tests; resolves the exit code (7 when the test failed). */
  push(input: Omit<HandoffInput, 'showSecrets'>): Promise<number>;
}

const xsoarError = (code: string, message: string, hints: string[] = []): CliError => new CliError('xsoar', code, message, hints);

interface Located {
  configuration: ModuleConfiguration;
  existing: ModuleInstance | undefined;
}

async function locate(client: XsoarClient, integration: Integration, instance: string): Promise<Located> {
  const search = await client.search();
  const configuration = findConfiguration(search, integration.xsoarId);
  if (!configuration) {
    throw xsoarError(
      'xsoar_integration_missing',
      `The XSOAR server ${client.target.url} has no integration "${integration.xsoarId}" (${integration.name}).`,
      [`Install the ${packOf(integration)} pack from the Marketplace, then run ms-auth push again.`],
    );
  }
  const existing = search.instances.find((i) => i.name === instance);
  if (existing && existing.brand !== configuration.name) {
    throw usageError(
      `An instance named "${instance}" already exists for ${sanitize(existing.brand, { max: 100 })}, not ${configuration.name}.`,
      ['Choose another name with --instance NAME.'],
    );
  }
  return { configuration, existing };
}

export async function openPush(
  session: SessionInput,
  context: PushContext,
  sample: Omit<HandoffInput, 'showSecrets'>,
): Promise<PushSession> {
  const { client, integration } = session;
  const test: TestInstruction | undefined = session.runTest ? testFor(sample) : undefined;
  const located = await locate(client, integration, session.instance);
  const buildFrom = (found: Located, input: Omit<HandoffInput, 'showSecrets'>, values: Record<string, string>): BuildInput =>
    withValues(
      {
        configuration: found.configuration,
        existing: found.existing,
        name: session.instance,
        fields: pushFields({ ...input, showSecrets: false }),
        owned: ownedParams(integration),
      },
      values,
    );

  // Parameter names must be this integration's non-secret, non-authentication parameters.
  const owned = new Set(ownedParams(integration));
  const byName = new Map(located.configuration.configuration.map((f) => [f.name, f]));
  for (const name of Object.keys(session.params)) {
    const field = byName.get(name);
    const problem = !field
      ? `${located.configuration.name} on this server has no parameter "${name}".`
      : takesSecret(field) || owned.has(name)
        ? 'that parameter holds a secret or the sign-in ms-auth sets up, never a value given as a parameter.'
        : undefined;
    if (problem === undefined) continue;
    // A parameter saved with the profile: the file, not the command line, is what to change.
    if (session.saved?.names.has(name))
      throw new CliError('config', 'param_unknown', `Parameter ${name} saved in profile "${session.saved.profile}": ${problem}`, [
        `Nothing was written. Remove it from the profile's "params", or set it up again with \`ms-auth setup --profile ${session.saved.profile}\`.`,
      ]);
    throw usageError(`--param ${name}: ${problem}`);
  }
  const values = { ...session.params };
  const missing = buildInstance(buildFrom(located, sample, values)).missing.filter((f) => !owned.has(f.name));
  if (missing.length) {
    if (!context.prompter) {
      throw usageError(
        `${located.configuration.name} needs ${missing.map((f) => `"${labelOf(f)}"`).join(', ')}: pass ${missing.map((f) => `--param ${f.name}=VALUE`).join(' ')} (no terminal to ask on).`,
      );
    }
    for (const field of missing) {
      values[field.name] = await context.prompter.input({
        message: `${sanitize(labelOf(field), { max: 120 })} (XSOAR parameter ${field.name})`,
        validate: (v) => (v.trim() ? undefined : 'A value is required.'),
      });
    }
  }

  // Where War Room commands run, decided before anything is written.
  const reset = located.existing !== undefined && integration.resetCommand !== undefined;
  let investigation = session.investigation;
  if ((reset || test?.kind === 'command') && investigation === undefined) {
    investigation = client.target.generation === 6 ? await client.playground() : undefined;
    if (investigation === undefined) {
      throw usageError(
        `${test?.kind === 'command' ? `The test (${test.command})` : `The reset (${integration.resetCommand})`} runs in an investigation, and ${session.about.label} cannot say which: pass --xsoar-investigation ID (or set MS_AUTH_XSOAR_INVESTIGATION).`,
        ["Any open incident's ID works, or your playground's (XSOAR 8 / XSIAM cannot look it up)."],
      );
    }
  }

  const show = (found: Located, input: Omit<HandoffInput, 'showSecrets'>) => {
    const built = buildInstance(buildFrom(found, input, values));
    if (built.problems.length)
      throw xsoarError(
        'xsoar_param_invalid',
        `This server's version of ${found.configuration.name} cannot take these values: ${built.problems.join('; ')}.`,
        ['Update the pack on the server, or push another setup.'],
      );
    const lost = built.skipped.filter((f) => f.secret);
    if (lost.length) {
      throw xsoarError(
        'xsoar_param_missing',
        `This server's version of ${found.configuration.name} has no parameter ${[...new Set(lost.map((f) => f.param))].join(', ')}, which the sign-in needs.`,
        [`Update ${packOf(integration)} on the server, then run ms-auth push again.`],
      );
    }
    const left = [...new Set(built.skipped.map((f) => f.param))];
    if (left.length) context.ui.warn(`This server's version of ${found.configuration.name} has no ${left.join(', ')}: left out.`);
    return built;
  };

  return {
    target: client.target,
    plan(input) {
      const built = show(located, input);
      const text = formatPlan(session.instance, located.configuration.name, !located.existing, built.changes);
      const steps = [
        reset && `then ${commandFor(integration.resetCommand as string, session.instance)}`,
        test &&
          `then the test: ${test.kind === 'test-module' ? 'the Test button (test-module)' : commandFor(test.command, session.instance)}`,
      ].filter(Boolean);
      if (session.json) {
        context.ui.result(
          JSON.stringify({
            xsoar: {
              url: client.target.url,
              serverVersion: session.about.version,
              plan: { instance: { name: session.instance, created: !located.existing }, changes: built.changes, reset, test: test ?? null },
            },
          }),
        );
      } else {
        context.ui.result([text, ...steps.map((s) => `  ${s}`), 'Nothing was changed (--plan).'].join('\n'));
      }
    },
    async push(input) {
      let found = located;
      let created: ModuleInstance | undefined;
      const brand = found.configuration.name;
      // Ctrl-C from here on: an instance this run created is deleted again (found by name if the save was cut short).
      const createdByUs = !found.existing;
      const unregister = createdByUs
        ? context.onCancel(async () => {
            const id = created?.id ?? (await client.search()).instances.find((i) => i.name === session.instance && i.brand === brand)?.id;
            if (id) await client.remove(id);
          })
        : () => undefined;
      try {
        let saved: ModuleInstance;
        try {
          saved = await client.save(show(found, input).body);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          context.ui.warn(`Instance "${session.instance}" changed on the server while this push ran; reading it again.`);
          found = await locate(client, integration, session.instance);
          try {
            saved = await client.save(show(found, input).body);
          } catch (again) {
            if (!(again instanceof VersionConflict)) throw again;
            throw xsoarError(
              'xsoar_version_conflict',
              `Instance "${session.instance}" keeps changing on the server (${again.detail || 'version conflict'}); nothing more was written.`,
              ['Someone else is editing it: wait, then run ms-auth push again.'],
            );
          }
        }
        if (!found.existing) created = saved;
        const verb = found.existing ? 'Updated' : 'Created';
        context.ui.success(`${verb} instance "${session.instance}" of ${brand} on ${session.about.label}.`);
        await context.remember({
          ...session.memory,
          instance: session.instance,
          ...(session.investigation !== undefined && { investigation: session.investigation }),
        });

        let didReset = false;
        if (found.existing && integration.resetCommand) {
          const outcome = await client.execute(investigation as string, commandFor(integration.resetCommand, session.instance));
          if (!outcome.success) {
            throw xsoarError(
              'xsoar_reset_failed',
              `${integration.resetCommand} failed on instance "${session.instance}": ${outcome.message}`,
              ['The instance was saved; its old sign-in may still be in use. Run the reset in XSOAR, then test it.'],
            );
          }
          didReset = true;
          context.ui.success(`Reset the sign-in XSOAR kept for "${session.instance}" (${integration.resetCommand}).`);
        }

        const result: PushResult = {
          xsoar: {
            url: client.target.url,
            serverVersion: session.about.version,
            instance: { name: session.instance, id: saved.id, created: !found.existing },
            reset: didReset,
            test: null,
          },
        };
        if (test) {
          context.ui.info(`Testing "${session.instance}": ${test.kind === 'test-module' ? 'the Test button' : test.command}…`);
          const outcome =
            test.kind === 'test-module'
              ? await client.test(saved)
              : await client.execute(investigation as string, commandFor(test.command, session.instance));
          result.xsoar.test = { kind: test.kind, ...(test.kind === 'command' && { command: test.command }), ...outcome };
        }
        // From here on the instance stays, whatever the test said: the operator can look at it.
        unregister();
        return report(result, session, context);
      } catch (error) {
        unregister();
        if (created) await client.remove(created.id).catch(() => undefined);
        throw error;
      }
    },
  };
}

function report(result: PushResult, session: SessionInput, context: PushContext): number {
  const { test, instance } = result.xsoar;
  const failed = test !== null && !test.success;
  if (session.json) context.ui.result(JSON.stringify(result));
  else {
    const lines = [
      `XSOAR ${result.xsoar.url} (${session.about.label}): instance "${instance.name}" ${instance.created ? 'created' : 'updated'}${result.xsoar.reset ? ', sign-in reset' : ''}.`,
    ];
    if (test)
      lines.push(
        `Test (${test.kind === 'test-module' ? 'Test button' : test.command}): ${test.success ? 'passed' : 'FAILED'}${test.message ? `: ${test.message}` : ''}`,
      );
    else lines.push('Not tested (--no-test).');
    context.ui.result(lines.join('\n'));
  }
  if (failed) {
    if (!session.json)
      context.ui.warn(
        `The instance "${instance.name}" was kept so you can look at it in XSOAR (Settings → Integrations); fix the cause and run ms-auth push again.`,
      );
    return 7;
  }
  return 0;
}
