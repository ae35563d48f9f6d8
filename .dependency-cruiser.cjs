/**
 * The arrows of the house (docs/architecture.md, "Layers and arrows"), checked by `npm run lint`. Each rule's
 * comment is what a developer reads when an import breaks it: it names the seam to use instead.
 *
 * Module levels, lowest first; a module may import only modules of a lower level:
 *   1 audit, ledger, regions, tables            (know shared/ and db/ only)
 *   2 periods, users, funding-sources, workforce (the audit trail records their writes)
 *   3 programs
 *   4 beneficiaries, budgets
 *   5 billing
 *   6 payments, reconciliation
 *   7 life-events                               (ends reaching back into billed and paid months)
 *   8 reports, integrity                        (the read side and the auditor's checks)
 */
const LEVELS = [
  ['audit', 'ledger', 'regions', 'tables'],
  ['periods', 'users', 'funding-sources', 'workforce'],
  ['programs'],
  ['beneficiaries', 'budgets'],
  ['billing'],
  ['payments', 'reconciliation'],
  ['life-events'],
  ['reports', 'integrity'],
];

const group = (names) => `(${names.join('|')})`;

/** For each level: its modules may not import a module of the same or a higher level. */
const layerRules = LEVELS.slice(0, -1).map((names, i) => ({
  name: `level-${i + 1}-imports-only-lower-levels`,
  severity: 'error',
  comment: `${names.join(', ')} may import only ${
    i === 0 ? 'shared/ and db/' : LEVELS.slice(0, i).flat().join(', ')
  }. Needing a higher module means a new seam: a port its routes take from src/app.ts, or a read the higher module offers.`,
  from: { path: `^src/modules/${group(names)}/` },
  to: {
    path: `^src/modules/${group(LEVELS.slice(i).flat())}/`,
    pathNot: `^src/modules/$1/`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports must not go round in a circle: break it with a seam (a port, or a lower module).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-knows-nothing-of-the-others',
      severity: 'error',
      comment: 'src/shared/ is the vocabulary of the domain: it imports nothing else of src/.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'db-knows-shared-only',
      severity: 'error',
      comment: 'src/db/ opens databases and transactions; it imports only src/shared/.',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/(shared|db)/' },
    },
    {
      name: 'http-is-an-edge',
      severity: 'error',
      comment:
        'src/http/ is the request pipeline: it imports shared/ and db/, never a module or the console. What it needs of a module (authentication, the audit of downloads) createApp hands in through ApiDeps.',
      from: { path: '^src/http/' },
      to: { path: '^src/(modules|web)/' },
    },
    {
      name: 'modules-do-not-import-http-outside-routes',
      severity: 'error',
      comment:
        'Only *.routes.ts may import src/http/. Field schemas live in src/shared/fields.ts, problems in src/shared/errors.ts, tables in modules/tables.',
      from: { path: '^src/modules/', pathNot: '\\.routes\\.ts$' },
      to: { path: '^src/(http|web)/' },
    },
    {
      name: 'services-do-not-import-express',
      severity: 'error',
      comment: 'A service takes plain values and a knex; only routes and the edges know Express.',
      from: { path: '^src/(modules|shared|db)/', pathNot: '\\.routes\\.ts$' },
      to: { path: 'node_modules/express/' },
    },
    {
      name: 'a-module-is-entered-through-its-index',
      severity: 'error',
      comment:
        "Another module's files are private: import its index.ts (its one public face). Add what you need to that index if it belongs to the module's face.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'edges-enter-modules-through-their-index',
      severity: 'error',
      comment:
        "The edges (cli, demo, console, server) use a module through its index.ts; only src/app.ts registers a module's routes file.",
      from: { path: '^src/', pathNot: ['^src/modules/', '^src/app\\.ts$'] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'app-registers-routes-and-uses-indexes',
      severity: 'error',
      comment: 'src/app.ts imports a module only through its index.ts or its *.routes.ts.',
      from: { path: '^src/app\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/(index|[^/]+\\.routes)\\.ts$' },
    },
    {
      name: 'nothing-imports-the-edges',
      severity: 'error',
      comment:
        'The edges (app, server, cli, demo, the console) sit on top: nothing below imports them. Move what is shared into shared/ or a module.',
      from: { path: '^src/', pathNot: ['^src/(app|server|cli|demo)\\.ts$', '^src/(web|demo)/'] },
      to: { path: '^src/((app|server|cli|demo)\\.ts$|web/|demo/)' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', '^node_modules/express/'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
      archi: { collapsePattern: '^src/(modules/[^/]+|[^/]+)' },
    },
  },
};
