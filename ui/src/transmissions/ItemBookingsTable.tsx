import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { ItemBookingView } from '../api/types';
import { itemDialog } from '../app/paths';
import { followLink } from '../app/router';
import { formatDecimal, formatPercent } from '../shared/format';
import { ItemBookingBadge } from './status';

/** Every item booking of a closing with its result, error text and the POS items behind it. */
export function ItemBookingsTable({ lines }: { lines: ItemBookingView[] }) {
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
