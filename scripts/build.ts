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
import { build, type Metafile, type Plugin } from 'esbuild';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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
    bundler.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async ({ path }) => {
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

rmSync(DIST, { recursive: true, force: true });

const result = await build({
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
  plugins: [commanderSpawnsLazily],
  // CommonJS dependencies (commander, undici, node-forge) call require() for Node's built-ins.
  banner: { js: "import{createRequire as __msAuthRequire}from'node:module';const require=__msAuthRequire(import.meta.url);" },
});

const metafile: Metafile = result.metafile;
const packageOf = (input: string): string | undefined => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

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
