import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Settings, SettingsPatch } from '../../../shared/contract';
import { useApi } from '../app/api';
import { apiErrorMessage } from '../components/errors';

const DISMISSED_KEY = 'signalcraft.profileLater';

/**
 * Asked on first launch: who does the work. The name, company and licence number are stamped on
 * each visit when it starts, and printed on the customer's report. Shown until saved or put off.
 */
export function ProfilePrompt({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const [later, setLater] = useState(() => readDismissed());
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [licence, setLicence] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  if (settings.technicianName || later) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (name.trim() === '') {
      setNameError(t('common.field.required'));
      return;
    }
    const patch = SettingsPatch.safeParse({
      technicianName: name.trim(),
      technicianCompany: company.trim() || null,
      technicianLicence: licence.trim() || null,
    });
    if (!patch.success) {
      setError(t('common.code.invalid_params'));
      return;
    }
    try {
      await client.call('settings.update', patch.data);
    } catch (e) {
      setError(apiErrorMessage(e, t));
    }
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="profile-title" className="profile-prompt">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="profile-title">
            {t('ui.profile.title')}
          </Title>
          <Text>{t('ui.profile.intro')}</Text>
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              label={t('ui.profile.name')}
              value={name}
              required
              maxLength={120}
              error={nameError}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
            />
            <TextInput label={t('ui.profile.company')} value={company} maxLength={120} onChange={(e) => setCompany(e.currentTarget.value)} />
            <TextInput label={t('ui.profile.licence')} value={licence} maxLength={60} onChange={(e) => setLicence(e.currentTarget.value)} />
          </Group>
          {error ? (
            <Text role="alert" className="text-fail" fw={700}>
              {error}
            </Text>
          ) : null}
          <Group>
            <Button type="submit">{t('ui.profile.save')}</Button>
            <Button
              variant="default"
              onClick={() => {
                writeDismissed();
                setLater(true);
              }}
            >
              {t('ui.profile.later')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function readDismissed(): boolean {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

function writeDismissed(): void {
  try {
    window.sessionStorage.setItem(DISMISSED_KEY, '1');
  } catch {
    // Nothing to keep: it is asked again next time.
  }
}
