import type { RecordingTestBackend } from './recording-backend';

/** Sends bytes the way the UI does: begin, numbered base64 chunks. Returns the upload id. */
export async function upload(b: RecordingTestBackend, name: string, bytes: Uint8Array, purpose: 'recording' | 'photo' = 'recording'): Promise<string> {
  const { uploadId, chunkBytes } = await b.call<{ uploadId: string; chunkBytes: number }>('uploads.begin', { name, bytes: Math.max(1, bytes.length), purpose });
  for (let seq = 0, offset = 0; offset < bytes.length; seq += 1, offset += chunkBytes) {
    await b.call('uploads.chunk', { uploadId, seq, data: Buffer.from(bytes.subarray(offset, offset + chunkBytes)).toString('base64') });
  }
  return uploadId;
}
