import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { ReconciliationView } from '../api/types';
import { Icon } from '../app/icons';
import { formatDecimal } from '../shared/format';
import { Section } from '../shared/page';

/** POS total = booked + rejected + not transmitted + left out, for quantity and amount. */
export function Reconciliation({ reconciliation }: { reconciliation: ReconciliationView }) {
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
