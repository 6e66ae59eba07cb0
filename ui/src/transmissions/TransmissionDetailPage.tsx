import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { downloadUrl } from '../api/client';
import type { ItemBookingView, ReconciliationView, TransmissionDetail } from '../api/types';
import { Icon } from '../app/icons';
import { itemDialog, PATHS } from '../app/paths';
import { followLink } from '../app/router';
import {
  formatDate,
  formatDateTime,
  formatDecimal,
  formatPercent,
  formatRelative,
} from '../shared/format';
import { ErrorNotice, Loading, Section, useDocumentTitle } from '../shared/page';
import { useApi } from '../shared/use-api';
import { ItemBookingBadge, TransmissionBadge } from './status';

const FINAL = ['done', 'skipped', 'not-active'];

/** One closing's transmission: every item booking, the reconciliation, each attempt, the mails. */
export function TransmissionDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const path = `/transmissions/${encodeURIComponent(id)}`;
  const probe = useApi<TransmissionDetail>(path, { refreshMs: 4000 });
  const detail = probe.data;
  useDocumentTitle(
    detail
      ? t('transmissions.closingNumber', { number: detail.closing.number })
      : t('nav.transmissions'),
  );

  if (!detail) {
    return (
      <>
        <BackLink />
        <ErrorNotice error={probe.error} retry={() => void probe.reload()} />
        {!probe.error && <Loading />}
      </>
    );
  }

  const lang = i18n.language;
  const closing = detail.closing;
  const hasRejected = detail.counts.rejected > 0;
  const waiting = !FINAL.includes(detail.status);

  return (
    <>
      <BackLink />
      <Group justify="space-between" align="flex-end" mb="lg" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {[closing.pointOfSaleName, closing.registerName].filter(Boolean).join(' · ')}
          </Text>
          <Group gap="sm">
            <Text component="h1" fz="h2" fw={650} m={0}>
              {t('transmissions.closingNumber', { number: closing.number })}
            </Text>
            <TransmissionBadge transmission={{ ...detail, counts: detail.counts }} size="lg" />
          </Group>
          <Text c="dimmed" size="sm">
            {t('transmissions.closingLine', {
              date: formatDate(closing.businessDate, lang),
              closedAt: formatDateTime(closing.closedAt, lang),
              bookings: closing.bookings,
            })}
          </Text>
        </Stack>
        <Button
          component="a"
          href={downloadUrl(`${path}/rejected.csv`)}
          download
          variant={hasRejected ? 'filled' : 'default'}
          leftSection={<Icon name="download" />}
          disabled={!hasRejected}
          data-disabled={!hasRejected || undefined}
          onClick={(event: React.MouseEvent) => !hasRejected && event.preventDefault()}
        >
          {t('transmissions.exportRejected')}
        </Button>
      </Group>

      <ErrorNotice error={probe.error} retry={() => void probe.reload()} />

      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="lg">
          <Fact
            label={t('transmissions.itemBookings')}
            value={String(detail.counts.itemBookings)}
          />
          <Fact
            label={t('transmissions.counts.transmitted')}
            value={String(detail.counts.transmitted)}
          />
          <Fact
            label={t('transmissions.counts.rejected')}
            value={String(detail.counts.rejected)}
            color={hasRejected ? 'red' : undefined}
          />
          <Fact
            label={t('transmissions.counts.notTransmitted')}
            value={String(detail.counts.notTransmitted)}
            color={detail.counts.notTransmitted > 0 ? 'orange' : undefined}
          />
        </SimpleGrid>

        {detail.reason && (
          <Alert color="gray" variant="light" icon={<Icon name="alert" />}>
            {detail.reason}
          </Alert>
        )}
        {waiting && (
          <Alert
            color="yellow"
            variant="light"
            icon={<Icon name="refresh" />}
            title={t('transmissions.waitingTitle')}
          >
            <Stack gap={2}>
              {detail.waitingSince && (
                <Text size="sm">
                  {t('transmissions.waitingSince', {
                    since: formatDateTime(detail.waitingSince, lang),
                  })}
                </Text>
              )}
              {detail.nextAttemptAt && (
                <Text size="sm">
                  {t('transmissions.nextAttemptAt', {
                    at: formatDateTime(detail.nextAttemptAt, lang),
                    relative: formatRelative(detail.nextAttemptAt, lang),
                  })}
                </Text>
              )}
              {detail.lastError && (
                <Text size="sm">{t('transmissions.lastError', { error: detail.lastError })}</Text>
              )}
            </Stack>
          </Alert>
        )}

        <Reconciliation reconciliation={detail.reconciliation} />

        <Section
          id="item-bookings"
          title={t('transmissions.itemBookings')}
          description={t('transmissions.itemBookingsHelp')}
        >
          <ItemBookings lines={detail.itemBookings} />
        </Section>

        <Section id="attempts" title={t('transmissions.attemptsTitle')}>
          {detail.attempts.length === 0 ? (
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
                  {detail.attempts.map((attempt, index) => (
                    <Table.Tr key={`${attempt.attempt}-${index}`}>
                      <Table.Td className="numeric">{attempt.attempt}</Table.Td>
                      <Table.Td className="numeric">
                        {formatDateTime(attempt.startedAt, lang)}
                      </Table.Td>
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

        <Section id="mails" title={t('transmissions.mailsTitle')}>
          {detail.mails.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('transmissions.noMails')}
            </Text>
          ) : (
            <Accordion variant="separated" multiple defaultValue={[detail.mails[0]!.id]}>
              {detail.mails.map((mail) => (
                <Accordion.Item key={mail.id} value={mail.id}>
                  <Accordion.Control>
                    <Group gap="sm" wrap="nowrap">
                      <Badge
                        variant="light"
                        color={
                          mail.status === 'sent'
                            ? 'green'
                            : mail.status === 'failed'
                              ? 'red'
                              : 'blue'
                        }
                        style={{ textTransform: 'none' }}
                      >
                        {t(
                          `transmissions.mailStatus.${mail.status === 'sent' || mail.status === 'failed' ? mail.status : 'queued'}`,
                        )}
                      </Badge>
                      <Text size="sm" fw={600} lineClamp={1}>
                        {mail.subject}
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="xs">
                      <Text size="sm">
                        <Text span c="dimmed">
                          {t('transmissions.mailTo')}:
                        </Text>{' '}
                        {mail.recipients.join(', ')}
                      </Text>
                      <Text size="sm">
                        <Text span c="dimmed">
                          {t('transmissions.mailSentAt')}:
                        </Text>{' '}
                        {formatDateTime(mail.sentAt, lang)}
                      </Text>
                      {mail.lastError && (
                        <Text size="sm" c="red">
                          {mail.lastError}
                        </Text>
                      )}
                      <pre className="mail-text" data-testid="mail-text">
                        {mail.text}
                      </pre>
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )}
        </Section>
      </Stack>
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();

  return (
    <Anchor
      href={PATHS.transmissions}
      onClick={followLink}
      size="sm"
      mb="sm"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 4 }}
    >
      <Icon name="arrowLeft" size={14} /> {t('nav.transmissions')}
    </Anchor>
  );
}

function Fact({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <div className="section-card" style={{ padding: 'var(--mantine-spacing-md)' }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={color} className="numeric">
        {value}
      </Text>
    </div>
  );
}

/** POS total = booked + rejected + not transmitted + left out, for quantity and amount. */
function Reconciliation({ reconciliation }: { reconciliation: ReconciliationView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const parts: Array<[string, keyof Omit<ReconciliationView, 'balanced'>]> = [
    [t('transmissions.reconciliation.booked'), 'booked'],
    [t('transmissions.reconciliation.rejected'), 'rejected'],
    [t('transmissions.reconciliation.notTransmitted'), 'notTransmitted'],
    [t('transmissions.reconciliation.leftOut'), 'leftOut'],
  ];
  if (reconciliation.pending.grossAmount !== '0.00' || reconciliation.pending.quantity !== '0') {
    parts.push([t('transmissions.reconciliation.pending'), 'pending']);
  }

  return (
    <Section
      id="reconciliation"
      title={t('transmissions.reconciliation.title')}
      description={t('transmissions.reconciliation.help')}
      actions={
        <Badge
          color={reconciliation.balanced ? 'green' : 'red'}
          variant="light"
          size="lg"
          leftSection={<Icon name={reconciliation.balanced ? 'check' : 'alert'} size={14} />}
        >
          {reconciliation.balanced
            ? t('transmissions.reconciliation.balanced')
            : t('transmissions.reconciliation.unbalanced')}
        </Badge>
      }
    >
      <Table.ScrollContainer minWidth={720}>
        <Table withColumnBorders verticalSpacing="xs" data-testid="reconciliation">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{t('transmissions.reconciliation.pos')}</Table.Th>
              {parts.map(([label, key]) => (
                <Table.Th key={key} ta="right">
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(['quantity', 'grossAmount'] as const).map((measure) => (
              <Table.Tr key={measure}>
                <Table.Th>{t(`transmissions.reconciliation.${measure}`)}</Table.Th>
                <Table.Td ta="right" fw={700} className="numeric">
                  {formatDecimal(reconciliation.pos[measure], lang)}
                </Table.Td>
                {parts.map(([, key], index) => (
                  <Table.Td key={key} ta="right" className="numeric">
                    <Text span c="dimmed" size="sm">
                      {index === 0 ? '= ' : '+ '}
                    </Text>
                    {formatDecimal(reconciliation[key][measure], lang)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function ItemBookings({ lines }: { lines: ItemBookingView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (lines.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('transmissions.noItemBookings')}
      </Text>
    );
  }

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" striped data-testid="item-bookings">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('transmissions.result')}</Table.Th>
            <Table.Th>{t('transmissions.article')}</Table.Th>
            <Table.Th>{t('transmissions.posItems')}</Table.Th>
            <Table.Th>{t('transmissions.pointOfSale')}</Table.Th>
            <Table.Th>{t('transmissions.priceLevel')}</Table.Th>
            <Table.Th ta="right">{t('items.vatRate')}</Table.Th>
            <Table.Th ta="right">{t('transmissions.reconciliation.quantity')}</Table.Th>
            <Table.Th ta="right">{t('transmissions.gross')}</Table.Th>
            <Table.Th ta="right">{t('transmissions.net')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.key} data-line-status={line.status}>
              <Table.Td>
                <Stack gap={4} align="flex-start" maw={320}>
                  <ItemBookingBadge status={line.status} />
                  {line.message && (
                    <Text
                      size="sm"
                      c={line.status === 'rejected' || line.status === 'failed' ? 'red' : undefined}
                      data-testid="line-message"
                    >
                      {line.message}
                    </Text>
                  )}
                  {line.missing && line.missing.length > 0 && (
                    <Text size="xs" c="orange">
                      {t('transmissions.missing', {
                        what: line.missing
                          .map((part) => t(`transmissions.missingPart.${missingKey(part)}`))
                          .join(', '),
                      })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {line.article ?? '–'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {line.items.map((item) => (
                    <Text size="sm" key={item.id}>
                      <Anchor href={itemDialog(item.id)} onClick={followLink} size="sm">
                        {item.name}
                      </Anchor>{' '}
                      <Text span c="dimmed" size="xs" className="numeric">
                        {formatDecimal(item.quantity, lang)} × ·{' '}
                        {formatDecimal(item.grossAmount, lang)}
                      </Text>
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{line.pointOfSaleName ?? line.pointOfSaleId}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {line.costCentre ?? '–'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{line.priceLevelName ?? line.priceLevelId}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {line.priceGroup ?? '–'}
                </Text>
              </Table.Td>
              <Table.Td ta="right" className="numeric">
                {formatPercent(line.vatRate, lang)}
              </Table.Td>
              <Table.Td ta="right" className="numeric">
                {formatDecimal(line.quantity, lang)}
              </Table.Td>
              <Table.Td ta="right" className="numeric">
                {formatDecimal(line.grossAmount, lang)}
              </Table.Td>
              <Table.Td ta="right" className="numeric">
                {formatDecimal(line.netAmount, lang)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function missingKey(part: string): 'item' | 'priceLevel' | 'pointOfSale' | 'other' {
  if (part === 'item') return 'item';
  if (part === 'price-level') return 'priceLevel';
  if (part === 'point-of-sale') return 'pointOfSale';
  return 'other';
}
