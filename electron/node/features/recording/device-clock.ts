/**
 * Maps one sensor's clock onto the session timeline (µs since the Unix epoch, the host's clock).
 *
 * Every stream of a device (audio, vibration, readings) is placed through the same mapping, so
 * they line up with each other exactly as the sensor sampled them, whatever the transport delay.
 * The offset is fixed when the first message of a boot arrives and kept for that boot: re-fitting
 * it as messages come would make time run backwards. When the sensor reboots its clock restarts
 * near zero; a new boot ("epoch") gets a new offset. Drift between the sensor's crystal and the
 * host (tens of ppm: tens of milliseconds over ten minutes) is accepted.
 *
 * A sensor's clock is not believed blindly (issue 14, case 7). A device time that is not a safe
 * integer (at or past 2^53 µs, where a double can no longer count microseconds) or that leaps
 * ahead of the host's elapsed time by more than `JUMP_TOLERANCE_US` is a **clock jump**: the
 * mapping is re-fitted so the timeline carries on from where it was by the host's elapsed time,
 * the boot (epoch) is kept so sample indexes still decide continuity, and `jumped` tells the
 * recorder to mark the device's recordings. Every `tUs` returned is a safe integer, so readings
 * keyed by it can always be kept strictly increasing.
 */
export class DeviceClock {
  private offsetUs: number | null = null;
  private lastDeviceUs = Number.NEGATIVE_INFINITY;
  private lastHostUs = 0;
  private lastTUs = 0;
  private epochValue = 0;
  private rebootPending = false;
  /** The device's time is impossible (not a safe integer): placed by host time until it is sane again. */
  private untrusted = false;
  jumps = 0;

  /** Device time this far behind the latest seen means a restarted clock, even without a reboot notice. */
  static readonly BACKWARDS_TOLERANCE_US = 2_000_000;
  /** Device time running ahead of the host's elapsed time by more than this between two messages is a jump. */
  static readonly JUMP_TOLERANCE_US = 10_000_000;

  get epoch(): number {
    return this.epochValue;
  }

  /** The sensor link reported a reboot: the next message starts a new epoch. */
  noteReboot(): void {
    if (this.offsetUs !== null) this.rebootPending = true;
  }

  place(deviceTimeUs: number, hostTimeMs: number): { tUs: number; epoch: number; rebooted: boolean; jumped: boolean } {
    const hostUs = Math.round(hostTimeMs * 1000);
    if (!Number.isSafeInteger(deviceTimeUs) || deviceTimeUs < 0) return this.followHost(hostUs);
    let rebooted = false;
    let jumped = false;
    const backwards = deviceTimeUs < this.lastDeviceUs - DeviceClock.BACKWARDS_TOLERANCE_US;
    if (this.offsetUs === null || this.rebootPending || (backwards && !this.untrusted)) {
      if (this.offsetUs !== null) {
        this.epochValue += 1;
        rebooted = true;
      }
      this.offsetUs = hostUs - deviceTimeUs;
      this.rebootPending = false;
    } else if (this.untrusted || deviceTimeUs - this.lastDeviceUs > hostUs - this.lastHostUs + DeviceClock.JUMP_TOLERANCE_US) {
      // Back from an impossible time, or leapt far ahead: carry the timeline on by host time.
      this.offsetUs = this.lastTUs + Math.max(0, hostUs - this.lastHostUs) - deviceTimeUs;
      jumped = !this.untrusted;
      if (jumped) this.jumps += 1;
    }
    this.untrusted = false;
    this.lastDeviceUs = rebooted ? deviceTimeUs : Math.max(this.lastDeviceUs, deviceTimeUs);
    this.lastHostUs = hostUs;
    this.lastTUs = this.offsetUs + deviceTimeUs;
    return { tUs: this.lastTUs, epoch: this.epochValue, rebooted, jumped };
  }

  private followHost(hostUs: number): { tUs: number; epoch: number; rebooted: boolean; jumped: boolean } {
    const jumped = !this.untrusted;
    if (jumped) this.jumps += 1;
    this.untrusted = true;
    this.lastTUs = this.offsetUs === null ? hostUs : this.lastTUs + Math.max(0, hostUs - this.lastHostUs);
    this.offsetUs ??= 0;
    this.lastHostUs = hostUs;
    return { tUs: this.lastTUs, epoch: this.epochValue, rebooted: false, jumped };
  }
}
