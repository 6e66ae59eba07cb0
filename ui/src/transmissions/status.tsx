import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { ItemBookingStatus, TransmissionSummary } from '../api/types';
import { formatMoment } from '../shared/format';

/** Long states ("not transmitted: missing interface number") wrap instead of being cut off. */
const WRAPPING = {
  h: 'auto',
  py: 3,
  styles: { label: { whiteSpace: 'normal', textTransform: 'none', lineHeight: 1.35 } },
} as const;

type StatusFields = Pick<TransmissionSummary, 'status' | 'counts' | 'waitingSince' | 'createdAt'>;

/** The state a person reads: done, rejected lines, retrying since …, skipped, not active. */
export function TransmissionBadge({
  transmission,
  size = 'md',
}: {
  transmission: StatusFields;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t, i18n } = useTranslation();
  const { status, counts, waitingSince } = transmission;
  let color: MantineColor = 'gray';
  let label: string;

  switch (status) {
    case 'done':
      if (counts.rejected > 0) {
        color = 'red';
        label = t('transmissions.state.rejectedLines', { count: counts.rejected });
      } else if (counts.notTransmitted > 0) {
        color = 'orange';
        label = t('transmissions.state.doneWithMissing');
      } else {
        color = 'green';
        label = t('transmissions.state.done');
      }
      break;
    case 'retrying':
      color = 'yellow';
      label = t('transmissions.state.retryingSince', {
        since: formatMoment(waitingSince ?? transmission.createdAt, i18n.language),
      });
      break;
    case 'waiting':
    case 'sending':
      color = waitingSince ? 'yellow' : 'blue';
      label = waitingSince
        ? t('transmissions.state.retryingSince', {
            since: formatMoment(waitingSince, i18n.language),
          })
        : t(`transmissions.state.${status}`);
      break;
    case 'skipped':
      label = t('transmissions.state.skipped');
      break;
    case 'not-active':
      label = t('transmissions.state.notActive');
      break;
    default:
      label = status;
  }

  return (
    <Badge color={color} variant="light" size={size} {...WRAPPING} data-status={status}>
      {label}
    </Badge>
  );
}

const LINE_COLOR: Record<ItemBookingStatus, MantineColor> = {
  pending: 'blue',
  booked: 'green',
  duplicate: 'green',
  rejected: 'red',
  failed: 'red',
  'not-transmitted': 'orange',
  'left-out': 'gray',
};

export function ItemBookingBadge({ status }: { status: ItemBookingStatus }) {
  const { t } = useTranslation();

  return (
    <Badge color={LINE_COLOR[status]} variant="light" size="sm" {...WRAPPING}>
      {t(`transmissions.line.${status}`)}
    </Badge>
  );
}
