import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Checkbox, Group, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiErrorMessage } from './errors';
import { Notice } from './Notice';

/** Loading, error (with retry) and data states of one query, worded the same everywhere. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (query.isError) {
    return (
      <Notice
        tone="error"
        action={
          <Button variant="default" mt="sm" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        }
      >
        {apiErrorMessage(query.error, t)}
      </Notice>
    );
  }
  return <>{children(query.data)}</>;
}

export function ErrorBanner({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Notice tone="error">{apiErrorMessage(error, t)}</Notice>;
}

/** "Saved" after a form is stored, announced to screen readers; the tick is decoration. */
export function SavedMark({ shown }: { shown: boolean }) {
  const { t } = useTranslation();
  if (!shown) return null;
  return (
    <span role="status" className="saved">
      <span aria-hidden="true">{'✔ '}</span>
      {t('common.saved')}
    </span>
  );
}

export function ArchivedMark() {
  const { t } = useTranslation();
  return <span className="tag tag-archived">{t('common.archived')}</span>;
}

/** A list's search box and "show archived" switch: Mantine controls, 48 px to a finger. */
export function SearchBar(props: {
  label: string;
  query: string;
  onQuery: (q: string) => void;
  includeArchived: boolean;
  onIncludeArchived: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group role="search" align="flex-end" gap="md" wrap="wrap" mb="md">
      <TextInput
        className="search-input"
        type="search"
        label={props.label}
        value={props.query}
        onChange={(e) => props.onQuery(e.currentTarget.value)}
        placeholder={t('common.search')}
      />
      <Checkbox className="touch-checkbox" label={t('common.showArchived')} checked={props.includeArchived} onChange={(e) => props.onIncludeArchived(e.currentTarget.checked)} />
    </Group>
  );
}

/** A definition list row that shows a dash for empty values. */
export function Detail({ label, value }: { label: string; value: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="detail">
      <dt>{label}</dt>
      <dd>{value === null || value === undefined || value === '' ? t('common.none') : value}</dd>
    </div>
  );
}
