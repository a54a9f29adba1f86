/**
 * The sensors feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export type { DeviceInfo, DeviceStreamSource, StreamMessage } from './device-stream';
export { ensureDeviceKnown, recordDeviceSeen } from './device-records';
export { SENSORS_PERSONAL_DATA } from './store';
export { sensorsFeature, simulatorPortDir, type SensorsFeatureOptions } from './sensors-feature';
export { BuiltInSource, type SimpleCondition } from './simulator/sample-source';
export { startSimulator, type RunningSimulator } from './simulator/simulator';
export { MACHINE_CONDITIONS, SynthSource, parseMachineCondition, type MachineCondition } from './simulator/synth-source';
export { SimulatedTransducers } from './simulator/transducers';
