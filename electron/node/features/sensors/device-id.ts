/**
 * What a sensor may call itself (issue 14, case 6). Device ids arrive from unauthenticated senders
 * (the HTTP ingest) and end up in the database, the UI, logs and reports: printable text of 1 to 64
 * characters, with no control characters (NUL, ESC, newlines, the C1 range, bidirectional
 * overrides) and none of the characters markup is made of.
 */
export const MAX_DEVICE_ID_LENGTH = 64;

// Cc: control characters; Cf: format characters (bidi overrides, zero-width); plus markup and quotes.
const REFUSED = /[\p{Cc}\p{Cf}<>&"'`\\]/u;

/** Null when the id is acceptable; otherwise what is wrong with it, for a 400 answer. */
export function deviceIdProblem(id: string): string | null {
  if (id.trim() === '' || [...id].length > MAX_DEVICE_ID_LENGTH) return `expected text of 1 to ${MAX_DEVICE_ID_LENGTH} characters`;
  if (id !== id.trim()) return 'no spaces at the start or end';
  const bad = REFUSED.exec(id);
  if (bad) {
    const code = bad[0].codePointAt(0)!;
    return `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed; use letters, digits, - _ . : and spaces`;
  }
  return null;
}
