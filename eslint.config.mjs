import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  // Dependencies point one way (STYLE.md): app/ → components/ and lib/; the API layer on top of the domain.
  {
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['lib/api/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/api/*', '**/lib/api/*'], message: 'Domain code does not import the API layer: put shared types with their domain (actors live in lib/audit/actor).' }, { group: ['@/app/*', '**/app/*'], message: 'Nothing imports from app/: routes call lib/, not the other way round.' }] }] },
  },
  {
    files: ['lib/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/app/*', '**/app/*'], message: 'Nothing imports from app/: routes call lib/, not the other way round.' }] }] },
  },
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/db/*', '**/lib/db/*', '@/generated/*'], message: 'Components are presentational: data comes from lib/ through the page, never from the database.' }, { group: ['@/app/*', '**/app/*'], message: 'Nothing imports from app/.' }] }] },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/app/*', '**/app/*', '../app/*'], message: 'Nothing imports from app/.' }] }] },
  },
  { ignores: ['.next/**', 'generated/**', 'prisma/generated/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
