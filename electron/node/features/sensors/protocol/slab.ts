import { MAX_ENCODED_BYTES } from './constants';

/** Large enough that a new slab is needed only every few hundred frames, and for the largest frame. */
const SLAB_BYTES = Math.max(256 * 1024, MAX_ENCODED_BYTES + 64);

/**
 * Where the decoder puts frames: consecutive regions of a large buffer that is never reused.
 * A message can then hand out views of its frame (audio samples) instead of copies, and there
 * is no allocation per frame: a slab is dropped when full, and the garbage collector frees it
 * once no message viewing it is left (a region is never written twice, so a view stays valid).
 */
export class SlabPool {
  bytes = new Uint8Array(SLAB_BYTES);
  view = new DataView(this.bytes.buffer);
  private at = 0;

  /** The offset (8-byte aligned) of `n` free bytes in `bytes`, which may be a fresh slab. */
  reserve(n: number): number {
    if (this.at + n > this.bytes.length) {
      this.bytes = new Uint8Array(SLAB_BYTES);
      this.view = new DataView(this.bytes.buffer);
      this.at = 0;
    }
    return this.at;
  }

  /** Marks everything before `end` as taken (by a frame, or by data viewing it). */
  commit(end: number): void {
    this.at = (end + 7) & ~7;
  }
}
