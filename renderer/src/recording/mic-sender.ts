import type { ApiClient } from '../../../shared/contract';
import { toBase64 } from './base64';

/**
 * Sends microphone chunks to the back end in order, one call at a time, each with its sequence
 * number and first frame. A call that fails (a dropped connection) is retried with the same
 * number: the back end ignores a chunk it already has, so nothing is written twice, and marks a
 * number that never arrived as a gap. Chunks captured meanwhile wait in the queue.
 */
export class MicSender {
  private readonly queue: { seq: number; firstFrame: number; pcm16: string }[] = [];
  private nextSeq = 0;
  private nextFrame = 0;
  private sending: Promise<void> = Promise.resolve();
  private draining = false;
  private stopped = false;
  framesAcked = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly captureId: string,
    /** The back end stopped the capture (fixed length reached, disk nearly full, ...). */
    private readonly onStopped: () => void,
  ) {}

  push(pcm: Int16Array): void {
    if (this.stopped) return;
    this.queue.push({ seq: this.nextSeq, firstFrame: this.nextFrame, pcm16: toBase64(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength)) });
    this.nextSeq += 1;
    this.nextFrame += pcm.length;
    if (!this.draining) {
      this.draining = true;
      this.sending = this.drain();
    }
  }

  /** Resolves once every queued chunk is acknowledged (or the capture stopped). */
  async flush(): Promise<void> {
    while (this.draining) await this.sending;
  }

  private async drain(): Promise<void> {
    try {
      await this.sendQueued();
    } finally {
      // Cleared in the same turn the loop ends, so a chunk pushed right after starts a new drain.
      this.draining = false;
    }
  }

  private async sendQueued(): Promise<void> {
    let failures = 0;
    while (this.queue.length > 0 && !this.stopped) {
      const chunk = this.queue[0]!;
      try {
        const ack = await this.client.call('captures.micChunk', { captureId: this.captureId, ...chunk });
        this.queue.shift();
        failures = 0;
        this.framesAcked = ack.framesWritten;
        if (ack.stopped) {
          this.stopped = true;
          this.queue.length = 0;
          this.onStopped();
        }
      } catch {
        failures += 1;
        if (failures > 20) return;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * failures)));
      }
    }
  }
}
