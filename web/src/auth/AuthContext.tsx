import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createApiClient } from '../lib/client';
import { fetchIdentity, storedKey, storeKey, type ApiError, type Identity } from './identity';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; identity: Identity; key: string | null };

interface AuthApi {
  state: AuthState;
  /** Checks `key` with the gateway; on success keeps it for this tab and signs in. Returns the refusal. */
  signIn: (key: string) => Promise<ApiError | string | null>;
  signOut: (reason?: string) => void;
  retry: () => void;
}

const AuthContext = createContext<AuthApi | null>(null);

export function useAuth(): AuthApi {
  const api = useContext(AuthContext);
  if (!api) throw new Error('useAuth outside AuthProvider');
  return api;
}

/** The signed-in identity; only for components rendered behind the sign-in gate. */
export function useIdentity(): Identity {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useIdentity before sign-in');
  return state.identity;
}

interface Props {
  children: ReactNode;
  /** Tests pass a mocked urql client; the app builds one per API key. */
  client?: Client;
  /** Tests start signed in without asking the gateway. */
  initial?: AuthState;
}

/**
 * Holds the sign-in state and the urql client that sends the key. On start it asks the gateway who the stored
 * key (or no key) is: a gateway started with `--open` answers for anyone, so there is no sign-in page then.
 */
export function AuthProvider({ children, client: fixedClient, initial }: Props) {
  const [state, setState] = useState<AuthState>(initial ?? { status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback((reason?: string) => {
    storeKey(null);
    setState(reason ? { status: 'signed-out', reason } : { status: 'signed-out' });
  }, []);

  useEffect(() => {
    if (initial) return;
    let cancelled = false;
    const key = storedKey();
    void fetchIdentity(key).then((result) => {
      if (cancelled) return;
      if (result.kind === 'ok') setState({ status: 'signed-in', identity: result.identity, key });
      else if (result.kind === 'refused') {
        storeKey(null);
        setState(
          key
            ? { status: 'signed-out', reason: `Your API key was refused: ${result.error.message}` }
            : { status: 'signed-out' },
        );
      } else setState({ status: 'unreachable', message: result.message });
    });
    return () => {
      cancelled = true;
    };
  }, [attempt, initial]);

  const signIn = useCallback(async (key: string) => {
    const result = await fetchIdentity(key);
    if (result.kind === 'ok') {
      storeKey(key);
      setState({ status: 'signed-in', identity: result.identity, key });
      return null;
    }
    return result.kind === 'refused' ? result.error : result.message;
  }, []);

  const key = state.status === 'signed-in' ? state.key : null;
  const client = useMemo(
    () =>
      fixedClient ??
      createApiClient(key, () => signOut('The gateway refused your API key (it may have been revoked).')),
    [fixedClient, key, signOut],
  );
  const api = useMemo<AuthApi>(
    () => ({ state, signIn, signOut, retry: () => setAttempt((n) => n + 1) }),
    [state, signIn, signOut],
  );
  return (
    <AuthContext.Provider value={api}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </AuthContext.Provider>
  );
}
