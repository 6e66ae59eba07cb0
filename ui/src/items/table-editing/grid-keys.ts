/**
 * Where a key moves the active cell of the table editing grid, as a spreadsheet does it. Pure,
 * so the movement can be tested without a browser. Row -1 is the heading row.
 */

export interface Cell {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows a Page Up/Down moves: about one screen. */
  page: number;
}

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
}

/** The next cell for a movement key; null when the key moves nothing (or Tab leaves the grid). */
export function moveFor(press: KeyPress, cell: Cell, size: GridSize): Cell | null {
  const { row, col } = cell;
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;

  switch (press.key) {
    case 'ArrowDown':
      return { row: Math.min(lastRow, row + 1), col };
    case 'ArrowUp':
      return { row: Math.max(-1, row - 1), col };
    case 'ArrowRight':
      return { row, col: Math.min(lastCol, col + 1) };
    case 'ArrowLeft':
      return { row, col: Math.max(0, col - 1) };
    case 'PageDown':
      return { row: Math.min(lastRow, Math.max(0, row) + size.page), col };
    case 'PageUp':
      return { row: Math.max(0, row - size.page), col };
    case 'Home':
      return press.ctrlKey ? { row: 0, col: 0 } : { row, col: 0 };
    case 'End':
      return press.ctrlKey ? { row: lastRow, col: lastCol } : { row, col: lastCol };
    case 'Tab':
      return tabTarget(cell, press.shiftKey, size);
    default:
      return null;
  }
}

/** Tab goes right and wraps to the next row; at either end of the grid it lets the focus leave. */
export function tabTarget(cell: Cell, backwards: boolean, size: GridSize): Cell | null {
  const col = cell.col + (backwards ? -1 : 1);
  if (col >= 0 && col < size.cols) return { row: cell.row, col };

  const row = cell.row + (backwards ? -1 : 1);
  if (row < 0 || row >= size.rows) return null;
  return { row, col: backwards ? size.cols - 1 : 0 };
}

/** A key that types a character, which starts editing with it (as in a spreadsheet). */
export function isTyping(press: KeyPress & { metaKey: boolean; altKey: boolean }): boolean {
  return press.key.length === 1 && !press.ctrlKey && !press.metaKey && !press.altKey;
}
