/**
 * Maps one sensor's clock onto the session timeline (µs since the Unix epoch, the host's clock).
 *
 * Every stream of a device (audio, vibration, readings) is placed through the same mapping, so
 * they line up with each other exactly as the sensor sampled them, whatever the transport delay.
 * The offset is fixed when the first message of a boot arrives and kept for that boot: re-fitting
 * it as messages come would make time run backwards. When the sensor reboots its clock restarts
 * near zero; a new boot ("epoch") gets a new offset. Drift between the sensor's crystal and the
 * host (tens of ppm: tens of milliseconds over ten minutes) is accepted.
 */
export class DeviceClock {
  private offsetUs: number | null = null;
  private lastDeviceUs = Number.NEGATIVE_INFINITY;
  private epochValue = 0;
  private rebootPending = false;

  /** Device time this far behind the latest seen means a restarted clock, even without a reboot notice. */
  static readonly BACKWARDS_TOLERANCE_US = 2_000_000;

  get epoch(): number {
    return this.epochValue;
  }

  /** The sensor link reported a reboot: the next message starts a new epoch. */
  noteReboot(): void {
    if (this.offsetUs !== null) this.rebootPending = true;
  }

  place(deviceTimeUs: number, hostTimeMs: number): { tUs: number; epoch: number; rebooted: boolean } {
    let rebooted = false;
    const backwards = deviceTimeUs < this.lastDeviceUs - DeviceClock.BACKWARDS_TOLERANCE_US;
    if (this.offsetUs === null || this.rebootPending || backwards) {
      if (this.offsetUs !== null) {
        this.epochValue += 1;
        rebooted = true;
      }
      this.offsetUs = Math.round(hostTimeMs * 1000) - deviceTimeUs;
      this.lastDeviceUs = Number.NEGATIVE_INFINITY;
      this.rebootPending = false;
    }
    this.lastDeviceUs = Math.max(this.lastDeviceUs, deviceTimeUs);
    return { tUs: this.offsetUs + deviceTimeUs, epoch: this.epochValue, rebooted };
  }
}
