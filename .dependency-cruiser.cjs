/**
 * The import graph of src/, checked in CI (`npm run check:imports`): no cycles, and the
 * layers of docs/architecture.md. Type-only imports are left out where they cannot create
 * a runtime dependency (`rules/` and `nudges/` share each other's types).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes the order of evaluation matter and the layers meaningless.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-the-foundation',
      severity: 'error',
      comment: 'core/ (types, errors, clock, ids, emitter, option checks, the feature contract) imports nothing else in src/.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'client-is-not-imported-by-features',
      severity: 'error',
      comment: 'The composition roots sit on top: no feature or lower layer imports client/. simulate/ (which replays the client\'s flow, reusing its session and identity pieces) and cli/ compose like it.',
      from: { path: '^src/', pathNot: '^src/(client|entries|simulate|cli)/|^src/index\\.ts$' },
      to: { path: '^src/client/' },
    },
    {
      name: 'lower-layers-do-not-import-features',
      severity: 'error',
      comment: 'storage/ and delivery/ know nothing of profiles, rules, nudges or the DOM.',
      from: { path: '^src/(storage|delivery)/' },
      to: { path: '^src/(profile|lifecycle|rules|nudges|dom|targeting|engage|analysis)/' },
    },
    {
      name: 'profile-does-not-import-targeting',
      severity: 'error',
      from: { path: '^src/(profile|lifecycle)/' },
      to: { path: '^src/(rules|nudges|dom|targeting|engage)/' },
    },
    {
      name: 'client-core-does-not-import-feature-code',
      severity: 'error',
      comment: 'The client talks to features through core/feature.ts only, so a page without a feature carries none of its code. Types are free.',
      from: { path: '^src/client/' },
      to: { path: '^src/(profile|lifecycle|rules|nudges|dom|targeting|engage|analysis)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(test|bench|examples)/' },
  },
};
