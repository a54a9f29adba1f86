// The back end's features meet only through their public entries. A feature is a folder of
// electron/node (sensors, recording, ...); its `index.ts` is what others may use, and its
// `testing` entry is what other features' tests may use. This rule resolves every relative
// import of a back-end file and fails one that reaches past those entries, or one that makes the
// platform (storage, audio, files, ...) depend on a feature. Listed in eslint.config.js, tested in
// scripts/lint-boundaries.test.ts, described in docs/architecture.md ("Layers and fences").
import path from 'node:path';

const isTestFile = (file) => /\.test\.tsx?$/.test(file) || /[\\/]testing[\\/]/.test(file);

/** @type {import('eslint').Rule.RuleModule} */
const featureFence = {
  meta: {
    type: 'problem',
    docs: { description: 'Back-end features import each other only through their index.ts (and tests through their testing entry).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          features: { type: 'array', items: { type: 'string' } },
          platform: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'features', 'platform'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root, features, platform } = context.options[0];
    const rootDir = path.resolve(context.cwd, root);
    const file = context.filename;
    const fromRel = path.relative(rootDir, file);
    if (fromRel.startsWith('..') || path.isAbsolute(fromRel)) return {};
    const fromTop = fromRel.split(path.sep)[0];
    const test = isTestFile(file);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const targetRel = path.relative(rootDir, path.resolve(path.dirname(file), source));
      if (targetRel.startsWith('..') || path.isAbsolute(targetRel)) return;
      const [targetTop, ...rest] = targetRel.split(path.sep);
      if (!features.includes(targetTop) || targetTop === fromTop) return;
      const inner = rest.join('/');
      if (platform.includes(fromTop) && !test) {
        context.report({ node, message: `The platform (${fromTop}) must not depend on a feature (${targetTop}): move what both need into the platform, or let the feature call the platform.` });
        return;
      }
      if (inner === '' || inner === 'index') return;
      if (inner === 'testing' || inner === 'testing/index') {
        if (!test) context.report({ node, message: `${targetTop}/testing is test support: production code uses ${targetTop}'s index.ts.` });
        return;
      }
      context.report({
        node,
        message: `Import '${targetTop}' (its index.ts), not its internal file ${targetTop}/${inner}: features meet only through their public entries. Export what is needed from ${targetTop}/index.ts${test ? ` (or ${targetTop}/testing for test support)` : ''}.`,
      });
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
