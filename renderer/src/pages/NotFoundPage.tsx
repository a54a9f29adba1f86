import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** An address the app does not know (an old bookmark, a typo): say so and offer the way home. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack component="section" aria-labelledby="not-found-title" align="flex-start">
      <Title order={1} id="not-found-title">
        {t('ui.notFound.title')}
      </Title>
      <Text>{t('ui.notFound.body')}</Text>
      <Button component={Link} to="/">
        {t('ui.notFound.home')}
      </Button>
    </Stack>
  );
}
