import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Localized } from '../../../shared/contract';
import { useApi } from '../app/api';

/** Keeps insight queries fresh (a diagnosis finished, a baseline or label changed) and tracks progress of running diagnoses by recording. */
export function useInsightLive(): Record<string, number> {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Record<string, number>>({});
  useEffect(() => {
    const offChanged = client.on('insight.changed', () => {
      void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('insight.') });
      void queryClient.invalidateQueries({ queryKey: ['reports.session'] });
    });
    const offProgress = client.on('diagnosis.progress', (p) => {
      if (!p.jobId.startsWith('recording-')) return;
      setProgress((old) => ({ ...old, [p.jobId.slice('recording-'.length)]: p.fraction }));
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [client, queryClient]);
  return progress;
}

/** Picks the Korean or English text of a back-end sentence for the UI's language. */
export function useLocalized(): (text: Localized) => string {
  const { i18n } = useTranslation();
  const ko = i18n.language.startsWith('ko');
  return (text) => (ko ? text.ko : text.en);
}
