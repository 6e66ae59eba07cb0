import {
  Alert,
  Button,
  FileButton,
  Group,
  Kbd,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, ApiError } from '../../api/client';
import { describeError, rowOf, translateProblem } from '../../api/problems';
import type { Item } from '../../api/types';
import { Icon } from '../../app/icons';
import { useLocation } from '../../app/router';
import { useUser } from '../../auth/session';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../../shared/page';
import { useApi } from '../../shared/use-api';
import { itemsToCsv, readItemsCsv } from './csv';
import {
  changesToSave,
  effective,
  isMissing,
  pasteColumn,
  viewRows,
  withChange,
  type Draft,
  type Sort,
  type SortKey,
} from './grid-model';
import { ItemGrid, type ItemGridHandle } from './ItemGrid';

type Notice =
  | { kind: 'saved'; count: number }
  | { kind: 'rejected'; count: number }
  | { kind: 'failed'; text: string }
  | { kind: 'pasted'; applied: number; overflow: number }
  | { kind: 'imported'; changed: number; unknown: string[]; skipped: number };

export function TableEditingPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.tableEditing'));
  const { canEdit } = useUser();
  const { search: query } = useLocation();
  const items = useApi<{ items: Item[] }>('/items');
  const list = useMemo(() => items.data?.items ?? [], [items.data]);
  const [drafts, setDrafts] = useState<ReadonlyMap<string, Draft>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [search, setSearch] = useState('');
  const [missingOnly, setMissingOnly] = useState(query.get('missing') === '1');
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'ascending' });
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const gridRef = useRef<ItemGridHandle>(null);
  const deferredSearch = useDeferredValue(search);

  const rows = useMemo(
    () => viewRows(list, { search: deferredSearch, missingOnly, sort }),
    [list, deferredSearch, missingOnly, sort],
  );
  const missing = useMemo(() => list.filter(isMissing).length, [list]);
  const dirty = drafts.size;

  useEffect(() => {
    if (dirty === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (item: Item, draft: Draft) => {
    setDrafts((previous) => withChange(previous, item, draft));
    if (errors.has(item.id)) {
      setErrors((previous) => {
        const next = new Map(previous);
        next.delete(item.id);
        return next;
      });
    }
  };

  const paste = (start: number, values: string[]) => {
    const result = pasteColumn(rows, start, values, drafts);
    setDrafts(result.drafts);
    setNotice({ kind: 'pasted', applied: result.applied, overflow: result.overflow });
  };

  const toggleSort = (key: SortKey) =>
    setSort((previous) => ({
      key,
      direction:
        previous.key === key && previous.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  const save = async () => {
    const changes = changesToSave(list, drafts);
    if (changes.length === 0) return;
    setSaving(true);
    setNotice(null);
    try {
      const answer = await api.put<{ updated?: number }>('/items/interface-numbers', {
        items: changes,
      });
      const byId = new Map(changes.map((saved) => [saved.id, saved]));
      items.set({ items: list.map((item) => ({ ...item, ...byId.get(item.id) })) });
      setDrafts(new Map());
      setErrors(new Map());
      setNotice({ kind: 'saved', count: answer?.updated ?? changes.length });
    } catch (error) {
      const rowErrors = errorsByRow(error, changes, t);
      if (rowErrors.size > 0) {
        setErrors(rowErrors);
        setNotice({ kind: 'rejected', count: rowErrors.size });
        const first = rows.findIndex((row) => rowErrors.has(row.id));
        if (first >= 0) gridRef.current?.focusRow(first);
      } else {
        setNotice({ kind: 'failed', text: describeError(error, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDrafts(new Map());
    setErrors(new Map());
    setNotice(null);
  };

  const exportCsv = () => {
    const csv = itemsToCsv(
      list.map((item) => effective(item, drafts.get(item.id))),
      {
        id: t('items.itemNo'),
        name: t('common.name'),
        vatRate: t('items.vatRate'),
        interfaceNo: t('items.interfaceNo'),
        excluded: t('items.excluded'),
        yes: t('common.yes'),
        no: t('common.no'),
      },
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${t('tableEditing.exportFile')}-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importCsv = async (file: File | null) => {
    if (!file) return;
    const result = readItemsCsv(await file.text(), new Set(list.map((item) => item.id)));
    const byId = new Map(list.map((item) => [item.id, item]));
    let next = new Map(drafts);
    let changed = 0;
    for (const [id, values] of result.changes) {
      const item = byId.get(id)!;
      const before = effective(item, next.get(id));
      next = withChange(next, item, values);
      const after = effective(item, next.get(id));
      if (before.interfaceNo !== after.interfaceNo || before.excluded !== after.excluded)
        changed += 1;
    }
    setDrafts(next);
    setNotice({
      kind: 'imported',
      changed,
      unknown: result.unknownIds,
      skipped: result.skippedLines,
    });
  };

  return (
    <>
      <PageHeader
        title={t('nav.tableEditing')}
        description={t('tableEditing.description')}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<Icon name="download" />}
              onClick={exportCsv}
              disabled={list.length === 0}
            >
              {t('tableEditing.export')}
            </Button>
            {canEdit && (
              <FileButton
                onChange={(file) => void importCsv(file)}
                accept=".csv,text/csv,text/plain"
              >
                {(props) => (
                  <Button {...props} variant="default" leftSection={<Icon name="upload" />}>
                    {t('tableEditing.import')}
                  </Button>
                )}
              </FileButton>
            )}
          </>
        }
      />
      <ErrorNotice error={items.error} retry={() => void items.reload()} />

      <Group justify="space-between" align="flex-end" mb="sm" gap="md" wrap="wrap">
        <Group align="flex-end" gap="lg" wrap="wrap">
          <TextInput
            label={t('common.search')}
            placeholder={t('items.searchPlaceholder')}
            leftSection={<Icon name="search" size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={300}
          />
          <Switch
            label={t('tableEditing.missingOnly', { count: missing })}
            checked={missingOnly}
            onChange={(event) => setMissingOnly(event.currentTarget.checked)}
            mb={8}
          />
        </Group>
        <Group gap="sm" align="center">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('tableEditing.counts', { shown: rows.length, total: list.length })}
            {dirty > 0 && ` · ${t('tableEditing.dirty', { count: dirty })}`}
          </Text>
          {canEdit && (
            <>
              <Button variant="default" onClick={discard} disabled={dirty === 0 || saving}>
                {t('tableEditing.discard')}
              </Button>
              <Button onClick={() => void save()} loading={saving} disabled={dirty === 0}>
                {dirty > 0 ? t('tableEditing.saveCount', { count: dirty }) : t('common.save')}
              </Button>
            </>
          )}
        </Group>
      </Group>

      <div aria-live="polite">
        {notice && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
      </div>

      {items.loading && !items.data ? (
        <Loading />
      ) : (
        <ItemGrid
          ref={gridRef}
          rows={rows}
          drafts={drafts}
          errors={errors}
          canEdit={canEdit}
          sort={sort}
          onSort={toggleSort}
          onChange={change}
          onPaste={paste}
          label={t('nav.tableEditing')}
          height="max(380px, calc(100vh - 330px))"
        />
      )}
      <KeyboardHelp key={i18n.language} />
    </>
  );
}

/** `items[3].interfaceNo` names the fourth item sent; its message goes into that item's row. */
function errorsByRow(
  error: unknown,
  sent: ReadonlyArray<{ id: string }>,
  t: Parameters<typeof translateProblem>[1],
): Map<string, string> {
  const result = new Map<string, string>();
  if (!(error instanceof ApiError)) return result;

  for (const problem of error.problems) {
    const index = rowOf(problem);
    const id = index === null ? undefined : sent[index]?.id;
    if (!id) continue;
    const text = translateProblem(problem.message, t);
    result.set(id, result.has(id) ? `${result.get(id)} ${text}` : text);
  }

  return result;
}

function NoticeAlert({ notice, onClose }: { notice: Notice; onClose(): void }) {
  const { t } = useTranslation();
  const common = {
    variant: 'light' as const,
    mb: 'sm',
    withCloseButton: true,
    onClose,
    closeButtonLabel: t('common.close'),
  };

  switch (notice.kind) {
    case 'saved':
      return (
        <Alert {...common} color="green" role="status" data-testid="table-notice">
          {t('tableEditing.saved', { count: notice.count })}
        </Alert>
      );
    case 'rejected':
      return (
        <Alert {...common} color="red" role="alert" data-testid="table-notice">
          {t('tableEditing.rejected', { count: notice.count })}
        </Alert>
      );
    case 'failed':
      return (
        <Alert {...common} color="red" role="alert" data-testid="table-notice">
          {notice.text}
        </Alert>
      );
    case 'pasted':
      return (
        <Alert {...common} color="blue" role="status" data-testid="table-notice">
          {t('tableEditing.pasted', { count: notice.applied })}
          {notice.overflow > 0 && ` ${t('tableEditing.pasteOverflow', { count: notice.overflow })}`}
        </Alert>
      );
    case 'imported':
      return (
        <Alert
          {...common}
          color={notice.unknown.length > 0 ? 'orange' : 'blue'}
          role="status"
          data-testid="table-notice"
        >
          {t('tableEditing.imported', { count: notice.changed })}
          {notice.unknown.length > 0 &&
            ` ${t('tableEditing.importUnknown', { count: notice.unknown.length, ids: notice.unknown.slice(0, 5).join(', ') })}`}
          {notice.skipped > 0 && ` ${t('tableEditing.importSkipped', { count: notice.skipped })}`}
        </Alert>
      );
  }
}

function KeyboardHelp() {
  const { t } = useTranslation();

  return (
    <Group
      gap="lg"
      mt="sm"
      c="dimmed"
      wrap="wrap"
      component="p"
      style={{ fontSize: 'var(--mantine-font-size-xs)' }}
    >
      <span>
        <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> <Kbd size="xs">←</Kbd> <Kbd size="xs">→</Kbd>{' '}
        <Kbd size="xs">Tab</Kbd> {t('tableEditing.keys.move')}
      </span>
      <span>
        <Kbd size="xs">Enter</Kbd> / <Kbd size="xs">F2</Kbd> {t('tableEditing.keys.edit')}
      </span>
      <span>
        <Kbd size="xs">Esc</Kbd> {t('tableEditing.keys.cancel')}
      </span>
      <span>
        <Kbd size="xs">Space</Kbd> {t('tableEditing.keys.toggle')}
      </span>
      <Tooltip label={t('tableEditing.keys.pasteHelp')} multiline w={320}>
        <span tabIndex={0}>
          <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">V</Kbd> {t('tableEditing.keys.paste')}
        </span>
      </Tooltip>
    </Group>
  );
}
