// Type-aware linting with typescript-eslint's recommended type-checked rules (floating and
// misused promises, unsafe `any`, needless assertions). `npm run lint` preloads
// scripts/typescript6.cjs: the rules run on TypeScript's JS API, which TypeScript 7 does not ship.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.bench/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.cjs', 'test/keychain-double/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // A leading underscore marks what is left out on purpose (a rest sibling, an unused parameter).
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The CommonJS preload hooks Node's resolver, whose internals have no types; the bin shim
    // imports the built dist/, which the type checker does not see.
    files: ['**/*.cjs', 'bin/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read the CLI's JSON output and the stand-ins' request bodies as parsed JSON, their
    // fakes implement async interfaces without awaiting, they print URLSearchParams and pass
    // mocks' methods to expect(): those rules would only add casts and wrappers there.
    // Promise rules (floating, misused) stay on everywhere.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
);
