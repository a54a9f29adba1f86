import fs from 'node:fs';
import type { SampleFormat } from '../../../../shared/contract';

/**
 * Random access to the samples of a stored WAV (ours, or an imported original with extra chunks):
 * reads only the frames asked for, one channel at a time, as floats. The waveform and spectrogram
 * views use it, so a zoom into an hour-long recording reads a few kilobytes.
 *
 * A file still being recorded is read up to its last whole frame on disk.
 */
export class WavReader {
  private constructor(
    private readonly fd: number,
    readonly sampleRate: number,
    readonly channels: number,
    readonly format: SampleFormat,
    readonly frameBytes: number,
    readonly dataOffset: number,
    readonly frames: number,
  ) {}

  static open(file: string): WavReader {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const head = Buffer.alloc(Math.min(size, 64 * 1024));
      fs.readSync(fd, head, 0, head.length, 0);
      if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
      let offset = 12;
      let fmt: { tag: number; channels: number; rate: number; align: number; bits: number } | null = null;
      while (offset + 8 <= head.length) {
        const id = head.toString('latin1', offset, offset + 4);
        const chunk = head.readUInt32LE(offset + 4);
        const body = offset + 8;
        if (id === 'fmt ') {
          let tag = head.readUInt16LE(body);
          if (tag === 0xfffe && chunk >= 40) tag = head.readUInt16LE(body + 24);
          fmt = { tag, channels: head.readUInt16LE(body + 2), rate: head.readUInt32LE(body + 4), align: head.readUInt16LE(body + 12), bits: head.readUInt16LE(body + 14) };
        } else if (id === 'data') {
          if (!fmt) break;
          const available = size - body;
          const declared = chunk === 0 || chunk === 0xffffffff || chunk > available ? available : chunk;
          const frames = Math.floor(declared / fmt.align);
          return new WavReader(fd, fmt.rate, fmt.channels, formatOf(fmt.tag, fmt.bits), fmt.align, body, frames);
        }
        offset = body + chunk + (chunk % 2);
      }
      throw new Error(`${file} has no readable WAV data`);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** `count` frames of one channel from `fromFrame` (fewer at the end of the file). */
  readChannel(channel: number, fromFrame: number, count: number): Float32Array {
    const from = Math.max(0, Math.min(this.frames, fromFrame));
    const n = Math.max(0, Math.min(this.frames - from, count));
    const bytes = Buffer.alloc(n * this.frameBytes);
    let got = 0;
    while (got < bytes.length) {
      const r = fs.readSync(this.fd, bytes, got, bytes.length - got, this.dataOffset + from * this.frameBytes + got);
      if (r === 0) break;
      got += r;
    }
    return decodeChannel(bytes, Math.floor(got / this.frameBytes), this.channels, Math.min(channel, this.channels - 1), this.format);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function formatOf(tag: number, bits: number): SampleFormat {
  if (tag === 3) return bits === 64 ? 'float64' : 'float32';
  switch (bits) {
    case 8:
      return 'pcm8';
    case 16:
      return 'pcm16';
    case 24:
      return 'pcm24';
    default:
      return 'pcm32';
  }
}

/** One channel of interleaved frames as floats: integer formats scaled to [-1, 1), floats as they are. */
export function decodeChannel(bytes: Buffer, frames: number, channels: number, channel: number, format: SampleFormat): Float32Array {
  const out = new Float32Array(frames);
  const width = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 }[format];
  const stride = width * channels;
  let o = channel * width;
  for (let i = 0; i < frames; i += 1, o += stride) {
    switch (format) {
      case 'pcm8':
        out[i] = (bytes[o]! - 128) / 128;
        break;
      case 'pcm16':
        out[i] = bytes.readInt16LE(o) / 32768;
        break;
      case 'pcm24':
        out[i] = bytes.readIntLE(o, 3) / 8388608;
        break;
      case 'pcm32':
        out[i] = bytes.readInt32LE(o) / 2147483648;
        break;
      case 'float32':
        out[i] = bytes.readFloatLE(o);
        break;
      case 'float64':
        out[i] = bytes.readDoubleLE(o);
        break;
    }
  }
  return out;
}
