import workletUrl from './mic-worklet.ts?worker&url';

export interface MicChunk {
  pcm: Int16Array;
  peak: number;
  clipped: boolean;
}

/**
 * The computer's microphone (built-in or USB), captured raw: no echo cancellation, noise
 * suppression or automatic gain, which would reshape a compressor's sound. An AudioWorklet cuts
 * it into 16-bit chunks off the main thread.
 */
export class MicCapture {
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    /** Held so the source node cannot be collected while it feeds the worklet. */
    private readonly input: MediaStreamAudioSourceNode,
    readonly sampleRate: number,
    readonly label: string,
  ) {}

  static async open(onChunk: (chunk: MicChunk) => void): Promise<MicCapture> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      video: false,
    });
    try {
      const context = new AudioContext();
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
      node.port.onmessage = (event: MessageEvent<MicChunk>) => onChunk(event.data);
      const input = context.createMediaStreamSource(stream);
      input.connect(node);
      // The worklet writes no output (silence), but a path to the destination keeps the graph pulled.
      node.connect(context.destination);
      if (context.state === 'suspended') await context.resume();
      const label = stream.getAudioTracks()[0]?.label ?? '';
      return new MicCapture(stream, context, node, input, context.sampleRate, label);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw error;
    }
  }

  /** Idempotent: the back end ending a recording and the technician pressing Stop may both call it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.node.port.onmessage = null;
      this.input.disconnect();
      this.node.disconnect();
      for (const track of this.stream.getTracks()) track.stop();
      await this.context.close();
    })();
    return this.closing;
  }
}
