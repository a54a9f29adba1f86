// Lint rules double as the architecture's fence. Each folder is one runtime, and what it may
// import is checked here (see docs/architecture.md):
//   shared/          common: runs everywhere; no Node, no DOM-only APIs, no Electron, no React
//   renderer/        browser: the React UI; shared/ and browser libraries only
//   electron/node/   node: the back end; runs in plain Node (serve, CLI, tests) and in Electron's
//                    main process, so it must never import `electron`
//   electron/main/   electron-main: the thin shell; the only place (with the preload) that
//                    may import `electron`
//   electron/preload/ electron-preload: sandboxed bridge; `electron` and shared constants only
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import fence from './scripts/lint/feature-fence.js';

// Bare names are matched exactly (as `paths`): a gitignore-style pattern "events" would also
// catch our own "./events".
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));
const NATIVE_MODULES = ['better-sqlite3', 'serialport', '@serialport/*', 'onnxruntime-node', 'onnxruntime-*'];

// A regex, not a gitignore-style group: "electron/*" would also match our own "../electron/node/...".
const ELECTRON_ONLY_IN_SHELL = {
  regex: '^electron(/.*)?$',
  message: 'Only the Electron shell (electron/main, electron/preload) may import electron: the back end and UI must run without it.',
};
const NO_NODE_MESSAGE = 'This code also runs in the browser: Node built-ins belong in electron/node behind the contract.';
const NO_NODE = { group: ['node:*'], message: NO_NODE_MESSAGE, paths: NODE_BUILTINS };
const NO_NATIVE = {
  group: NATIVE_MODULES,
  message: 'Native modules run only in the Node back end (electron/node), never in the UI or shared code.',
};
// Relative paths through our electron/ folder only: a package such as @sentry/electron/renderer
// (browser code) is not the back end.
const NO_BACKEND_FROM_UI = {
  regex: '^\\.{1,2}/(.*/)?electron(/|$)',
  message: 'The UI reaches the back end only through the contract in shared/contract (ApiClient), never by importing it.',
};
const NO_UI_FROM_BACKEND = {
  group: ['**/renderer/**', '**/renderer', 'react', 'react-dom', 'react-dom/*', 'react/*'],
  message: 'The back end and shared code must not depend on the UI.',
};

/** One no-restricted-imports setting from several rules; a rule's `paths` are exact module names. */
const restrict = (...rules) => [
  'error',
  {
    paths: rules.flatMap((r) => (r.paths ?? []).map((name) => ({ name, message: r.message }))),
    patterns: rules.map(({ group, regex, message }) => (regex ? { regex, message } : { group, message })),
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'models/training/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-restricted-imports': restrict(ELECTRON_ONLY_IN_SHELL),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': restrict(ELECTRON_ONLY_IN_SHELL, NO_NODE, NO_NATIVE, NO_BACKEND_FROM_UI, NO_UI_FROM_BACKEND),
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', '__filename', 'require', 'window', 'document'],
    },
  },
  {
    files: ['electron/node/**'],
    plugins: { fence },
    rules: {
      'no-restricted-imports': restrict(ELECTRON_ONLY_IN_SHELL, NO_UI_FROM_BACKEND),
      // The back end's layers (platform, features, hosts, testing): docs/architecture.md.
      'fence/feature-fence': ['error', { root: 'electron/node' }],
    },
  },
  {
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': restrict(NO_UI_FROM_BACKEND) },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(NO_NODE, NO_NATIVE, NO_UI_FROM_BACKEND, {
        group: ['**/electron/node/**', '**/electron/main/**'],
        message: 'The preload is a sandboxed bridge: it may use electron and shared constants only.',
      }),
    },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(ELECTRON_ONLY_IN_SHELL, NO_NODE, NO_NATIVE, NO_BACKEND_FROM_UI),
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', '__filename', 'require'],
      // No hard-coded UI text: words come from shared/i18n so Korean and English stay complete.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXText[value=/[A-Za-z\\u3131-\\uD79D]/]',
          message: 'UI text must come from the i18n catalogs (t("...")), not be written in JSX.',
        },
        {
          selector: 'JSXAttribute[name.name=/^(aria-label|title|placeholder|alt)$/] > Literal[value=/[A-Za-z\\u3131-\\uD79D]/]',
          message: 'Accessible names and hints must come from the i18n catalogs.',
        },
      ],
    },
  },
  {
    files: ['e2e/**', 'scripts/**', '**/*.test.ts', '*.config.ts', '*.config.js'],
    rules: { 'no-console': 'off' },
  },
);
