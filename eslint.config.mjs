// Type-aware lint for the whole TypeScript tree (tsconfig.dev.json: what ships, the local host and the tests).
// Code that ships (index.ts, functions/, shared/ but shared/local) may not import test code or the local host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'eslint.config.mjs', '.azurite/**', '.local-state/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.dev.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: '@types/node', name: ['it', 'describe', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['index.ts', 'functions/**/*.ts', 'shared/**/*.ts'],
    ignores: ['shared/local/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/test/**', '**/test'], message: 'code that ships may not import test code' },
        { group: ['**/local/**', '**/shared/local'], message: 'code that ships may not import the local host (shared/local)' },
      ] }],
    },
  },
);
