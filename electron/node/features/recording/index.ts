/**
 * The recording feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { FileStore } from './file-store';
export type { ReadingRow } from './readings-writer';
export { recordingFeature, type RecordingOptions } from './recording-feature';
export { RecordingsRepository } from './recordings-repository';
export { RECORDING_PERSONAL_DATA, SessionsRepository } from './sessions-repository';
export { readVisitContext, type SessionContext } from './visit-context';
export { SessionReader, type LatestSensorRow, type PhotoRecord, type ReadingSeries, type RecordingRecord, type SessionListRow } from './session-reader';
