import { describe, expect, it } from 'vitest';
import { LEAKY_MESSAGE, leaks, PERSONAL } from '../../testing/personal-data';
import { REDACTED, Scrubber, scrubSecrets } from './scrub';

const knownTerms = [PERSONAL.customer, PERSONAL.site, PERSONAL.address, PERSONAL.contactName, PERSONAL.contactPhone, PERSONAL.technician, PERSONAL.assetName, PERSONAL.assetSerial, PERSONAL.assetTag, PERSONAL.deviceId];

describe('Scrubber', () => {
  const scrubber = new Scrubber(knownTerms);

  it('removes every kind of personal and customer data from a message', () => {
    const out = scrubber.text(LEAKY_MESSAGE);
    expect(leaks(out)).toEqual([]);
    expect(out).toContain('[email]');
    expect(out).toContain('[gps]');
    expect(out).toContain('[mac]');
    expect(out).toContain('/home/[user]/Recordings/hanbit.wav');
    expect(out).toContain('C:\\Users\\[user]\\Documents');
    expect(out).toContain(`Bearer ${REDACTED}`);
    // What support needs stays readable.
    expect(out).toMatch(/^Compressor \[redacted\] \(\[redacted\], tag \[redacted\]\) at \[redacted\]/);
  });

  it('matches known terms as whole words, ignoring case, and longest first', () => {
    const s = new Scrubber(['Kim', 'Kim Minji', 'ab']);
    expect(s.text('kim minji called Kimchi Co. about KIM')).toBe(`${REDACTED} called Kimchi Co. about ${REDACTED}`);
    expect(s.text('ab stays: too short to be a term')).toBe('ab stays: too short to be a term');
  });

  it('scrubs secrets wherever they are', () => {
    const cases: [string, string][] = [
      ['GET /?pair=Zx9_aB3dE5fG7hJ9kL1mN3pQ5 200', `GET /?pair=${REDACTED} 200`],
      ['https://tech:hunter2@api.signalcraft.kr/v1', `https://${REDACTED}@api.signalcraft.kr/v1`],
      ['cookie: sc_pair=abc123def456; Path=/', `cookie: sc_pair=${REDACTED}; Path=/`],
      ['authorization: Basic dGVjaDpodW50ZXIy', `authorization: Basic ${REDACTED}`],
      ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZWNoIn0.c2lnbmF0dXJlX2hlcmU', `jwt ${REDACTED}`],
      ['refresh_token=abc&x=1', `refresh_token=${REDACTED}&x=1`],
    ];
    for (const [input, expected] of cases) expect(scrubSecrets(input), input).toBe(expected);
  });

  it('leaves ids, hashes, versions, times and numbers alone', () => {
    const keep = [
      '0195f7a2-8c1e-7b3a-9d4f-2e6a1b0c3d5e',
      'event 6f1c0a9e2b7d4c3a8e5f1b2d3c4a5e6f',
      'sha512 of 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'onnxruntime-node 1.30.0 on linux-x64',
      '2026-11-22T05:13:10.123Z took 12.5 ms, 218000 readings/s',
      'port 5180, 127.0.0.1, 192.168.1.100',
    ];
    for (const text of keep) expect(scrubber.text(text), text).toBe(text);
  });

  it('replaces the values of sensitive keys at any depth and copies everything else', () => {
    const input = {
      level: 30,
      msg: `saved ${PERSONAL.site}`,
      site: { name: 'anything', contact_name: 'x' },
      nested: [{ serialNumber: 'S1', email: 'a@b.co', latitude: 37.5, ok: true }],
      token: null,
    };
    expect(scrubber.value(input)).toEqual({
      level: 30,
      msg: `saved ${REDACTED}`,
      site: REDACTED,
      nested: [{ serialNumber: REDACTED, email: REDACTED, latitude: REDACTED, ok: true }],
      token: null,
    });
    expect(input.site.name).toBe('anything');
  });
});
