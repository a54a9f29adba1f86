import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../app/api';

/** Refetches verdicts, open-visit lists and the equipment lists ranked by verdict when the back end says a visit's verdict changed. */
export function useVerdictLive(): void {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    // The equipment lists rank by the verdict: they follow it too.
    const follows = (key: unknown) => typeof key === 'string' && (key.startsWith('visits.') || key === 'insight.urgency' || key === 'insight.siteUrgency');
    const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => follows(q.queryKey[0]) });
    const offVerdict = client.on('visits.verdictChanged', refresh);
    // A diagnosis landing may change the verdict before its own event arrives: cheap to ask again.
    const offInsight = client.on('insight.changed', refresh);
    return () => {
      offVerdict();
      offInsight();
    };
  }, [client, queryClient]);
}
