/** Ground truth for tests and benchmarks: what the sensor really did. */
export interface SensorStats {
  framesBuilt: number;
  framesSent: number;
  framesDropped: number;
  framesCorrupted: number;
  framesOverflowed: number;
  bytesSent: number;
  audioSamplesSent: number;
  samplesLostInStalls: number;
  reboots: number;
  /** HELLOs sent: one per boot and one per host handshake (how often a host probed this sensor). */
  hellosSent: number;
}
