import { describe, expect, it } from 'vitest';

import { isTyping, moveFor } from './grid-keys';

const size = { rows: 100, cols: 6, page: 10 };
const press = (key: string, modifiers: { shiftKey?: boolean; ctrlKey?: boolean } = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  ...modifiers,
});

describe('moving in the table editing grid', () => {
  it('arrow keys move one cell and stop at the edges, up to the heading row', () => {
    expect(moveFor(press('ArrowDown'), { row: 99, col: 3 }, size)).toEqual({ row: 99, col: 3 });
    expect(moveFor(press('ArrowUp'), { row: 0, col: 3 }, size)).toEqual({ row: -1, col: 3 });
    expect(moveFor(press('ArrowRight'), { row: 4, col: 5 }, size)).toEqual({ row: 4, col: 5 });
  });

  it('Tab goes right, wraps to the next row, and lets the focus leave at the last cell', () => {
    expect(moveFor(press('Tab'), { row: 4, col: 5 }, size)).toEqual({ row: 5, col: 0 });
    expect(moveFor(press('Tab', { shiftKey: true }), { row: 5, col: 0 }, size)).toEqual({
      row: 4,
      col: 5,
    });
    expect(moveFor(press('Tab'), { row: 99, col: 5 }, size)).toBeNull();
  });

  it('Page Down moves a screen, Ctrl+End to the last cell', () => {
    expect(moveFor(press('PageDown'), { row: 95, col: 3 }, size)).toEqual({ row: 99, col: 3 });
    expect(moveFor(press('End', { ctrlKey: true }), { row: 3, col: 3 }, size)).toEqual({
      row: 99,
      col: 5,
    });
  });

  it('a printable key types, a shortcut does not', () => {
    expect(isTyping({ ...press('7'), metaKey: false, altKey: false })).toBe(true);
    expect(isTyping({ ...press('v', { ctrlKey: true }), metaKey: false, altKey: false })).toBe(
      false,
    );
    expect(moveFor(press('x'), { row: 1, col: 1 }, size)).toBeNull();
  });
});
