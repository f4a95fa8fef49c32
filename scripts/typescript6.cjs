/**
 * typescript-eslint's type-aware rules run on TypeScript's JS compiler API, which the
 * native TypeScript 7 no longer ships; @typescript/typescript6 is that API. Preloaded by
 * `npm run lint` only: `typescript` resolves to it for the linter, tsc stays TypeScript 7.
 */
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTypescript6(request, ...rest) {
  const typescript6 =
    request === 'typescript' || request.startsWith('typescript/')
      ? `@typescript/typescript6${request.slice('typescript'.length)}`
      : request;
  return resolve.call(this, typescript6, ...rest);
};
