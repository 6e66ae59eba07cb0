import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Item } from '../api/types';
import { Icon } from '../app/icons';
import { PATHS } from '../app/paths';
import { followLink, navigate, useLocation, withQuery } from '../app/router';
import { useUser } from '../auth/session';
import { formatPercent } from '../shared/format';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../shared/page';
import { InterfaceNumber } from '../shared/StatusText';
import { useApi } from '../shared/use-api';
import { ItemDialog } from './ItemDialog';
import { matchesSearch } from './table-editing/grid-model';

const PAGE_SIZE = 50;

type Filter = 'all' | 'missing' | 'excluded';

export function ItemsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.items'));
  const { canEdit } = useUser();
  const { search: query } = useLocation();
  const items = useApi<{ items: Item[] }>('/items');
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search);
  const list = useMemo(() => items.data?.items ?? [], [items.data]);

  const shown = useMemo(
    () =>
      list.filter(
        (item) =>
          (filter === 'all' ||
            (filter === 'missing' && !item.interfaceNo && !item.excluded) ||
            (filter === 'excluded' && item.excluded)) &&
          matchesSearch(item, deferredSearch),
      ),
    [list, filter, deferredSearch],
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  useEffect(() => setPage(1), [filter, deferredSearch]);

  const openId = query.get('item');
  const open = list.find((item) => item.id === openId) ?? null;
  const replace = (changed: Item) =>
    items.set({ items: list.map((item) => (item.id === changed.id ? changed : item)) });
  const missing = list.filter((item) => !item.interfaceNo && !item.excluded).length;

  return (
    <>
      <PageHeader
        title={t('nav.items')}
        description={t('items.description')}
        actions={
          <Button
            component="a"
            href={PATHS.tableEditing}
            onClick={followLink}
            variant="light"
            leftSection={<Icon name="table" />}
          >
            {t('nav.tableEditing')}
          </Button>
        }
      />
      <ErrorNotice error={items.error} retry={() => void items.reload()} />
      <Group mb="md" gap="md" wrap="wrap">
        <TextInput
          label={t('common.search')}
          placeholder={t('items.searchPlaceholder')}
          leftSection={<Icon name="search" size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={320}
        />
        <div>
          <Text size="sm" fw={500} mb={4} id="items-filter-label">
            {t('common.show')}
          </Text>
          <SegmentedControl
            aria-labelledby="items-filter-label"
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            data={[
              { value: 'all', label: t('items.filterAll', { count: list.length }) },
              { value: 'missing', label: t('items.filterMissing', { count: missing }) },
              { value: 'excluded', label: t('items.filterExcluded') },
            ]}
          />
        </div>
      </Group>
      {items.loading && !items.data ? (
        <Loading />
      ) : (
        <div className="section-card" style={{ padding: 0 }}>
          <Table.ScrollContainer minWidth={700}>
            <Table highlightOnHover verticalSpacing="xs" horizontalSpacing="lg" data-testid="items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('items.itemNo')}</Table.Th>
                  <Table.Th>{t('common.name')}</Table.Th>
                  <Table.Th>{t('items.vatRate')}</Table.Th>
                  <Table.Th>{t('items.interfaceNo')}</Table.Th>
                  <Table.Th>{t('items.relevance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm" c="dimmed" ff="monospace">
                        {item.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={withQuery('item', item.id)}
                        onClick={followLink}
                        size="sm"
                        fw={500}
                        aria-label={
                          canEdit ? t('common.editNamed', { name: item.name }) : item.name
                        }
                      >
                        {item.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="numeric">
                      {formatPercent(item.vatRate, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      {item.excluded && !item.interfaceNo ? (
                        <Text size="sm" c="dimmed">
                          –
                        </Text>
                      ) : (
                        <InterfaceNumber value={item.interfaceNo} />
                      )}
                    </Table.Td>
                    <Table.Td>
                      {item.excluded && (
                        <Badge variant="light" color="gray" size="sm">
                          {t('items.excludedShort')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {shown.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="lg">
                        {t('items.none')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      {pages > 1 && (
        <Group justify="space-between" mt="md">
          <Text size="sm" c="dimmed">
            {t('items.shown', { count: shown.length })}
          </Text>
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({
              'aria-label':
                control === 'next'
                  ? t('common.next')
                  : control === 'previous'
                    ? t('common.previous')
                    : control,
            })}
          />
        </Group>
      )}
      <ItemDialog item={open} onClose={() => navigate(withQuery('item', null))} onSaved={replace} />
    </>
  );
}
