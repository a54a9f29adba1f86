import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, type Result } from '../../../shared/contract';
import { useApi } from '../app/api';
import { apiErrorMessage } from '../components/errors';
import { CameraScanner } from './CameraScanner';

type Lookup = Result<'visits.findByTag'>;

/**
 * Scan (camera or a scanner typing into the field) or type an equipment tag. The machine's visit in
 * progress opens straight away, so a second one is never started by accident; otherwise a new
 * visit is offered, one press away.
 */
export function TagEntry({ idPrefix }: { idPrefix: string }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [offer, setOffer] = useState<Lookup | null>(null);
  const [camera, setCamera] = useState(false);
  const [busy, setBusy] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);

  const look = async (value: string) => {
    const trimmed = value.trim();
    setError(null);
    setOffer(null);
    if (trimmed === '') {
      setError(t('ui.tag.empty'));
      return;
    }
    setBusy(true);
    try {
      const found = await client.call('visits.findByTag', { tag: trimmed });
      if (found.openVisit) {
        void navigate(`/sessions/${found.openVisit.id}`);
        return;
      }
      setOffer(found);
      // The next press is "start": put focus there, so Enter or a tap does it.
      queueMicrotask(() => startRef.current?.focus());
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'not_found' ? t('quickOpen.notFound', { tag: trimmed }) : apiErrorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const start = async (assetId: string) => {
    setBusy(true);
    try {
      const session = await client.call('sessions.create', { assetId });
      void navigate(`/sessions/${session.id}`);
    } catch (e) {
      setError(apiErrorMessage(e, t));
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void look(tag);
  };

  return (
    <Stack gap="sm">
      <form onSubmit={submit} className="tag-entry">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            id={`${idPrefix}-tag`}
            className="tag-entry-input"
            label={t('ui.tag.label')}
            description={t('ui.tag.hint')}
            value={tag}
            autoComplete="off"
            spellCheck={false}
            error={error}
            onChange={(e) => {
              setTag(e.currentTarget.value);
              setError(null);
            }}
          />
          <Button type="submit" loading={busy}>
            {t('ui.tag.open')}
          </Button>
          <Button variant="default" onClick={() => setCamera((on) => !on)} aria-pressed={camera}>
            <span aria-hidden="true" className="icon">
              {'◎'}
            </span>
            {t('ui.scan.button')}
          </Button>
        </Group>
      </form>
      {camera ? (
        <CameraScanner
          onClose={() => setCamera(false)}
          onScan={(text) => {
            setCamera(false);
            setTag(text);
            void look(text);
          }}
        />
      ) : null}
      {offer ? (
        <Card withBorder padding="md" role="region" aria-label={t('ui.tag.offerTitle')} data-offer={offer.asset.id}>
          <Stack gap="xs">
            <Text fw={700}>{t('ui.tag.noOpenVisit', { asset: offer.asset.name })}</Text>
            <Group>
              <Button ref={startRef} onClick={() => void start(offer.asset.id)} loading={busy}>
                {t('ui.tag.startNew')}
              </Button>
              <Button variant="default" onClick={() => void navigate(`/assets/${offer.asset.id}`)}>
                {t('ui.tag.openEquipment')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
