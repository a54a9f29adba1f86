import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../app/api';

/** Refetches verdicts and open-visit lists when the back end says a visit's verdict changed. */
export function useVerdictLive(): void {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('visits.') });
    const offVerdict = client.on('visits.verdictChanged', refresh);
    // A diagnosis landing may change the verdict before its own event arrives: cheap to ask again.
    const offInsight = client.on('insight.changed', refresh);
    return () => {
      offVerdict();
      offInsight();
    };
  }, [client, queryClient]);
}
