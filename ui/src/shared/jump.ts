/**
 * Scrolls to a section, moves the keyboard focus into its first field and briefly outlines it,
 * so a checklist entry leads straight to the place where the gap is fixed.
 */
export function jumpTo(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;

  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
  const field = target.querySelector<HTMLElement>(
    'input:not([type=hidden]), textarea, select, button',
  );
  field?.focus({ preventScroll: true });

  target.classList.remove('highlight-target');
  void target.offsetWidth;
  target.classList.add('highlight-target');
}
