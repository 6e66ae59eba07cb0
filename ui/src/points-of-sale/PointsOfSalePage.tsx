import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { PointOfSale } from '../api/types';
import { Icon } from '../app/icons';
import { navigate, useLocation, withQuery } from '../app/router';
import { useUser } from '../auth/session';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../shared/page';
import { InterfaceNumber } from '../shared/StatusText';
import { useApi } from '../shared/use-api';
import { PointOfSaleDialog } from './PointOfSaleDialog';

export function PointsOfSalePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.pointsOfSale'));
  const { canEdit } = useUser();
  const { search } = useLocation();
  const points = useApi<{ pointsOfSale: PointOfSale[] }>('/points-of-sale');
  const list = points.data?.pointsOfSale ?? [];
  const openId = search.get('pointOfSale');
  const open = list.find((pos) => pos.id === openId) ?? null;

  const replace = (changed: PointOfSale) =>
    points.set({
      pointsOfSale: list.map((pos) =>
        pos.id === changed.id
          ? { ...pos, ...changed, registers: changed.registers ?? pos.registers }
          : pos,
      ),
    });

  return (
    <>
      <PageHeader title={t('nav.pointsOfSale')} description={t('pointsOfSale.description')} />
      <ErrorNotice error={points.error} retry={() => void points.reload()} />
      {points.loading && !points.data ? (
        <Loading />
      ) : (
        <div className="section-card" style={{ padding: 0 }}>
          <Table.ScrollContainer minWidth={600}>
            <Table
              highlightOnHover
              verticalSpacing="sm"
              horizontalSpacing="lg"
              data-testid="points-of-sale"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('common.name')}</Table.Th>
                  <Table.Th>{t('common.posId')}</Table.Th>
                  <Table.Th>{t('pointsOfSale.interfaceId')}</Table.Th>
                  <Table.Th>{t('pointsOfSale.registers')}</Table.Th>
                  <Table.Th w={120}>
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((pos) => (
                  <Table.Tr key={pos.id}>
                    <Table.Td fw={500}>{pos.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" ff="monospace">
                        {pos.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <InterfaceNumber value={pos.interfaceId} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {pos.registers.map((register) => register.name).join(', ') || '–'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<Icon name="edit" size={14} />}
                        onClick={() => navigate(withQuery('pointOfSale', pos.id))}
                        aria-label={t('common.editNamed', { name: pos.name })}
                      >
                        {canEdit ? t('common.edit') : t('common.show')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="lg">
                        {t('pointsOfSale.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      <PointOfSaleDialog
        pointOfSale={open}
        onClose={() => navigate(withQuery('pointOfSale', null))}
        onSaved={replace}
      />
    </>
  );
}
