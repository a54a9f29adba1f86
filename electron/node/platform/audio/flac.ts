import crypto from 'node:crypto';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { SignalFileError } from './errors';
import type { DecodedAudio } from './wav';

/** What a FLAC file says about itself in its STREAMINFO block. */
export interface FlacStreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 when the encoder did not know (streamed encodes). */
  totalFrames: number;
  /** MD5 of the unencoded samples; all zeros when the encoder did not compute it. */
  md5: Buffer;
}

/** A whole-file decode must fit in memory comfortably: 2 GB of float samples at most. */
const MAX_DECODED_BYTES = 2 * 1024 ** 3;

export function isFlac(bytes: Uint8Array): boolean {
  return flacStart(bytes) !== null;
}

/** Offset of "fLaC", after an ID3v2 tag if the file has one (some tools add them). */
function flacStart(bytes: Uint8Array): number | null {
  let offset = 0;
  if (bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    // ID3v2 size: four 7-bit bytes.
    const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    offset = 10 + size;
  }
  if (offset + 4 > bytes.length) return null;
  const magic = Buffer.from(bytes.buffer, bytes.byteOffset + offset, 4);
  return magic.toString('latin1') === 'fLaC' ? offset : null;
}

export function readFlacStreamInfo(bytes: Uint8Array, name: string): FlacStreamInfo {
  const fail = (why: string, what: string) => new SignalFileError(name, why, what);
  const start = flacStart(bytes);
  if (start === null) throw fail('is not a FLAC file (no "fLaC" marker)', 'Pick the right file, or export it as FLAC or WAV.');
  const body = start + 8; // "fLaC", then the first metadata block header (type + 24-bit length)
  if (bytes.length < body + 34) throw fail('is too short to be a FLAC file', 'Check that the file was copied completely.');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((buffer[start + 4]! & 0x7f) !== 0) throw fail('has no STREAMINFO block where FLAC requires it', 'Re-export the file.');
  const packed = buffer.readBigUInt64BE(body + 10);
  const info: FlacStreamInfo = {
    sampleRate: Number(packed >> 44n),
    channels: Number((packed >> 41n) & 0x7n) + 1,
    bitsPerSample: Number((packed >> 36n) & 0x1fn) + 1,
    totalFrames: Number(packed & 0xfffffffffn),
    md5: Buffer.from(buffer.subarray(body + 18, body + 34)),
  };
  if (info.sampleRate === 0 || info.sampleRate > 768_000) throw fail(`declares an impossible sample rate (${info.sampleRate} Hz)`, 'Re-export the file.');
  if (info.totalFrames * info.channels * 4 > MAX_DECODED_BYTES) {
    const hours = info.totalFrames / info.sampleRate / 3600;
    throw fail(`declares ${hours.toFixed(1)} hours of ${info.channels}-channel audio, too much to import at once`, 'Split it into shorter files.');
  }
  return info;
}

/**
 * Decodes a whole FLAC file with libFLAC (a WebAssembly build, @wasm-audio-decoders/flac), then
 * checks what the decoder does not: that every frame the file declares was decoded (it stops
 * quietly at a truncation or a damaged frame) and that the samples match the file's own MD5.
 */
export async function decodeFlac(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  const fail = (why: string, what: string) => new SignalFileError(name, why, what);
  const info = readFlacStreamInfo(bytes, name);
  const decoder = new FLACDecoder();
  await decoder.ready;
  let decoded;
  try {
    decoded = await decoder.decodeFile(bytes);
  } finally {
    decoder.free();
  }
  if (decoded.errors.length > 0) {
    const first = decoded.errors[0]!;
    throw fail(`has ${decoded.errors.length} damaged frame(s) (first: ${first.message})`, 'Copy the file again from its source.');
  }
  if (decoded.samplesDecoded === 0) throw fail('contains no audio that can be decoded (truncated or damaged)', 'Copy the file again from its source.');
  if (info.totalFrames > 0 && decoded.samplesDecoded !== info.totalFrames) {
    throw fail(
      `declares ${info.totalFrames.toLocaleString('en')} samples but only ${decoded.samplesDecoded.toLocaleString('en')} could be decoded (truncated or damaged)`,
      'Copy the file again from its source.',
    );
  }
  const channels = decoded.channelData.map((c) => c.subarray(0, decoded.samplesDecoded));
  if (info.md5.some((b) => b !== 0) && !md5Matches(channels, info.bitsPerSample, info.md5)) {
    throw fail('has audio that does not match its own checksum (damaged)', 'Copy the file again from its source.');
  }
  return { sampleRate: info.sampleRate, channels, encoding: 'pcm', bitsPerSample: info.bitsPerSample, frames: decoded.samplesDecoded };
}

/**
 * FLAC's MD5 covers the original integer samples, interleaved, little-endian, in whole bytes. The
 * decoder hands out floats divided by 2^(bits-1) - 1; a float32 holds 24 bits exactly, so rounding
 * the product rebuilds the integers exactly.
 */
function md5Matches(channels: readonly Float32Array[], bits: number, expected: Buffer): boolean {
  const width = Math.ceil(bits / 8);
  const scale = 2 ** (bits - 1) - 1;
  const frames = channels[0]?.length ?? 0;
  const hash = crypto.createHash('md5');
  const block = 65_536;
  const out = Buffer.alloc(block * channels.length * width);
  for (let start = 0; start < frames; start += block) {
    const end = Math.min(frames, start + block);
    let o = 0;
    for (let i = start; i < end; i += 1) {
      for (const channel of channels) {
        const v = Math.round(channel[i]! * scale);
        out.writeIntLE(v, o, width);
        o += width;
      }
    }
    hash.update(out.subarray(0, o));
  }
  return hash.digest().equals(expected);
}
