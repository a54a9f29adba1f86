import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { FILES_PREFIX } from '../../../../shared/contract';

/** A stored file a feature lets the UI fetch (a recording to play, a photo, an export to download). */
export interface ServedFile {
  path: string;
  contentType: string;
  /** Set for downloads: the browser saves it under this name instead of showing it. */
  downloadName?: string;
}

/** Finds the file for the URL segments after `files/<prefix>/`, or null. */
export type FileResolver = (segments: string[]) => ServedFile | null;

export interface FileResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * Files served to the UI under one relative URL scheme, `files/<prefix>/...`, which both shells map
 * here: serve mode's HTTP server and Electron's app:// protocol. Being the UI's own origin, it fits
 * the CSP (`media-src 'self'`) in both. Byte ranges are supported, since <audio> seeks with them.
 */
export class FileRoutes {
  private readonly resolvers = new Map<string, FileResolver>();

  add(prefix: string, resolver: FileResolver): void {
    if (this.resolvers.has(prefix)) throw new Error(`file route ${prefix} registered twice`);
    this.resolvers.set(prefix, resolver);
  }

  /** `pathname`: the URL path, e.g. `/files/recordings/<id>.wav`; `range`: the Range header, if any. */
  async respond(pathname: string, range: string | undefined): Promise<FileResponse> {
    const notFound: FileResponse = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
    let segments: string[];
    try {
      segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    } catch {
      return notFound;
    }
    if (segments[0] !== FILES_PREFIX || segments.length < 3) return notFound;
    if (segments.some((s) => s === '..' || s.includes('\0') || s.includes('/') || s.includes('\\'))) return notFound;
    const resolver = this.resolvers.get(segments[1]!);
    let file: ServedFile | null;
    try {
      file = resolver ? resolver(segments.slice(2)) : null;
    } catch {
      file = null;
    }
    if (!file) return notFound;
    return fileResponse(file, range);
  }
}

export async function fileResponse(file: ServedFile, range: string | undefined): Promise<FileResponse> {
  // Opened before answering, so a file deleted meanwhile is a 404 rather than a stream that fails later.
  let handle: fs.promises.FileHandle;
  let size: number;
  try {
    handle = await fs.promises.open(file.path, 'r');
  } catch {
    return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    await handle.close();
    return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
  }
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Accept-Ranges': 'bytes',
    // Recordings grow while they record; always revalidate.
    'Cache-Control': 'no-cache',
  };
  if (file.downloadName) {
    const ascii = file.downloadName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
    headers['Content-Disposition'] = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.downloadName)}`;
  }
  const wanted = parseRange(range, size);
  if (wanted === 'unsatisfiable') {
    await handle.close();
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: null };
  }
  if (wanted === null) {
    headers['Content-Length'] = String(size);
    return { status: 200, headers, body: handle.createReadStream() };
  }
  headers['Content-Range'] = `bytes ${wanted.start}-${wanted.end}/${size}`;
  headers['Content-Length'] = String(wanted.end - wanted.start + 1);
  return { status: 206, headers, body: handle.createReadStream({ start: wanted.start, end: wanted.end }) };
}

/** One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`); several ranges are answered with the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, a, b] = match;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
