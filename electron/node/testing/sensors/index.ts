/** Test support of the sensors feature, for other features' tests: never imported by production code. */
export { eventually } from './hub-fixture';
export { bundleSerialChild } from './serial-child-bundle';
