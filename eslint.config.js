// ESLint 9 flat config: eslint's and typescript-eslint's recommended rules (syntax-only, no type information, so the
// whole run stays fast). `npm run lint` runs this, then dependency-cruiser (.dependency-cruiser.cjs) for the import rules.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/', 'data/', 'coverage/', 'tmp/', 'server/db/generated/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  // Applies the TypeScript parser to every file and its rules to .ts files (and switches off the core rules that
  // TypeScript checks better itself, e.g. no-undef, there).
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  // Server, tests, Prisma scripts and config files run on Node.
  {
    files: ['server/**/*.ts', 'test/**/*.ts', 'prisma/**/*.ts', '*.{js,cjs,mjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Tests may use `any` for fakes and loosely typed JSON.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Browser scripts: plain ES5-style scripts loaded with <script>, not modules.
  {
    files: ['public/js/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
);
