import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Only repositories, the seed and tests may talk to the database client (DESIGN.md, layering rule 3).
const DB_BOUNDARY = {
  patterns: [
    {
      group: ['**/lib/db', '@/lib/db', './db', '../db', '**/lib/db.ts'],
      message: 'Only lib/**/repo.ts, prisma/seed.ts and tests may import lib/db: go through a repository.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'lib/generated/', 'tests/.artifacts/', 'next-env.d.ts', 'models/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', DB_BOUNDARY],
    },
  },
  {
    files: ['lib/**/repo.ts', 'scripts/**/repo.ts', 'lib/db.ts', 'prisma/seed.ts', 'tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', fetch: 'readonly', URL: 'readonly' },
    },
  },
);
