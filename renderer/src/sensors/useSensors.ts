import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SensorEntry } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { LiveStore } from './live-store';

/** The sensors list, kept current by the back end's `sensors.changed` events (no polling). */
export function useSensors() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const query = useApiQuery('sensors.list', {});
  useEffect(
    () => client.on('sensors.changed', (snapshot) => queryClient.setQueryData(['sensors.list', {}], snapshot)),
    [client, queryClient],
  );
  return query;
}

export function useSensorEntry(deviceId: string): SensorEntry | undefined {
  const sensors = useSensors();
  return sensors.data?.entries.find((e) => e.key === deviceId);
}

/** How often the page renews its watch; the back end's lease is longer, so one late renewal loses nothing. */
const RENEW_MS = 4000;

/**
 * Live data of one sensor: asks the back end to stream it (renewing the lease while the page is
 * open), seeds the store with the recent readings, and feeds it every `sensors.live` frame.
 */
export function useLiveStore(deviceId: string): LiveStore {
  const { client } = useApi();
  const [store] = useState(() => new LiveStore());
  useEffect(() => {
    let stopped = false;
    const watch = () => void client.call('sensors.watch', { deviceIds: [deviceId] }).catch(() => undefined);
    watch();
    const timer = setInterval(watch, RENEW_MS);
    client
      .call('sensors.recent', { deviceId })
      .then((recent) => {
        if (!stopped) store.seed(recent.readings, recent.gaps);
      })
      .catch(() => undefined);
    const off = client.on('sensors.live', (frame) => {
      if (frame.deviceId === deviceId) store.push(frame);
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      off();
    };
  }, [client, deviceId, store]);
  return store;
}

/** Re-renders at most every `intervalMs` when the store changed: charts and numbers, not canvases. */
export function useThrottledVersion(store: LiveStore, intervalMs = 500): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => (v === store.version ? v : store.version)), intervalMs);
    return () => clearInterval(timer);
  }, [store, intervalMs]);
  return version;
}
