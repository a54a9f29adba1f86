import type { ApiClient } from '../../../shared/contract';
import { toBase64 } from './base64';

/**
 * Sends a file the technician picked or dropped to the back end in numbered chunks (the renderer
 * has no file paths: it is sandboxed). Returns the upload id to import or attach.
 */
export async function uploadFile(
  client: ApiClient,
  file: File,
  purpose: 'recording' | 'photo',
  onProgress?: (fraction: number) => void,
): Promise<string> {
  const { uploadId, chunkBytes } = await client.call('uploads.begin', { name: file.name, bytes: Math.max(1, file.size), purpose });
  try {
    for (let seq = 0, offset = 0; offset < file.size; seq += 1, offset += chunkBytes) {
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await client.call('uploads.chunk', { uploadId, seq, data: toBase64(bytes) });
      onProgress?.(Math.min(1, (offset + bytes.length) / file.size));
    }
  } catch (error) {
    await client.call('uploads.cancel', { uploadId }).catch(() => undefined);
    throw error;
  }
  return uploadId;
}
