import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

import { api, ApiError, setCsrfToken, whenUnauthorized } from '../api/client';
import type { Role, SessionAnswer } from '../api/types';

export interface User {
  name: string;
  role: Role;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: User };

interface SessionApi {
  state: SessionState;
  logIn(name: string, password: string): Promise<void>;
  logOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signIn = useCallback((answer: SessionAnswer) => {
    setCsrfToken(answer.csrfToken);
    setState({ status: 'signed-in', user: answer.user });
  }, []);

  useEffect(() => {
    whenUnauthorized(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', expired: true });
    });
    api
      .get<SessionAnswer>('/session')
      .then(signIn)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
        setState({ status: 'signed-out', expired: false });
      });

    return () => whenUnauthorized(null);
  }, [signIn]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      async logIn(name, password) {
        signIn(await api.post<SessionAnswer>('/login', { name, password }));
      },
      async logOut() {
        try {
          await api.post('/logout');
        } finally {
          setCsrfToken(null);
          setState({ status: 'signed-out', expired: false });
        }
      },
    }),
    [state, signIn],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only pages behind the login call it. */
export function useUser(): User & { canEdit: boolean } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return { ...state.user, canEdit: state.user.role === 'admin' };
}
