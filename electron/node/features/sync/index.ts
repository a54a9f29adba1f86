/**
 * The sync feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { SESSION_REPORT } from './outbox';
export type { SecretStore } from './secret-store';
export { syncFeature, type SyncFeatureOptions } from './sync-feature';
