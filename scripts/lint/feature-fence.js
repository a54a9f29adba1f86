// The back end's layers meet only where docs/architecture.md ("Layers and fences") says they may.
// electron/node holds four folders: `platform` (storage, logging, processes, files, audio I/O:
// serves every feature and knows none), `features/<name>` (each one's `index.ts` is its public
// entry), `hosts` (the composition, serve mode, the CLI) and `testing` (test support; a feature's
// own support sits in `testing/<name>` and may use that feature's internals). This rule resolves
// every relative import of a back-end file and fails one that crosses those lines. Listed in
// eslint.config.js, tested in scripts/lint-boundaries.test.ts.
import path from 'node:path';

const isTestFile = (file) => /\.test\.tsx?$/.test(file);

/** Which layer (and which feature) a path relative to the back end's root belongs to. */
function placeOf(rel) {
  const [top, second = '', ...rest] = rel.split(path.sep);
  const name = second.replace(/\.tsx?$/, '');
  switch (top) {
    case 'platform':
      return { layer: 'platform' };
    case 'features':
      return { layer: 'feature', name, inner: rest.join('/').replace(/\.(tsx?|js)$/, '') };
    case 'hosts':
      return { layer: 'host' };
    case 'testing':
      return { layer: 'testing', name };
    default:
      return { layer: 'outside' };
  }
}

/** @type {import('eslint').Rule.RuleModule} */
const featureFence = {
  meta: {
    type: 'problem',
    docs: { description: 'Back-end layers and features meet only through public entries (docs/architecture.md).' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        required: ['root'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root } = context.options[0];
    const rootDir = path.resolve(context.cwd, root);
    const file = context.filename;
    const fromRel = path.relative(rootDir, file);
    if (fromRel.startsWith('..') || path.isAbsolute(fromRel)) return {};
    const from = placeOf(fromRel);
    const test = isTestFile(file);
    const production = !test && from.layer !== 'testing';

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const targetRel = path.relative(rootDir, path.resolve(path.dirname(file), source));
      if (targetRel.startsWith('..') || path.isAbsolute(targetRel)) return;
      const to = placeOf(targetRel);
      const report = (message) => context.report({ node, message });

      if (to.layer === 'testing') {
        if (production) report(`${targetRel.split(path.sep).join('/')} is test support: production code must not use it.`);
        return;
      }
      if (to.layer === 'host') {
        if (production && from.layer !== 'host') report(`Only hosts (the composition, serve, the CLI) and tests may use hosts/: a ${from.layer} must not depend on how the app is started.`);
        return;
      }
      if (to.layer !== 'feature') return;
      if (from.layer === 'platform' && !test) {
        report(`The platform must not depend on a feature (${to.name}): move what both need into the platform, or let the feature call the platform.`);
        return;
      }
      if (from.name === to.name && (from.layer === 'feature' || from.layer === 'testing')) return;
      if (to.inner === '' || to.inner === 'index') return;
      report(
        `Import '${to.name}' (its index.ts), not its internal file ${to.name}/${to.inner}: features meet only through their public entries. Export what is needed from features/${to.name}/index.ts${production ? '' : ` (or put test support in testing/${to.name})`}.`,
      );
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'feature-fence': featureFence } };
