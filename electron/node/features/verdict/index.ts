/**
 * The verdict feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { computeVerdict } from './compute';
export { plainDiagnosis } from './plain-diagnosis';
export { reportRefresh } from './report-refresh';
export { verdictFeature, type LatestVerdict } from './verdict-feature';
export { say } from './words';
