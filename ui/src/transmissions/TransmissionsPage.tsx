import { Anchor, Button, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import type { TransmissionSummary } from '../api/types';
import { transmissionPage } from '../app/paths';
import { followLink, navigate } from '../app/router';
import { formatDate, formatDateTime, formatMoment, formatRelative } from '../shared/format';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../shared/page';
import { useApi } from '../shared/use-api';
import { TransmissionBadge } from './status';

const PAGE = 50;
/** The list asks again this often, so a closing appears and its state moves on by itself. */
const REFRESH_MS = 4000;

export function TransmissionsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.transmissions'));
  const [limit, setLimit] = useState(PAGE);
  const list = useApi<{ transmissions: TransmissionSummary[] }>(`/transmissions?limit=${limit}`, {
    refreshMs: REFRESH_MS,
  });
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const transmissions = list.data?.transmissions ?? [];

  useEffect(() => {
    if (list.data) setUpdatedAt(new Date());
  }, [list.data]);

  return (
    <>
      <PageHeader
        title={t('nav.transmissions')}
        description={t('transmissions.description')}
        actions={
          <Group gap={6} aria-live="off">
            {list.loading ? <Loader size={14} /> : <span className="live-dot" aria-hidden="true" />}
            <Text size="sm" c="dimmed">
              {updatedAt
                ? t('transmissions.updated', { time: updatedAt.toLocaleTimeString(i18n.language) })
                : t('app.loading')}
            </Text>
          </Group>
        }
      />
      <ErrorNotice error={list.error} retry={() => void list.reload()} />
      {!list.data && !list.error ? (
        <Loading />
      ) : (
        <div className="section-card" style={{ padding: 0 }}>
          <Table.ScrollContainer minWidth={980}>
            <Table
              highlightOnHover
              verticalSpacing="sm"
              horizontalSpacing="md"
              data-testid="transmissions"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('transmissions.closing')}</Table.Th>
                  <Table.Th>{t('transmissions.businessDate')}</Table.Th>
                  <Table.Th miw={230}>{t('transmissions.state.title')}</Table.Th>
                  <Table.Th miw={240}>{t('transmissions.itemBookings')}</Table.Th>
                  <Table.Th ta="right">{t('transmissions.attempts')}</Table.Th>
                  <Table.Th>{t('transmissions.nextAttempt')}</Table.Th>
                  <Table.Th>{t('transmissions.takenAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {transmissions.map((transmission) => (
                  <Table.Tr
                    key={transmission.id}
                    data-transmission-id={transmission.id}
                    style={{ cursor: 'pointer' }}
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest('a')) return;
                      navigate(transmissionPage(transmission.id));
                    }}
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Stack gap={0}>
                        <Anchor
                          href={transmissionPage(transmission.id)}
                          onClick={followLink}
                          fw={600}
                          size="sm"
                        >
                          {t('transmissions.closingNumber', {
                            number: transmission.closing.number,
                          })}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {[transmission.closing.registerName, transmission.closing.pointOfSaleName]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td className="numeric" style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(transmission.closing.businessDate, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <TransmissionBadge transmission={transmission} />
                        {transmission.reason && (
                          <Text size="xs" c="dimmed" maw={280} title={transmission.reason}>
                            {reasonText(transmission, t)}
                          </Text>
                        )}
                        {transmission.lastError && transmission.status !== 'done' && (
                          <Tooltip label={transmission.lastError} multiline w={360}>
                            <Text size="xs" c="red" maw={280} lineClamp={2}>
                              {transmission.lastError}
                            </Text>
                          </Tooltip>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Counts counts={transmission.counts} />
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {transmission.attempts}
                    </Table.Td>
                    <Table.Td>
                      {transmission.nextAttemptAt &&
                      !['done', 'skipped', 'not-active'].includes(transmission.status) ? (
                        <Tooltip label={formatDateTime(transmission.nextAttemptAt, i18n.language)}>
                          <Text size="sm">
                            {formatRelative(transmission.nextAttemptAt, i18n.language)}
                          </Text>
                        </Tooltip>
                      ) : (
                        <Text size="sm" c="dimmed">
                          –
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className="numeric">
                      <Tooltip label={formatDateTime(transmission.createdAt, i18n.language)}>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatMoment(transmission.createdAt, i18n.language)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {transmissions.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" ta="center" py="xl">
                        {t('transmissions.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {transmissions.length >= limit && limit < 500 && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={list.loading} onClick={() => setLimit(limit + PAGE)}>
            {t('transmissions.showMore')}
          </Button>
        </Group>
      )}
    </>
  );
}

/** The server's reason is English; the state says the same, so the reader gets it in their language. */
function reasonText(transmission: TransmissionSummary, t: TFunction): string {
  if (transmission.status === 'skipped') return t('transmissions.reason.skipped');
  if (transmission.status === 'not-active') return t('transmissions.reason.notActive');
  return transmission.reason ?? '';
}

/** "3 transmitted · 1 rejected · 1 not transmitted · 1 left out", zeros left out but the first. */
export function Counts({ counts }: { counts: TransmissionSummary['counts'] }) {
  const { t } = useTranslation();
  const parts: Array<[string, number, string | undefined, string | undefined]> = [
    [t('transmissions.counts.transmitted'), counts.transmitted, undefined, undefined],
    [t('transmissions.counts.rejected'), counts.rejected, 'red', undefined],
    [
      t('transmissions.counts.notTransmittedShort'),
      counts.notTransmitted,
      'orange',
      t('transmissions.counts.notTransmitted'),
    ],
    [t('transmissions.counts.leftOut'), counts.leftOut, undefined, undefined],
  ];
  const shown = parts.filter(([, value], index) => value > 0 || index === 0);

  return (
    <Text size="sm" className="numeric" style={{ whiteSpace: 'normal' }}>
      {shown.map(([label, value, color, title], index) => (
        <span key={label} title={title}>
          {index > 0 && <span aria-hidden="true"> · </span>}
          <Text
            span
            size="sm"
            c={value > 0 ? color : undefined}
            fw={value > 0 && color ? 600 : undefined}
            style={{ whiteSpace: 'nowrap' }}
          >
            {value} {label}
          </Text>
        </span>
      ))}
    </Text>
  );
}
