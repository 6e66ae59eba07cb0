import { useCallback, useEffect, useRef, useState } from 'react';

import { api } from '../api/client';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
  /** Replaces the data after a change the server has confirmed, without asking again. */
  set(data: T): void;
}

/**
 * Loads one GET answer and keeps it. With `refreshMs` it asks again at that interval while the
 * tab is visible; an earlier answer stays on screen while a newer one is on its way.
 */
export function useApi<T>(path: string | null, options: { refreshMs?: number } = {}): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const current = useRef(path);
  current.current = path;

  const load = useCallback(async () => {
    if (path === null) return;
    setLoading(true);
    try {
      const answer = await api.get<T>(path);
      if (current.current !== path) return;
      setData(answer);
      setError(null);
    } catch (failure) {
      if (current.current === path) setError(failure);
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (!options.refreshMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, options.refreshMs);

    return () => window.clearInterval(timer);
  }, [load, options.refreshMs]);

  return { data, error, loading, reload: load, set: setData };
}
