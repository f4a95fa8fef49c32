/**
 * commander's Help class alone (commander/lib/help.js, without the rest of commander), for
 * the fast path's help text. The build (scripts/build.ts) and the tests (vitest.config.ts)
 * map the name to that file; the types are commander's own.
 */
declare module 'commander-help' {
  export { Help } from 'commander';
}
