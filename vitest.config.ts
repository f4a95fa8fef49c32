import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit tests: the pure core, the io adapters against fakes and loopback sockets, and the
 * commands' parse and run tests. No build, no keychain, seconds: `npm run test:unit`.
 */
const UNIT = ['test/*.test.ts', 'test/core/**/*.test.ts', 'test/io/**/*.test.ts', 'test/commands/**/*.test.ts'];

export default defineConfig({
  // commander's Help class alone, as the build maps it (src/commander-help.d.ts).
  resolve: { alias: { 'commander-help': fileURLToPath(new URL('./node_modules/commander/lib/help.js', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end files share one Secret Service and the CPU of a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
    // A test's vi.stubEnv ends with the test.
    unstubEnvs: true,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      // Real parts: the packed and installed CLI (installed-package.ts packs and installs it once per
      // run), the Entra stand-in, the keyring, a browser, a pseudo-terminal.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          globalSetup: ['./test/e2e/installed-package.ts'],
        },
      },
    ],
  },
});
