import {
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { ApiClient, type MethodName, type ParamsIn, type Result } from '../../../shared/contract';
import type { SelectedTransport } from '../transport/select';

interface ApiContextValue {
  client: ApiClient;
  selected: SelectedTransport;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Local back end: data is fresh until an event says otherwise.
      queries: { staleTime: Infinity, retry: 1, refetchOnWindowFocus: false },
    },
  });
}

/**
 * Provides the typed client and keeps cached queries honest: when the back end reports that the
 * register changed (from this window or another client), the affected lists are refetched.
 */
export function ApiProvider({ selected, children }: { selected: SelectedTransport; children: ReactNode }) {
  const [value] = useState<ApiContextValue>(() => ({ client: new ApiClient(selected.transport), selected }));
  const queryClient = useQueryClient();

  useEffect(() => {
    const offRegister = value.client.on('register.changed', () => {
      void queryClient.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && /^(sites|assets|customers)\./.test(q.queryKey[0]),
      });
    });
    // A visit changed: its own queries, and the sites' and assets' "last service".
    const offSessions = value.client.on('sessions.changed', () => {
      void queryClient.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && /^(sessions|recordings|sites|assets|visits)\./.test(q.queryKey[0]),
      });
    });
    const offSettings = value.client.on('settings.changed', (settings) => {
      queryClient.setQueryData(['settings.get', {}], settings);
    });
    return () => {
      offRegister();
      offSessions();
      offSettings();
    };
  }, [value, queryClient]);

  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiProvider');
  return value;
}

export function useApiQuery<M extends MethodName>(
  method: M,
  params: ParamsIn<M>,
  options: Omit<UseQueryOptions<Result<M>>, 'queryKey' | 'queryFn'> = {},
) {
  const { client } = useApi();
  return useQuery<Result<M>>({
    queryKey: [method, params],
    queryFn: () => client.call(method, params),
    ...options,
  });
}

export function useApiMutation<M extends MethodName>(method: M) {
  const { client } = useApi();
  return useMutation<Result<M>, Error, ParamsIn<M>>({ mutationFn: (params) => client.call(method, params) });
}
