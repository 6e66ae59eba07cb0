import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { downloadUrl } from '../api/client';
import type { TransmissionDetail } from '../api/types';
import { Icon } from '../app/icons';
import { PATHS } from '../app/paths';
import { followLink } from '../app/router';
import { formatDate, formatDateTime, formatRelative } from '../shared/format';
import { ErrorNotice, Loading, Section, useDocumentTitle } from '../shared/page';
import { useApi } from '../shared/use-api';
import { AttemptsSection } from './AttemptsSection';
import { ItemBookingsTable } from './ItemBookingsTable';
import { MailsSection } from './MailsSection';
import { Reconciliation } from './Reconciliation';
import { TransmissionBadge } from './status';

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
          <ItemBookingsTable lines={detail.itemBookings} />
        </Section>
        <AttemptsSection attempts={detail.attempts} />

        <MailsSection mails={detail.mails} />
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
