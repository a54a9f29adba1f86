import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a whole file or nothing: to a temporary name, flushed to disk, then renamed over the
 * target, so a crash or a full disk leaves the old file (or none), never half of the new one.
 */
export async function writeFileAtomic(file: string, data: Buffer, options: { mode?: number; dirMode?: number } = {}): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, ...(options.dirMode ? { mode: options.dirMode } : {}) });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.promises.open(tmp, 'w', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await fs.promises.rename(tmp, file);
}
