/**
 * Runs on the audio rendering thread: turns the microphone's float frames into 16-bit PCM chunks
 * of about 100 ms, with their peak and whether any sample clipped, and hands them to the page.
 * Never blocks and never allocates per frame beyond the chunk being filled.
 */
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

/** About 100 ms per chunk. */
const CHUNK_FRAMES = Math.round(sampleRate / 10);

class PcmCapture extends AudioWorkletProcessor {
  private chunk = new Int16Array(CHUNK_FRAMES);
  private filled = 0;
  private peak = 0;
  private clipped = false;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i += 1) {
      const v = channel[i]!;
      const a = v < 0 ? -v : v;
      if (a > this.peak) this.peak = a;
      if (a >= 0.999) this.clipped = true;
      this.chunk[this.filled] = v >= 1 ? 32767 : v <= -1 ? -32768 : Math.round(v * 32767);
      this.filled += 1;
      if (this.filled === this.chunk.length) this.flush();
    }
    return true;
  }

  private flush(): void {
    const pcm = this.chunk;
    // Transferred, not copied: after this the old array is detached (length 0), so size from the constant.
    this.port.postMessage({ pcm, peak: this.peak, clipped: this.clipped }, [pcm.buffer]);
    this.chunk = new Int16Array(CHUNK_FRAMES);
    this.filled = 0;
    this.peak = 0;
    this.clipped = false;
  }
}

registerProcessor('pcm-capture', PcmCapture);

export {};
