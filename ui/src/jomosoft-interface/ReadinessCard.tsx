import { Alert, Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { ReadinessAnswer } from '../api/types';
import { Icon } from '../app/icons';
import { itemDialog, PATHS, pointOfSaleDialog, priceLevelDialog } from '../app/paths';
import { followLink } from '../app/router';
import { formatDecimal } from '../shared/format';
import { Section } from '../shared/page';

/** Shown rows; the rest is one click away in table editing, filtered to the missing ones. */
const SHOWN = 15;

/**
 * What keeps bookings from reaching JOMOsoft: items sold in the last 30 days without interface
 * no., the costliest gap first, and price levels and points of sale without their number.
 */
export function ReadinessCard({ readiness }: { readiness: ReadinessAnswer | null }) {
  const { t, i18n } = useTranslation();
  if (!readiness) return null;

  const { items, priceLevels, pointsOfSale } = readiness;
  const complete = items.length === 0 && priceLevels.length === 0 && pointsOfSale.length === 0;

  return (
    <Section
      id="readiness"
      title={t('readiness.title')}
      description={t('readiness.description')}
      actions={
        <Badge size="lg" variant="light" color={complete ? 'green' : 'orange'}>
          {complete
            ? t('readiness.complete')
            : t('readiness.gaps', {
                count: items.length + priceLevels.length + pointsOfSale.length,
              })}
        </Badge>
      }
    >
      <Stack gap="lg">
        {complete && (
          <Alert color="green" variant="light" icon={<Icon name="check" />}>
            {t('readiness.allSet')}
          </Alert>
        )}

        {(priceLevels.length > 0 || pointsOfSale.length > 0) && (
          <Group align="flex-start" gap="xl">
            {priceLevels.length > 0 && (
              <Stack gap={4}>
                <Text fw={600} size="sm">
                  {t('readiness.priceLevels')}
                </Text>
                {priceLevels.map((level) => (
                  <Anchor
                    key={level.id}
                    size="sm"
                    href={priceLevelDialog(level.id)}
                    onClick={followLink}
                  >
                    {level.name}
                  </Anchor>
                ))}
              </Stack>
            )}
            {pointsOfSale.length > 0 && (
              <Stack gap={4}>
                <Text fw={600} size="sm">
                  {t('readiness.pointsOfSale')}
                </Text>
                {pointsOfSale.map((pos) => (
                  <Anchor
                    key={pos.id}
                    size="sm"
                    href={pointOfSaleDialog(pos.id)}
                    onClick={followLink}
                  >
                    {pos.name}
                  </Anchor>
                ))}
              </Stack>
            )}
          </Group>
        )}

        {items.length > 0 && (
          <div>
            <Text fw={600} size="sm" mb="xs">
              {t('readiness.items', { count: items.length })}
            </Text>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover verticalSpacing={6} data-testid="readiness-items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={48}>#</Table.Th>
                    <Table.Th>{t('common.name')}</Table.Th>
                    <Table.Th ta="right">{t('readiness.revenue')}</Table.Th>
                    <Table.Th ta="right">{t('readiness.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('readiness.bookings')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.slice(0, SHOWN).map((item, index) => (
                    <Table.Tr key={item.id}>
                      <Table.Td c="dimmed">{index + 1}</Table.Td>
                      <Table.Td>
                        <Anchor href={itemDialog(item.id)} onClick={followLink} size="sm">
                          {item.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right" className="numeric">
                        {formatDecimal(item.revenue, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" className="numeric">
                        {formatDecimal(item.quantity, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" className="numeric">
                        {item.bookings}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {items.length > SHOWN && (
              <Text size="sm" mt="xs">
                {t('readiness.more', { count: items.length - SHOWN })}{' '}
                <Anchor href={`${PATHS.tableEditing}?missing=1`} onClick={followLink} size="sm">
                  {t('readiness.openTableEditing')}
                </Anchor>
              </Text>
            )}
          </div>
        )}
      </Stack>
    </Section>
  );
}
