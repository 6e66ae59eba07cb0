import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { useTranslation } from 'react-i18next';

import type { Item } from '../../api/types';
import { formatPercent } from '../../shared/format';
import {
  effective,
  splitClipboard,
  type Draft,
  type Drafts,
  type Sort,
  type SortKey,
} from './grid-model';
import { isTyping, moveFor, tabTarget, type Cell } from './grid-keys';
import './grid.css';

const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 42;

type ColumnKey = SortKey | 'status';

interface Column {
  key: ColumnKey;
  width: string;
  editable?: 'text' | 'toggle';
  align?: 'end';
}

const COLUMNS: Column[] = [
  { key: 'id', width: '140px' },
  { key: 'name', width: 'minmax(220px, 2fr)' },
  { key: 'vatRate', width: '96px', align: 'end' },
  { key: 'interfaceNo', width: 'minmax(180px, 1fr)', editable: 'text' },
  { key: 'excluded', width: '132px', editable: 'toggle' },
  { key: 'status', width: 'minmax(200px, 1.4fr)' },
];
const INTERFACE_NO = COLUMNS.findIndex((column) => column.key === 'interfaceNo');
/** Below this the grid scrolls sideways instead of squeezing the columns. */
const MIN_WIDTH = 980;
const TEMPLATE = COLUMNS.map((column) => column.width).join(' ');

export interface ItemGridHandle {
  /** Moves the active cell to a row (in view order) and scrolls it into view. */
  focusRow(row: number): void;
}

export interface PasteOutcome {
  applied: number;
  overflow: number;
}

interface Props {
  rows: readonly Item[];
  drafts: Drafts;
  errors: ReadonlyMap<string, string>;
  canEdit: boolean;
  sort: Sort;
  onSort(key: SortKey): void;
  onChange(item: Item, change: Draft): void;
  onPaste(start: number, values: string[]): void;
  label: string;
  height: number | string;
  ref?: Ref<ItemGridHandle>;
}

/**
 * A spreadsheet-like grid over every item, virtualised so 20,000 rows stay smooth. The grid
 * element keeps the keyboard focus and points at the active cell with aria-activedescendant, so
 * the focus survives rows being recycled while scrolling. Arrow keys, Tab, Enter, Home/End and
 * Page Up/Down move; typing or F2 edits the interface no.; Space toggles "not relevant"; a
 * column pasted from a spreadsheet fills the rows from the active one down.
 */
export function ItemGrid({
  rows,
  drafts,
  errors,
  canEdit,
  sort,
  onSort,
  onChange,
  onPaste,
  label,
  height,
  ref,
}: Props) {
  const { t, i18n } = useTranslation();
  const prefix = useId().replace(/:/g, '');
  const gridRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Cell>({ row: 0, col: INTERFACE_NO });
  const [editing, setEditing] = useState<{ value: string } | null>(null);
  const editingRef = useRef(editing);
  editingRef.current = editing;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const cellId = (cell: Cell) => `${prefix}-r${cell.row}-c${cell.col}`;
  const clampRow = useCallback(
    (row: number) => Math.max(-1, Math.min(rows.length - 1, row)),
    [rows.length],
  );

  // The active row may vanish when the filter or the search changes.
  useEffect(() => {
    setActive((cell) =>
      cell.row >= rows.length ? { ...cell, row: Math.max(0, rows.length - 1) } : cell,
    );
  }, [rows.length]);

  const moveTo = useCallback(
    (cell: Cell) => {
      const next = {
        row: clampRow(cell.row),
        col: Math.max(0, Math.min(COLUMNS.length - 1, cell.col)),
      };
      setActive(next);
      if (next.row >= 0) virtualizer.scrollToIndex(next.row, { align: 'auto' });
      else gridRef.current?.scrollTo({ top: 0 });
    },
    [clampRow, virtualizer],
  );

  useImperativeHandle(ref, () => ({
    focusRow(row) {
      moveTo({ row, col: INTERFACE_NO });
      gridRef.current?.focus({ preventScroll: true });
    },
  }));

  const focusGrid = () => gridRef.current?.focus({ preventScroll: true });

  const startEditing = (initial: string | null) => {
    const item = rows[active.row];
    if (!canEdit || !item || COLUMNS[active.col]?.editable !== 'text') return;
    const current = effective(item, drafts.get(item.id)).interfaceNo ?? '';
    setEditing({ value: initial ?? current });
  };

  /** Takes the editor's value; a blur towards another control leaves the focus where it went. */
  const commit = (move: Cell | null, refocus = true) => {
    const value = editingRef.current?.value;
    const item = rows[active.row];
    if (value === undefined || !item) return;
    editingRef.current = null;
    setEditing(null);
    onChange(item, { interfaceNo: value });
    if (move) moveTo(move);
    if (refocus) focusGrid();
  };

  const cancel = () => {
    editingRef.current = null;
    setEditing(null);
    focusGrid();
  };

  const toggle = (row: number) => {
    const item = rows[row];
    if (!canEdit || !item) return;
    onChange(item, { excluded: !effective(item, drafts.get(item.id)).excluded });
  };

  const size = () => ({
    rows: rows.length,
    cols: COLUMNS.length,
    page: Math.max(
      1,
      Math.floor(((gridRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1,
    ),
  });

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || event.target !== gridRef.current) return;
    const column = COLUMNS[active.col]!;
    const { row, col } = active;
    const handled = () => event.preventDefault();

    const target = moveFor(event, active, size());
    if (target) {
      handled();
      return moveTo(target);
    }

    if (row === -1) {
      if ((event.key === 'Enter' || event.key === ' ') && column.key !== 'status') {
        handled();
        onSort(column.key);
      }
      return;
    }

    if (column.editable === 'toggle' && (event.key === ' ' || event.key === 'Enter')) {
      handled();
      toggle(row);
      if (event.key === 'Enter') moveTo({ row: row + 1, col });
      return;
    }
    if (column.editable !== 'text' || !canEdit) return;

    if (event.key === 'Enter' || event.key === 'F2') {
      handled();
      startEditing(null);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      handled();
      const item = rows[row];
      if (item) onChange(item, { interfaceNo: null });
    } else if (isTyping(event)) {
      handled();
      startEditing(event.key);
    }
  };

  const onEditorKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    const { row, col } = active;
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        return commit({ row: row + (event.shiftKey ? -1 : 1), col });
      case 'Tab':
        event.preventDefault();
        return commit(tabTarget(active, event.shiftKey, size()) ?? active);
      case 'ArrowDown':
        event.preventDefault();
        return commit({ row: row + 1, col });
      case 'ArrowUp':
        event.preventDefault();
        return commit({ row: row - 1, col });
      case 'Escape':
        event.preventDefault();
        return cancel();
    }
  };

  const paste = (event: ClipboardEvent<HTMLElement>) => {
    const text = event.clipboardData.getData('text/plain');
    const multiLine = /[\r\n]/.test(text.replace(/[\r\n]+$/, ''));
    if (editing && !multiLine) return; // a single value goes into the open editor as usual
    if (!canEdit || active.row < 0 || text === '') return;

    event.preventDefault();
    event.stopPropagation();
    setEditing(null);
    editingRef.current = null;
    onPaste(active.row, splitClipboard(text));
    setActive({ row: active.row, col: INTERFACE_NO });
    focusGrid();
  };

  const copy = (event: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const item = rows[active.row];
    const key = COLUMNS[active.col]?.key;
    if (!item || !key || key === 'status') return;
    const value = effective(item, drafts.get(item.id))[key];
    event.clipboardData.setData(
      'text/plain',
      typeof value === 'boolean' ? (value ? t('common.yes') : t('common.no')) : (value ?? ''),
    );
    event.preventDefault();
  };

  const heading = (column: Column): string =>
    column.key === 'status' ? t('tableEditing.status') : t(`tableEditing.columns.${column.key}`);

  const virtualRows = virtualizer.getVirtualItems();

  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={cellId(active)}
      aria-multiselectable="false"
      aria-readonly={!canEdit}
      tabIndex={0}
      className="item-grid"
      style={{ height, ['--grid-template' as string]: TEMPLATE }}
      onKeyDown={onGridKeyDown}
      onPaste={paste}
      onCopy={copy}
      data-testid="item-grid"
    >
      <div
        role="rowgroup"
        className="item-grid__head"
        style={{ height: HEADER_HEIGHT, minWidth: MIN_WIDTH }}
      >
        <div role="row" aria-rowindex={1} className="item-grid__row item-grid__row--head">
          {COLUMNS.map((column, col) => {
            const sorted = sort.key === column.key;
            const isActive = active.row === -1 && active.col === col;
            return (
              <div
                key={column.key}
                id={cellId({ row: -1, col })}
                role="columnheader"
                aria-colindex={col + 1}
                aria-sort={sorted ? sort.direction : column.key === 'status' ? undefined : 'none'}
                className={`item-grid__cell${isActive ? ' is-active' : ''}${column.align ? ' is-end' : ''}`}
                onMouseDown={() => setActive({ row: -1, col })}
              >
                {column.key === 'status' ? (
                  heading(column)
                ) : (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="item-grid__sort"
                    onClick={() => {
                      onSort(column.key as SortKey);
                      focusGrid();
                    }}
                  >
                    {heading(column)}
                    <span aria-hidden="true" className="item-grid__sort-mark">
                      {sorted ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>

      <div
        role="rowgroup"
        style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: MIN_WIDTH }}
      >
        {virtualRows.map((virtualRow) => {
          const saved = rows[virtualRow.index]!;
          const draft = drafts.get(saved.id);
          const item = effective(saved, draft);
          const error = errors.get(saved.id);
          const dirty = draft !== undefined;
          const rowClass = [
            'item-grid__row',
            dirty && 'is-dirty',
            error && 'has-error',
            active.row === virtualRow.index && 'is-active-row',
          ]
            .filter(Boolean)
            .join(' ');

          return (
            <div
              key={saved.id}
              role="row"
              aria-rowindex={virtualRow.index + 2}
              className={rowClass}
              data-item-id={saved.id}
              data-dirty={dirty || undefined}
              style={{
                height: ROW_HEIGHT,
                transform: `translateY(${virtualRow.start - virtualizer.options.scrollMargin}px)`,
              }}
            >
              {COLUMNS.map((column, col) => {
                const cell = { row: virtualRow.index, col };
                const isActive = active.row === cell.row && active.col === col;
                const isEditing = isActive && editing !== null && column.editable === 'text';
                return (
                  <div
                    key={column.key}
                    id={cellId(cell)}
                    role="gridcell"
                    aria-colindex={col + 1}
                    aria-readonly={!column.editable || !canEdit}
                    aria-invalid={column.key === 'interfaceNo' && error ? true : undefined}
                    className={`item-grid__cell${isActive ? ' is-active' : ''}${column.align ? ' is-end' : ''}${isEditing ? ' is-editing' : ''}`}
                    data-column={column.key}
                    onMouseDown={(event) => {
                      if (isEditing) return;
                      if (editingRef.current) commit(null);
                      event.preventDefault();
                      setActive(cell);
                      focusGrid();
                    }}
                    onDoubleClick={() => column.editable === 'text' && startEditing(null)}
                  >
                    {isEditing ? (
                      <input
                        className="item-grid__editor"
                        ref={focusAtEnd}
                        aria-label={`${t('items.interfaceNo')}: ${item.name}`}
                        value={editing.value}
                        maxLength={64}
                        onChange={(event) => setEditing({ value: event.currentTarget.value })}
                        onKeyDown={onEditorKeyDown}
                        onBlur={() => commit(null, false)}
                        onPaste={paste}
                      />
                    ) : (
                      <CellContent
                        column={column.key}
                        item={item}
                        dirty={dirty}
                        error={error}
                        language={i18n.language}
                        onToggle={() => {
                          setActive(cell);
                          toggle(cell.row);
                          focusGrid();
                        }}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
      {rows.length === 0 && <div className="item-grid__empty">{t('tableEditing.noRows')}</div>}
    </div>
  );
}

/** Focuses the editor once, with the caret after the text (typing started it, or F2 did). */
function focusAtEnd(input: HTMLInputElement | null): void {
  if (!input || document.activeElement === input) return;
  input.focus({ preventScroll: true });
  input.setSelectionRange(input.value.length, input.value.length);
}

function CellContent({
  column,
  item,
  dirty,
  error,
  language,
  onToggle,
}: {
  column: ColumnKey;
  item: Item;
  dirty: boolean;
  error: string | undefined;
  language: string;
  onToggle(): void;
}) {
  const { t } = useTranslation();

  switch (column) {
    case 'id':
      return <span className="item-grid__mono item-grid__muted">{item.id}</span>;
    case 'name':
      return (
        <span className="item-grid__text" title={item.name}>
          {item.name}
        </span>
      );
    case 'vatRate':
      return <span className="item-grid__numeric">{formatPercent(item.vatRate, language)}</span>;
    case 'interfaceNo':
      if (item.interfaceNo) return <span className="item-grid__mono">{item.interfaceNo}</span>;
      return item.excluded ? (
        <span className="item-grid__muted">–</span>
      ) : (
        <span className="item-grid__missing">{t('common.missing')}</span>
      );
    case 'excluded':
      return (
        <span
          className={`item-grid__check${item.excluded ? ' is-checked' : ''}`}
          onMouseDown={(event) => {
            event.preventDefault();
            event.stopPropagation();
            onToggle();
          }}
        >
          <span aria-hidden="true" className="item-grid__box">
            {item.excluded && (
              <svg
                viewBox="0 0 24 24"
                width="14"
                height="14"
                fill="none"
                stroke="currentColor"
                strokeWidth="3"
              >
                <path d="M4 12l5 5L20 6" />
              </svg>
            )}
          </span>
          <span className="visually-hidden">
            {item.excluded ? t('common.yes') : t('common.no')}
          </span>
        </span>
      );
    case 'status':
      if (error)
        return (
          <span className="item-grid__error" data-testid="row-error">
            {error}
          </span>
        );
      return dirty ? <span className="item-grid__changed">{t('tableEditing.changed')}</span> : null;
  }
}
