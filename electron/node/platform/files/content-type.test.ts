import { describe, expect, it } from 'vitest';
import { contentTypeOf } from './content-type';

describe('contentTypeOf', () => {
  it('names every photo kind the app accepts, whatever the case of the extension', () => {
    expect(['a.jpg', 'b.JPEG', 'c.png', 'd.webp', 'e.HEIC'].map(contentTypeOf)).toEqual(['image/jpeg', 'image/jpeg', 'image/png', 'image/webp', 'image/heic']);
  });

  it('names recordings and exports, and calls anything else a plain byte stream', () => {
    expect(['r.wav', 'r.flac', 'r.csv', 'x.zip', 'report.pdf', 'noext', 'weird.xyz'].map(contentTypeOf)).toEqual([
      'audio/wav',
      'audio/flac',
      'text/csv; charset=utf-8',
      'application/zip',
      'application/pdf',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });
});
