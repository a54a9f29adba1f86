import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { IngestConsentState, LiveView, SensorEntry } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { LiveStore } from './live-store';

/** Keeps the cached sensors list current from the back end's `sensors.changed` events (no polling). */
function useSensorsChanged(): void {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(
    () => client.on('sensors.changed', (snapshot) => queryClient.setQueryData(['sensors.list', {}], snapshot)),
    [client, queryClient],
  );
}

/** The sensors list, kept current by the back end's `sensors.changed` events (no polling). */
export function useSensors() {
  useSensorsChanged();
  return useApiQuery('sensors.list', {});
}

/**
 * One part of one sensor's entry. The snapshot arrives every second with fresh counters; a
 * component re-renders only when its part changed (react-query shares equal structure), so a
 * live page does not redraw itself because a byte counter moved.
 */
export function useSensorPart<T>(deviceId: string, part: (entry: SensorEntry | undefined) => T): T | undefined {
  const { client } = useApi();
  useSensorsChanged();
  return useQuery({
    queryKey: ['sensors.list', {}],
    queryFn: () => client.call('sensors.list', {}),
    select: (list) => part(list.entries.find((e) => e.key === deviceId)),
  }).data;
}

const PENDING_KEY = ['sensors.pending.list', {}];

/** Keeps the newest of the pending-list states it is given (events and answers may cross). */
export function useStorePendingState(): (state: IngestConsentState) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (state: IngestConsentState) => {
      queryClient.setQueryData<IngestConsentState>(PENDING_KEY, (current) => (current && current.version > state.version ? current : state));
    },
    [queryClient],
  );
}

/** Devices waiting for consent on the HTTP ingest, kept current by `sensors.pending.changed` (at most every 500 ms). */
export function usePendingIngest() {
  const { client } = useApi();
  const store = useStorePendingState();
  const query = useApiQuery('sensors.pending.list', {});
  useEffect(() => client.on('sensors.pending.changed', store), [client, store]);
  return query;
}


/**
 * Live data of one sensor for this page: subscribes this connection to the sensor with the views
 * the page shows, seeds the store with the recent readings, and feeds it every `sensors.live`
 * frame. A hidden page unsubscribes (it draws nothing) and subscribes again when shown; a
 * reconnected WebSocket subscribes again (its subscriptions ended with the old connection).
 */
export function useLiveStore(deviceId: string, views: LiveView[]): LiveStore {
  const { client, selected } = useApi();
  const [store] = useState(() => new LiveStore());
  const viewsKey = views.join(',');
  useEffect(() => {
    let stopped = false;
    const shown = viewsKey.split(',') as LiveView[];
    const subscribe = () => {
      if (document.hidden) return;
      void client.call('sensors.live.subscribe', { deviceIds: [deviceId], views: shown }).catch(() => undefined);
      client
        .call('sensors.recent', { deviceId })
        .then((recent) => {
          if (!stopped) store.seed(recent.readings, recent.gaps);
        })
        .catch(() => undefined);
    };
    const unsubscribe = () => void client.call('sensors.live.unsubscribe', { deviceIds: [deviceId] }).catch(() => undefined);
    const onVisibility = () => (document.hidden ? unsubscribe() : subscribe());
    subscribe();
    document.addEventListener('visibilitychange', onVisibility);
    const offStatus = selected.onStatus((connected) => {
      if (connected) subscribe();
    });
    const off = client.on('sensors.live', (frame) => {
      if (frame.deviceId === deviceId) store.push(frame);
    });
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      offStatus();
      off();
      unsubscribe();
    };
  }, [client, selected, deviceId, store, viewsKey]);
  return store;
}

/** Re-renders at most every `intervalMs` when readings changed: charts and numbers, not canvases (they draw themselves). */
export function useThrottledVersion(store: LiveStore, intervalMs = 1000): number {
  const [version, setVersion] = useState(store.readingsVersion);
  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => (v === store.readingsVersion ? v : store.readingsVersion)), intervalMs);
    return () => clearInterval(timer);
  }, [store, intervalMs]);
  return version;
}
