import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { PriceLevel } from '../api/types';
import { Icon } from '../app/icons';
import { navigate, useLocation, withQuery } from '../app/router';
import { useUser } from '../auth/session';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../shared/page';
import { InterfaceNumber } from '../shared/StatusText';
import { useApi } from '../shared/use-api';
import { PriceLevelDialog } from './PriceLevelDialog';

export function PriceLevelsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.priceLevels'));
  const { canEdit } = useUser();
  const { search } = useLocation();
  const levels = useApi<{ priceLevels: PriceLevel[] }>('/price-levels');
  const list = levels.data?.priceLevels ?? [];
  const openId = search.get('priceLevel');
  const open = list.find((level) => level.id === openId) ?? null;

  const replace = (changed: PriceLevel) =>
    levels.set({ priceLevels: list.map((level) => (level.id === changed.id ? changed : level)) });

  return (
    <>
      <PageHeader title={t('nav.priceLevels')} description={t('priceLevels.description')} />
      <ErrorNotice error={levels.error} retry={() => void levels.reload()} />
      {levels.loading && !levels.data ? (
        <Loading />
      ) : (
        <div className="section-card" style={{ padding: 0 }}>
          <Table.ScrollContainer minWidth={520}>
            <Table
              highlightOnHover
              verticalSpacing="sm"
              horizontalSpacing="lg"
              data-testid="price-levels"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('common.name')}</Table.Th>
                  <Table.Th>{t('common.posId')}</Table.Th>
                  <Table.Th>{t('priceLevels.abbreviation')}</Table.Th>
                  <Table.Th w={120}>
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((level) => (
                  <Table.Tr key={level.id}>
                    <Table.Td fw={500}>{level.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" ff="monospace">
                        {level.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <InterfaceNumber value={level.exportAbbreviation} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<Icon name="edit" size={14} />}
                        onClick={() => navigate(withQuery('priceLevel', level.id))}
                        aria-label={t('common.editNamed', { name: level.name })}
                      >
                        {canEdit ? t('common.edit') : t('common.show')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {list.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Text c="dimmed" ta="center" py="lg">
                        {t('priceLevels.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      <PriceLevelDialog
        level={open}
        onClose={() => navigate(withQuery('priceLevel', null))}
        onSaved={replace}
      />
    </>
  );
}
