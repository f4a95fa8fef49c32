/**
 * The fast path (src/fast-path.ts) answers as commander would, from the snapshot the
 * build writes (src/cli-spec.ts): the same help text at any width, and for every
 * command line it takes on, the same option values commander's parse gives. What it
 * does not take goes to commander itself, so only agreement needs proving.
 */
import { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_COMMANDS, specOf } from '../src/cli-spec.js';
import { fastRun } from '../src/fast-path.js';
import { helpText } from '../src/help-text.js';
import { createProgram } from '../src/program.js';
import { globalsOf, type CommandHost } from '../src/commands/globals.js';
import { recordingUi } from './fakes.js';

const host: CommandHost = { ui: recordingUi(), setExitCode: () => undefined };
const spec = specOf(createProgram(host, true));

const quiet = (command: Command, width: number | undefined, out: { text: string }): void => {
  command.configureOutput({
    writeOut: (text) => void (out.text += text),
    writeErr: () => undefined,
    getOutHelpWidth: () => width ?? 80,
    getErrHelpWidth: () => width ?? 80,
  });
  for (const sub of command.commands) quiet(sub, width, out);
};

/** What commander prints for `ms-auth [command] --help` at this width. */
async function commanderHelp(command: string, width: number | undefined): Promise<string> {
  const program = createProgram(host, true);
  const out = { text: '' };
  quiet(program, width, out);
  await program.parseAsync([...(command ? [command] : []), '--help'], { from: 'user' }).catch(() => undefined);
  return out.text;
}

describe('fast path: help and version', () => {
  const commands = Object.keys(spec.help);

  it('knows the program and every command', () => {
    expect(commands.sort()).toEqual(['', ...createProgram(host, true).commands.map((c) => c.name())].sort());
  });

  it.each(commands.flatMap((command) => [undefined, 30, 50, 80, 101, 140, 250].map((width) => [command, width] as const)))(
    'help of "%s" at width %s is commander\'s',
    async (command, width) => {
      expect(helpText(spec, command, width)).toBe(await commanderHelp(command, width));
    },
  );

  it("takes `--help`, `-h`, `COMMAND --help` and `--version` alone; anything more is commander's", () => {
    expect(fastRun(spec, ['--help'])).toEqual({ kind: 'help', command: '' });
    expect(fastRun(spec, ['-h'])).toEqual({ kind: 'help', command: '' });
    expect(fastRun(spec, ['setup', '--help'])).toEqual({ kind: 'help', command: 'setup' });
    expect(fastRun(spec, ['--version'])).toEqual({ kind: 'version' });
    expect(fastRun(spec, ['-v'])).toEqual({ kind: 'version' });
    expect(spec.version).toBe(createProgram(host, true).version());
    for (const args of [
      [],
      ['--help', '--json'],
      ['help'],
      ['help', 'setup'],
      ['nope', '--help'],
      ['status'],
      ['status', '--all'],
      ['--json', 'authorize-url'],
    ])
      expect(fastRun(spec, args)).toBeUndefined();
  });
});

/** commander's parse of `ms-auth COMMAND ARGS`: the command's option values and the merged ones, or undefined for a usage error or help. */
async function commanderParse(
  command: string,
  args: string[],
): Promise<{ own: Record<string, unknown>; merged: Record<string, unknown> } | undefined> {
  const program = createProgram(host, true);
  quiet(program, undefined, { text: '' });
  let parsed: { own: Record<string, unknown>; merged: Record<string, unknown> } | undefined;
  program.commands
    .find((c) => c.name() === command)
    ?.action((own: Record<string, unknown>, self: Command) => {
      parsed = { own: { ...own }, merged: self.optsWithGlobals() };
    });
  try {
    await program.parseAsync([command, ...args], { from: 'user' });
  } catch {
    return undefined;
  }
  return parsed;
}

describe.each(FAST_COMMANDS)('fast path: %s', (command) => {
  const flags = [...(spec.commands[command]?.flags ?? []), ...spec.program.flags].map((f) => f.long);
  const word = fc.constantFrom(
    'a',
    'b',
    'consent',
    'login',
    'worldwide',
    'us-gov',
    'china',
    'auth-code',
    'self-deployed',
    'refresh-token',
    'x y',
    '',
    '=',
    'https://h/',
  );
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...flags) },
    { weight: 4, arbitrary: word },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...flags), word).map(([flag, value]) => `${flag}=${value}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('--help', '-h', '--version', '-v', '--', '--nope', '-x', '--client-secret', '-1', '--no-json', '--Scope'),
    },
  );

  it('reads what it takes on as commander does (option values, global options)', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 9 }), async (args) => {
        const fast = fastRun(spec, [command, ...args]);
        // `COMMAND --help` alone is the help (compared above).
        if (fast?.kind === 'help') expect(args.length === 1 && ['--help', '-h'].includes(args[0] ?? '')).toBe(true);
        if (fast?.kind !== 'run') return;
        taken += 1;
        const parsed = await commanderParse(command, args);
        expect(parsed).toBeDefined();
        expect(fast.options).toEqual(parsed?.own);
        expect(globalsOf({ ...fast.globals, ...fast.options })).toEqual(globalsOf(parsed?.merged ?? {}));
      }),
      { numRuns: 3000 },
    );
    // The property says something only if the fast path took on a good share of the lines.
    expect(taken).toBeGreaterThan(300);
  });
});

describe('fast path: the usual command lines', () => {
  it('takes on the usual command line', () => {
    const fast = fastRun(spec, [
      'authorize-url',
      '--tenant',
      'contoso.onmicrosoft.com',
      '--client-id',
      '11111111-2222-3333-4444-555555555555',
      '--scope',
      'a',
      'b',
      '--json',
      '--prompt=consent',
    ]);
    expect(fast).toMatchObject({
      kind: 'run',
      command: 'authorize-url',
      options: { tenant: 'contoso.onmicrosoft.com', scope: ['a', 'b'], prompt: 'consent', cloud: 'worldwide' },
      globals: { json: true, input: true, httpTimeout: '30' },
    });
  });

  it('takes on the wizard with a config directory, and setup with its usual flags', () => {
    expect(fastRun(spec, ['setup', '--config-dir', '/tmp/x'])).toMatchObject({
      kind: 'run',
      command: 'setup',
      options: { browser: true, exchange: true, cloud: 'worldwide' },
      globals: { configDir: '/tmp/x' },
    });
    expect(
      fastRun(spec, [
        'setup',
        '--integration',
        'msgraph-user',
        '--method',
        'self-deployed',
        '--flow',
        'auth-code',
        '--no-browser',
        '--json',
      ]),
    ).toMatchObject({
      kind: 'run',
      command: 'setup',
      options: { integration: 'msgraph-user', method: 'self-deployed', flow: 'auth-code', browser: false },
      globals: { json: true },
    });
    // --param has a parser of its own: commander's.
    expect(fastRun(spec, ['setup', '--param', 'a=b'])).toBeUndefined();
  });
});
