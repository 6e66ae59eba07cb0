import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { TransmissionAttempt } from '../api/types';
import { formatDateTime } from '../shared/format';
import { Section } from '../shared/page';

/** Each attempt to send the closing, with the error that made it fail. */
export function AttemptsSection({ attempts }: { attempts: TransmissionAttempt[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  return (
    <Section id="attempts" title={t('transmissions.attemptsTitle')}>
      {attempts.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('transmissions.noAttempts')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid="attempts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('transmissions.startedAt')}</Table.Th>
                <Table.Th>{t('transmissions.outcome')}</Table.Th>
                <Table.Th>HTTP</Table.Th>
                <Table.Th>{t('transmissions.error')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attempts.map((attempt, index) => (
                <Table.Tr key={`${attempt.attempt}-${index}`}>
                  <Table.Td className="numeric">{attempt.attempt}</Table.Td>
                  <Table.Td className="numeric">{formatDateTime(attempt.startedAt, lang)}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={attempt.error ? 'red' : 'gray'}
                      style={{ textTransform: 'none' }}
                    >
                      {attempt.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="numeric">{attempt.httpStatus ?? '–'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={attempt.error ? 'red' : 'dimmed'}>
                      {attempt.error ?? '–'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
