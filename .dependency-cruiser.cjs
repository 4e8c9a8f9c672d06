// Module boundaries (architecture.md rule 2), checked by `npm run depcheck` inside `npm test`.
// Every rule is an error: the check passes only with no violation at all.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and blur which module depends on which.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment: 'src/platform is what every module uses and no module owns: it must not depend on a module.',
      // Tests may drive the whole app (src/test/app.ts composes every module).
      from: { path: '^src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment: "A module reaches another module only through that module's index.ts, never its internals.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'server-not-to-web',
      severity: 'error',
      comment: 'The server never imports the web app.',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-not-to-server',
      severity: 'error',
      comment:
        'The web app talks to the server through the generated API client only (architecture.md rule 4).',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-dev-dependencies-in-production',
      severity: 'error',
      comment:
        'Production code runs after `npm ci --omit=dev`: it may import a devDependency for types only. ' +
        'Tests (*.test.ts) and the test harness (src/test/) may import anything.',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/test/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment: 'A package used by the server must be declared in package.json, not reached transitively.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved would let every other rule pass unseen.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too (so cycles through types show), and mark it type-only.
    tsPreCompilationDeps: true,
    // Resolves TypeScript's `.js` specifiers to the `.ts` files beside them.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
