import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * A router of a few lines: the History API plus a subscription. The app has eight pages and no
 * nested layouts, so a routing library would bring more than it saves.
 */

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return window.location.pathname + window.location.search + window.location.hash;
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  hash: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);

  return { pathname: url.pathname, search: url.searchParams, hash: url.hash.slice(1) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/** An onClick for an `<a href>`: plain left clicks stay in the app, others open as usual. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (event.currentTarget.target && event.currentTarget.target !== '_self') return;
  if (event.currentTarget.hasAttribute('download')) return;

  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

/** Sets or clears one query parameter of the current address, e.g. the open dialog. */
export function withQuery(name: string, value: string | null): string {
  const url = new URL(snapshot(), window.location.origin);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  url.hash = '';

  return url.pathname + url.search;
}
