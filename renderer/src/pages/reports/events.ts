import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../app/api';

/** Refetches report views when a signature, a PDF or an upload of a session changes. */
export function useReportEvents(): void {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('reports.') });
    const offReports = client.on('reports.changed', refresh);
    const offSync = client.on('sync.statusChanged', refresh);
    return () => {
      offReports();
      offSync();
    };
  }, [client, queryClient]);
}
