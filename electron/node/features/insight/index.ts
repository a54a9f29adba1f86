/**
 * The insight feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { defaultDatasetDir, exportFromDatabase } from './dataset-export';
export { insightFeature, type InsightFeature } from './insight-feature';
export { INSIGHT_PERSONAL_DATA, InsightRepository } from './insight-repository';
export { InsightReportSource } from './report-source';
