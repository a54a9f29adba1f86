/**
 * The crash feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { crashConfig } from './config';
export { CrashReporting } from './crash-reporting';
export { nodeCrashSdk } from './node-sdk';
export type { CrashSdk } from './sdk';
