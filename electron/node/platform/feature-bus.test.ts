import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { FeatureBus } from './feature-bus';
import { silentLogger } from './logging/log';

describe('the events features tell each other', () => {
  it('reaches every subscriber even when one fails, and stops reaching one that unsubscribed', () => {
    const bus = new FeatureBus(silentLogger());
    const heard: string[] = [];
    bus.on('visit.closed', () => {
      throw new Error('a broken subscriber');
    });
    const off = bus.on('visit.closed', ({ visitId }) => heard.push(`first ${visitId}`));
    bus.on('visit.closed', ({ visitId }) => heard.push(`second ${visitId}`));
    bus.emit('visit.closed', { visitId: 'v1' });
    off();
    bus.emit('visit.closed', { visitId: 'v2' });
    expect(heard).toEqual(['first v1', 'second v1', 'second v2']);
  });

  it('lets a guard refuse an action before it happens, with its own error', () => {
    const bus = new FeatureBus(silentLogger());
    bus.guard('visit.delete', ({ visitId }) => {
      if (visitId === 'uploading') throw new AppError('unavailable', 'being uploaded', 'id');
    });
    expect(() => bus.check('visit.delete', { visitId: 'idle' })).not.toThrow();
    expect(() => bus.check('visit.delete', { visitId: 'uploading' })).toThrow(/being uploaded/);
  });
});
