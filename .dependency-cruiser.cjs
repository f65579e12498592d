// dependency-cruiser: the import rules of server/. `npm run lint:deps` (and `npm run lint`, after ESLint) checks them.
// Imports that exist only for types are seen too (tsPreCompilationDeps) and are told apart where a rule says so.
//
// Why tsPreCompilationDeps 'specify' and 'pre-compilation-only' rather than `true` and 'type-only': dependency-cruiser
// 17 labels `import Fastify, { type FastifyInstance } from 'fastify'` as 'type-only' (it looks only at the named
// imports and ignores the default one), so a value import written that way would pass a 'type-only' exemption.
// With 'specify' every dependency is also looked for in the code as TypeScript compiles it; one that is gone there
// (import type, import { type X }, typeof import('x'), imports used only as types) gets 'pre-compilation-only',
// and one that is still there, whatever its labels, does not.

// The "domain": everything in server/ except the web layer (the app, the entry point, routes and Fastify plugins).
// Generated Prisma code is not checked.
const DOMAIN = '^server/';
const WEB_LAYER = ['^server/(app|main)\\.ts$', '^server/routes/', '^server/plugins/', '^server/db/generated/'];

// Two rules of that name (a rule's conditions are all and-ed): fastify itself is allowed for types only; fastify-plugin
// and @fastify/* are not allowed at all.
const DOMAIN_NO_FASTIFY =
  'Domain code (server/ outside app.ts, main.ts, routes/ and plugins/) imports neither fastify-plugin nor any ' +
  '@fastify/* package, and imports fastify only for its types (nothing of it may be left at run time).';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles in server/, type-only imports included: a type-only cycle is still two modules that ' +
        'cannot be understood one without the other. Break it by moving the shared part into a module of its own.',
      from: { path: '^server/' },
      to: { circular: true },
    },
    {
      name: 'domain-no-fastify',
      severity: 'error',
      comment: DOMAIN_NO_FASTIFY,
      from: { path: DOMAIN, pathNot: WEB_LAYER },
      to: { path: '(^|/)node_modules/fastify/', dependencyTypesNot: ['pre-compilation-only'] },
    },
    {
      name: 'domain-no-fastify',
      severity: 'error',
      comment: DOMAIN_NO_FASTIFY,
      from: { path: DOMAIN, pathNot: WEB_LAYER },
      to: { path: '(^|/)node_modules/(fastify-plugin|@fastify/[^/]+)/' },
    },
    {
      name: 'domain-no-routes',
      severity: 'error',
      comment:
        'Domain code does not import from server/routes/ (type-only imports included): what routes and domain ' +
        'both need belongs in the domain module.',
      from: { path: DOMAIN, pathNot: WEB_LAYER },
      to: { path: '^server/routes/' },
    },
    {
      name: 'plugins-no-routes',
      severity: 'error',
      comment: 'Fastify plugins (server/plugins/) do not import from server/routes/, type-only imports included.',
      from: { path: '^server/plugins/' },
      to: { path: '^server/routes/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Nothing in server/ imports from test/.',
      from: { path: '^server/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import in server/ resolves to a file or an installed package. Guards the other rules too: an import ' +
        'that does not resolve cannot be checked by them.',
      from: { path: '^server/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Generated Prisma client: its own imports are not followed (nor checked for cycles).
    doNotFollow: { path: ['node_modules', '^server/db/generated/'] },
    exclude: { path: ['^data/', '^coverage/'] },
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve the way Node (and tsx) does for an ESM package; './x.ts' imports resolve as written.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
