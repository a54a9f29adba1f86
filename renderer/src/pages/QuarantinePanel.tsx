import { Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatBytes } from '../components/format';
import { ListHead, ListTable } from '../components/ListTable';

/** Files start-up could not re-attach to any visit: kept in the data folder's quarantine, never deleted (issue 14). */
export function QuarantinePanel() {
  const { t } = useTranslation();
  const status = useApiQuery('storage.status', {});
  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <Title order={2} size="h3" id="quarantine-title" mt="lg" mb="sm">
        {t('storage.quarantine.title')}
      </Title>
      <QueryState query={status}>
        {(s) =>
          s.quarantined.length === 0 ? (
            <Text>{t('storage.quarantine.empty')}</Text>
          ) : (
            <>
              <Text mb="sm">{t('storage.quarantine.intro', { dir: s.quarantineDir })}</Text>
              <ListTable minWidth={480} testId="quarantine-list">
                <ListHead columns={[t('storage.quarantine.file'), t('storage.quarantine.size')]} />
                <Table.Tbody>
                  {s.quarantined.map((f) => (
                    <Table.Tr key={f.path}>
                      <Table.Td className="mono">{f.path}</Table.Td>
                      <Table.Td>{formatBytes(f.bytes)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </ListTable>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
