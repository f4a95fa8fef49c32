/**
 * `npm run build`: bundles src/ and its pure-JS dependencies into dist/ with esbuild:
 * ESM chunks, split at the dynamic imports, so `--help` and `authorize-url` load only
 * the program and the heavy parts (openid-client, the prompts, node-forge, undici, open)
 * load in the commands that use them. @napi-rs/keyring stays a real dependency (native
 * binaries per platform). Also writes THIRD-PARTY-NOTICES (the licence of every bundled
 * package) and source maps for the chunks that hold ms-auth's own code, so that the
 * stack of a bug points at src/ (chunks of third-party code alone ship without a map).
 * Type checking is `npm run typecheck`.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/** Kept outside the bundle: native code, resolved from the installed package's node_modules. */
const EXTERNAL = ['@napi-rs/keyring'];

/**
 * commander loads node:child_process when it loads, for executable subcommands, which
 * ms-auth has none of: loaded on first use instead, every run starts about 3 ms sooner.
 */
const commanderSpawnsLazily: Plugin = {
  name: 'commander-spawns-lazily',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/, namespace: 'file' }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager))
        throw new Error(`${path} no longer loads child_process the way the build expects: update commanderSpawnsLazily.`);
      return {
        contents: source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"),
        loader: 'js',
      };
    });
  },
};

/**
 * The program's snapshot for the fast path (src/cli-spec.ts): help, version and the flags
 * of authorize-url, read from the program itself, built into the bundle.
 */
const { createProgram } = await import('../src/program.js');
const { specOf } = await import('../src/cli-spec.js');
const spec = specOf(
  createProgram(
    {
      get ui(): never {
        throw new Error('build: the program is only read, never run');
      },
      setExitCode: () => undefined,
    },
    false,
  ),
);

/**
 * Node's built-ins through process.getBuiltinModule, not ESM imports: the ESM face of a
 * built-in reads every export once, which runs its lazy getters. node:process's load
 * worker_threads and the diagnostic report, node:util's parseArgs and the diff, node:fs's
 * fs/promises and the streams, node:http's Node's own undici (about 28 ms on Node 24):
 * milliseconds of every run spent on code ms-auth never calls.
 * - A static import gets a module of its own that reads the exports it asks for and no
 *   other (each export a pure expression, dropped when unused), and fails at load, as an
 *   ESM import would, when the running Node lacks one. Not a CommonJS module: esbuild's
 *   ESM face of one reads every property's descriptor, and a descriptor read loads what
 *   Node defines lazily (node:util's parseArgs and diff).
 * - require() and dynamic import() get the built-in itself, as CommonJS. Dynamic imports
 *   stay ESM but for node:http and node:https, which setup imports on a path where their
 *   getters cost the most: each would become a chunk, one more file to load.
 * Each importing file gets its copy (one line per export used): a module shared by several
 * chunks would become a chunk of its own, one more file to load too.
 */
const builtinsWithoutEsmFace: Plugin = {
  name: 'builtins-without-esm-face',
  setup(bundler) {
    bundler.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, ({ path, kind, importer }) => {
      const name = path.startsWith('node:') ? path : `node:${path}`;
      // Bare names only where Node takes them as built-ins (not `test`, an npm package). A
      // node: name this Node lacks (node:sqlite on Node 20) may be required all the same:
      // it throws as Node's require() would.
      const known = isBuiltin(path) || (kind === 'require-call' && path.startsWith('node:'));
      const namespace =
        kind === 'import-statement'
          ? 'builtin-esm'
          : kind === 'require-call' || (kind === 'dynamic-import' && /^node:https?$/.test(name))
            ? 'builtin-cjs'
            : undefined;
      if (!namespace || !known) return undefined;
      return { path: `${name}|${relative(ROOT, importer).split(sep).join('/')}`, namespace };
    });
    // The module's path is `node:name|importing file`.
    const builtinOf = (path: string): string => path.slice(0, path.indexOf('|'));
    bundler.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, ({ path }) => ({
      contents: [
        `const builtin = process.getBuiltinModule(${JSON.stringify(builtinOf(path))});`,
        `if (builtin === undefined) throw Object.assign(new Error(${JSON.stringify(`No such built-in module: ${builtinOf(path)}`)}), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });`,
        'module.exports = builtin;',
      ].join('\n'),
      loader: 'js',
    }));
    bundler.onLoad({ filter: /.*/, namespace: 'builtin-esm' }, ({ path }) => {
      const id = JSON.stringify(builtinOf(path));
      const names = Object.keys(process.getBuiltinModule(builtinOf(path)) ?? {}).filter(
        (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
      );
      return {
        contents: [
          `const builtin = process.getBuiltinModule(${id});`,
          'export default builtin;',
          // The names come from the Node that builds: one the running Node lacks is refused.
          `const take = (name) => { if (!(name in builtin)) throw new SyntaxError(\`The requested module \${${id}} does not provide an export named '\${name}'\`); return builtin[name]; };`,
          ...names.map((name) => `export const ${name} = /* @__PURE__ */ take(${JSON.stringify(name)});`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

rmSync(DIST, { recursive: true, force: true });

const options: BuildOptions = {
  absWorkingDir: ROOT,
  // Flat dist/: the chunk that spawns the keychain helper finds it beside itself.
  entryPoints: { cli: 'src/cli.ts', 'keychain-process': 'src/io/keychain-process.ts' },
  outdir: DIST,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  external: EXTERNAL,
  minify: true,
  // Error classes of openid-client and ms-auth are told apart by name.
  keepNames: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { MS_AUTH_CLI_SPEC: JSON.stringify(JSON.stringify(spec)) },
  // commander's Help class alone, for the fast path's help text (src/commander-help.d.ts).
  alias: { 'commander-help': './node_modules/commander/lib/help.js' },
};

/**
 * One chunk for what every run after the fast path loads (src/main.ts and the modules it
 * imports): esbuild puts a module shared by the entry and by lazily loaded chunks into a
 * chunk per set of chunks that use it, a dozen small files on every start, and Node
 * resolves, reads and links each. A module lands in a chunk by the set of entries that
 * reach it, so when every lazily loaded module of ms-auth also imports the start-up
 * modules (through one virtual module, imported last, after they have run anyway) they
 * all share one set, and one chunk.
 */
const KERNEL = 'ms-auth:start-up';
const { metafile: firstMeta } = await build({
  ...options,
  metafile: true,
  write: false,
  plugins: [commanderSpawnsLazily, builtinsWithoutEsmFace],
});
const reach = (from: string, kinds: string[]): Set<string> => {
  const found = new Set<string>();
  const walk = (input: string): void => {
    if (found.has(input)) return;
    found.add(input);
    for (const { path, kind } of firstMeta.inputs[input]?.imports ?? []) if (kinds.includes(kind) && path.startsWith('src/')) walk(path);
  };
  walk(from);
  return found;
};
const startUp = reach('src/main.ts', ['import-statement']);
const fastPath = reach('src/cli.ts', ['import-statement']);
const lazy = [...reach('src/main.ts', ['import-statement', 'dynamic-import'])].filter(
  (input) => !startUp.has(input) && !fastPath.has(input),
);
const startUpChunk: Plugin = {
  name: 'start-up-chunk',
  setup(bundler) {
    bundler.onResolve({ filter: new RegExp(`^${KERNEL}$`) }, () => ({ path: KERNEL, namespace: KERNEL }));
    bundler.onLoad({ filter: /.*/, namespace: KERNEL }, () => ({
      contents: [...startUp].map((input) => `import ${JSON.stringify(`./${input}`)};`).join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
    bundler.onLoad({ filter: /[\\/]src[\\/].*\.ts$/, namespace: 'file' }, async ({ path }) => {
      if (!lazy.includes(relative(ROOT, path).split(sep).join('/'))) return undefined;
      return { contents: `${await readFile(path, 'utf8')}\nimport '${KERNEL}';\n`, loader: 'ts' };
    });
  },
};

const result = await build({ ...options, metafile: true, plugins: [commanderSpawnsLazily, builtinsWithoutEsmFace, startUpChunk] });

const metafile: Metafile = result.metafile;

// The fast path's promise: what cli.js and main.js load before they run holds no commander program.
const eager = new Set<string>();
const visit = (output: string): void => {
  if (eager.has(output)) return;
  eager.add(output);
  for (const { path, kind } of metafile.outputs[output]?.imports ?? [])
    if (kind === 'import-statement' && !path.startsWith('node:')) visit(path);
};
for (const [output, { entryPoint }] of Object.entries(metafile.outputs))
  if (entryPoint === 'src/cli.ts' || entryPoint === 'src/main.ts') visit(output);
if (eager.size < 2) throw new Error('build: cli.js or main.js is missing from the metafile');
const loadsCommander = [...eager].filter((output) =>
  Object.keys(metafile.outputs[output]?.inputs ?? {}).some((input) => input.endsWith('commander/lib/command.js')),
);
if (loadsCommander.length) throw new Error(`build: cli.js loads commander at start-up (through ${loadsCommander.join(', ')})`);
const packageOf = (input: string): string | undefined => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

// CommonJS code in the bundle calls require() for built-ins only, through builtinsWithoutEsmFace:
// the chunks have no require() of Node's (the ESM banner that made one cost every chunk a
// createRequire), and esbuild's stand-in for one would throw.
const jsOutputs = Object.keys(metafile.outputs).filter((output) => output.endsWith('.js'));
const requiring = jsOutputs.filter((output) => readFileSync(join(ROOT, output), 'utf8').includes('Dynamic require of'));
if (requiring.length) throw new Error(`build: ${requiring.join(', ')} call require() for something other than a built-in`);

// The start-up chunk's virtual module, which has no code of its own, leaves a chunk with no
// inputs and no code that every lazily loaded chunk imports: one more file on every run. Its
// imports become spaces (the source maps' columns stay true) and the file goes; a reference
// to it left anywhere (a dynamic import) fails the build.
const hollow = jsOutputs.filter((output) => {
  const info = metafile.outputs[output];
  if (info?.entryPoint !== undefined || Object.keys(info?.inputs ?? {}).length) return false;
  // Not esbuild's own helpers, which have no inputs either.
  return !readFileSync(join(ROOT, output), 'utf8')
    .replace(/\/\/# sourceMappingURL=\S+\s*$/, '')
    .trim();
});
const others = jsOutputs.filter((output) => !hollow.includes(output));
for (const empty of hollow) {
  const name = empty.slice(empty.lastIndexOf('/') + 1);
  const statement = new RegExp(`import ?"\\./${name.replaceAll('.', '\\.')}";`, 'g');
  for (const output of others) {
    const path = join(ROOT, output);
    const code = readFileSync(path, 'utf8');
    const kept = code.replace(statement, (found) => ' '.repeat(found.length));
    if (kept.includes(name)) throw new Error(`build: ${output} refers to ${empty} other than by a static import`);
    if (kept !== code) writeFileSync(path, kept);
  }
}
for (const empty of hollow) {
  rmSync(join(ROOT, empty));
  rmSync(join(ROOT, `${empty}.map`), { force: true });
  delete metafile.outputs[empty];
  delete metafile.outputs[`${empty}.map`];
}

// A map is worth shipping only where ms-auth's own code is.
for (const [output, info] of Object.entries(metafile.outputs)) {
  if (!output.endsWith('.js')) continue;
  if (Object.keys(info.inputs).some((input) => input.startsWith('src/'))) continue;
  const file = join(ROOT, output);
  rmSync(`${file}.map`, { force: true });
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\n?$/, '\n'));
}

// THIRD-PARTY-NOTICES: every package that went into a chunk, with its licence text.
const bundled = new Map<string, string>();
for (const input of Object.keys(metafile.inputs)) {
  const name = packageOf(input);
  if (!name || bundled.has(name)) continue;
  const at = input.lastIndexOf(`node_modules/${name}/`);
  bundled.set(name, join(ROOT, input.slice(0, at + `node_modules/${name}`.length)));
}
const sections: string[] = [];
for (const [name, dir] of [...bundled].sort(([a], [b]) => a.localeCompare(b))) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    version: string;
    license?: string;
    author?: string | { name?: string };
    repository?: string | { url?: string };
  };
  const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const text = licenceFile
    ? readFileSync(join(dir, licenceFile), 'utf8').trim()
    : `${manifest.license ?? 'see the package'} licence${author ? `, copyright ${author}` : ''} (the package ships no licence file).`;
  sections.push(
    [
      `## ${name} ${manifest.version}`,
      `License: ${manifest.license ?? 'unknown'}${repository ? `  \nRepository: ${repository}` : ''}`,
      '',
      text,
    ].join('\n'),
  );
}
writeFileSync(
  join(ROOT, 'THIRD-PARTY-NOTICES.md'),
  `# Third-party notices\n\nms-auth's dist/ bundles the following packages (generated by scripts/build.ts).\n${EXTERNAL.join(', ')} is installed as a dependency with its own licence.\n\n${sections.join('\n\n')}\n`,
);

const shipped = readdirSync(DIST).map((file) => statSync(join(DIST, file)).size);
process.stdout.write(
  `dist/: ${shipped.length} files, ${(shipped.reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB; ${bundled.size} packages bundled (THIRD-PARTY-NOTICES.md)\n`,
);
