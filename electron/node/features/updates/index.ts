/**
 * The updates feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export type { UpdaterEngine, UpdatesUnsupported } from './engine';
export { UpdateController } from './update-controller';
