/** Test support of the recording feature, for other features' tests: never imported by production code. */
export { recordingBackend, sessionFor, type RecordingTestBackend } from './recording-backend';
export { upload } from './upload';
