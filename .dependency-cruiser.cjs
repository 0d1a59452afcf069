/**
 * The module boundaries (../shared/DESIGN.md, section 3), checked on every `npm test` by
 * test/architecture/boundaries.spec.ts. Paths are relative to the folder depcruise runs in.
 */
const MODULE = '^src/modules/([^/]+)/';
const PUBLIC_SURFACE = '^src/modules/[^/]+/(index\\.ts|contract(\\.ts|/))';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Files that depend on each other in a circle; at start-up one of them sees the other half-loaded.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'module-internals',
      severity: 'error',
      comment: "Another module is reached only through its index.ts or its contract.",
      from: { path: MODULE },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', PUBLIC_SURFACE] },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'A contract holds events and port types; it imports the shared kernel and itself only.',
      from: { path: '^src/modules/([^/]+)/contract(\\.ts|/)' },
      to: { pathNot: ['^src/shared/', '^src/modules/$1/contract(\\.ts|/)', '^node:', '^(fs|path|crypto)$'] },
    },
    {
      name: 'domain-is-plain-typescript',
      severity: 'error',
      comment: 'domain/ holds rules, not frameworks: no Nest, TypeORM, pg or infrastructure.',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        path: [
          '^@nestjs/', '^typeorm', '^pg(-boss)?$', 'node_modules/(@nestjs/|typeorm/|pg/|pg-boss/)',
          '/infrastructure/',
        ],
      },
    },
    {
      name: 'shared-knows-no-module',
      severity: 'error',
      comment: 'The shared kernel serves every module and so may not know any of them.',
      from: { path: '^src/shared/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'page-knows-no-server',
      severity: 'error',
      comment: 'The Bitrix24 app page (src/frontend) is a browser bundle: it talks to the server over HTTP only.',
      from: { path: '^src/frontend/' },
      to: { path: '^src/(?!frontend/)' },
    },
    {
      name: 'page-logic-is-plain',
      severity: 'error',
      comment: 'src/frontend/src/logic is plain TypeScript that jest runs in Node: no Vue, no browser services.',
      from: { path: '^src/frontend/src/logic/' },
      to: { pathNot: '^src/frontend/src/logic/' },
    },
    {
      name: 'server-knows-no-page',
      severity: 'error',
      comment: 'The server serves the built page from dist/frontend and never imports its source.',
      from: { path: '^src/(?!frontend/)' },
      to: { path: '^src/frontend/' },
    },
    {
      name: 'src-never-imports-test',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(spec|e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
