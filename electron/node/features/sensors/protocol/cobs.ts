/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): removes every 0x00 from a frame
 * at a cost of at most one byte in 254, so 0x00 can delimit frames. A receiver that starts in the
 * middle of a stream, or loses bytes, is back in step at the next 0x00.
 *
 * Hand-written rather than taken from a package: it is twenty lines, the hot path of the link, and
 * must work on views into a caller's buffers without allocating.
 */

/** Largest encoded size of `length` bytes (without the delimiter). */
export function cobsMaxEncodedLength(length: number): number {
  return length + Math.ceil(length / 254) + 1;
}

/** Encodes `src[start, end)` into `dst` at `dstOffset`; returns the number of bytes written. No delimiter. */
export function cobsEncode(src: Uint8Array, start: number, end: number, dst: Uint8Array, dstOffset: number): number {
  let codeAt = dstOffset;
  let out = dstOffset + 1;
  let code = 1;
  for (let i = start; i < end; i += 1) {
    const byte = src[i]!;
    if (byte === 0) {
      dst[codeAt] = code;
      codeAt = out;
      out += 1;
      code = 1;
    } else {
      dst[out] = byte;
      out += 1;
      code += 1;
      if (code === 0xff) {
        dst[codeAt] = code;
        codeAt = out;
        out += 1;
        code = 1;
      }
    }
  }
  dst[codeAt] = code;
  return out - dstOffset;
}

/**
 * Decodes `src[start, end)` (one frame, delimiter excluded, so it holds no 0x00: the caller split
 * there) into `dst` from `dstOffset`; returns the decoded length, or -1 when the bytes are not
 * valid COBS (a code that runs past the end). Never writes past `dst.length`: returns -1 instead.
 */
export function cobsDecode(src: Uint8Array, start: number, end: number, dst: Uint8Array, dstOffset = 0): number {
  let out = dstOffset;
  let i = start;
  const limit = dst.length;
  while (i < end) {
    const code = src[i]!;
    if (code === 0) return -1;
    const blockEnd = i + code;
    if (blockEnd > end) return -1;
    const run = code - 1;
    if (out + run > limit) return -1;
    // A byte loop beats copyWithin/set() for the short runs between zeros; they win on long ones.
    if (run > 16) {
      dst.set(src.subarray(i + 1, blockEnd), out);
      out += run;
    } else {
      for (let j = i + 1; j < blockEnd; j += 1) {
        dst[out] = src[j]!;
        out += 1;
      }
    }
    i = blockEnd;
    if (code !== 0xff && i < end) {
      if (out >= limit) return -1;
      dst[out] = 0;
      out += 1;
    }
  }
  return out - dstOffset;
}

/**
 * Decodes `buf[start, end)` in place: the frame ends up at `buf[start, start + length)`. Returns
 * the decoded length, or -1 when the bytes are not valid COBS. Between codes of 0xFF (which add
 * no zero) the decoded bytes are the encoded ones moved down by a constant amount with each code
 * byte turned into a zero; so each such stretch is one native move (`copyWithin`, no allocation)
 * and a walk over its code bytes, rather than a loop over every byte: the decoder's hot path.
 */
export function cobsDecodeInPlace(buf: Uint8Array, start: number, end: number): number {
  let out = start;
  let i = start;
  while (i < end) {
    // One stretch: blocks whose codes are below 0xFF, up to a 0xFF block or the last block.
    const first = i;
    let blocks = 0;
    let stretchEnd: number;
    for (;;) {
      const code = buf[i]!;
      if (code === 0) return -1;
      const blockEnd = i + code;
      if (blockEnd > end) return -1;
      if (code === 0xff || blockEnd === end) {
        stretchEnd = blockEnd;
        break;
      }
      blocks += 1;
      i = blockEnd;
    }
    const firstCode = buf[first]!;
    const length = stretchEnd - first - 1;
    if (length > 0) buf.copyWithin(out, first + 1, stretchEnd);
    // The stretch's inner code bytes are now at their decoded places: each becomes a zero.
    let p = out + firstCode - 1;
    for (let k = 0; k < blocks; k += 1) {
      const code = buf[p]!;
      buf[p] = 0;
      p += code;
    }
    out += length;
    i = stretchEnd;
  }
  return out - start;
}
