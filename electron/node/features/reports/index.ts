/**
 * The reports feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export type { EvidenceChart, VerdictSource } from './diagnosis-input';
export { LocalFileProblem, SessionGone, buildFieldReport, hashFile, readingsBatchBody, type FieldReport, type FieldReportSources, type LocalFile } from './field-report';
export { REPORT_FONTS_DIR } from './pdf-report';
export { fill } from './report-text';
export { reportsFeature } from './reports-feature';
