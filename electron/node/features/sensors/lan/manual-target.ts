import type { SensorProblemCode } from '../../../../../shared/contract/sensors';
import type { ByteLink } from '../link/byte-link';
import { Backoff, type RetryPolicy, sensorNotThereYet, wakeableSleep } from '../link/retry-policy';

type Problem = { code: SensorProblemCode; message: string };

export interface ManualTargetDeps {
  policy: RetryPolicy;
  connect(host: string, port: number): Promise<ByteLink>;
  /** Handshakes and attaches the link to the sensor that answers; throws when it cannot. */
  attach(link: ByteLink): Promise<void>;
  problemOf(error: unknown): Problem;
  changed(): void;
}

/**
 * A TCP address the technician added, until a sensor answers there (issue 14, case 9). A sensor
 * is often added before it is switched on: while nothing listens the target is "waiting" (not an
 * error) and is tried again with growing waits (link/retry-policy.ts); when something answers but
 * cannot be used it is "unavailable" with the reason, and still tried. It stops when connected,
 * when stopped (forgotten, the app closing), or when the sensor is connected another way.
 */
export class ManualTcpTarget {
  state: 'connecting' | 'waiting' | 'unavailable' = 'connecting';
  problem: Problem | null = null;
  private readonly backoff: Backoff;
  private running: Promise<boolean> | null = null;
  private wake: () => void = () => undefined;
  private stopped = false;

  constructor(
    readonly key: string,
    readonly host: string,
    readonly port: number,
    private readonly deps: ManualTargetDeps,
  ) {
    this.backoff = new Backoff(deps.policy);
  }

  /** Starts trying, or tries again at once when already trying. Resolves true once connected. */
  run(): Promise<boolean> {
    this.backoff.reset();
    if (this.running) {
      this.wake();
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private async loop(): Promise<boolean> {
    while (!this.stopped) {
      try {
        const link = await this.deps.connect(this.host, this.port);
        if (this.stopped) {
          link.close('no longer wanted');
          return false;
        }
        await this.deps.attach(link);
        return true;
      } catch (error) {
        if (this.stopped) return false;
        const waiting = sensorNotThereYet(error);
        this.state = waiting ? 'waiting' : 'unavailable';
        this.problem = waiting ? null : this.deps.problemOf(error);
        this.deps.changed();
        // Connected another way: nothing to wait for until the technician asks again.
        if (this.problem?.code === 'already_connected') return false;
      }
      const sleep = wakeableSleep(this.backoff.next());
      this.wake = sleep.wake;
      await sleep.done;
    }
    return false;
  }
}
