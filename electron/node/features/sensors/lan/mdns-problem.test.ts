import { describe, expect, it } from 'vitest';
import { en } from '../../../../../shared/i18n/en';
import { ko } from '../../../../../shared/i18n/ko';
import { mdnsProblem } from './mdns';

const errno = (code: string) => Object.assign(new Error(`bind ${code} 0.0.0.0:5353`), { code });

describe('mdnsProblem', () => {
  it('words a failed discovery by its cause, from the catalogue, never by the system text', () => {
    expect(mdnsProblem(errno('EADDRINUSE'))).toBe('port_in_use');
    expect(mdnsProblem(errno('EACCES'))).toBe('no_permission');
    expect(mdnsProblem(errno('ENETUNREACH'))).toBe('no_network');
    expect(mdnsProblem(new Error('something else'))).toBe('failed');
    for (const code of ['port_in_use', 'no_permission', 'no_network', 'failed'] as const) {
      expect(ko.sensors.mdnsError[code]).toMatch(/네트워크 검색/);
      expect(en.sensors.mdnsError[code]).toMatch(/add sensors by address/);
    }
  });
});
