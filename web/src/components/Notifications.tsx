import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Link } from 'react-router-dom';
import { useSubscription } from 'urql';
import { graphql } from '../gql';
import type { LiveNotificationsSubscription } from '../gql/graphql';
import { formatTime } from '../lib/format';

export const LiveNotificationsDoc = graphql(`
  subscription LiveNotifications {
    notifications {
      id
      kind
      datasetUrn
      at
      title
      detail
    }
  }
`);

export type LiveNotification = LiveNotificationsSubscription['notifications'];

/** Notifications kept for the list; older ones drop off. */
const KEPT = 50;
const TOAST_MS = 6000;

interface NotificationsApi {
  items: LiveNotification[];
  unseen: number;
  markSeen: () => void;
  /** Adds a listener for every notification that arrives; returns its removal. */
  listen: (listener: (n: LiveNotification) => void) => () => void;
}

const NotificationsContext = createContext<NotificationsApi | null>(null);

/** Calls `onChange` whenever a notification about `urn` arrives (the open dataset page refreshes with it). */
export function useDatasetNotifications(urn: string, onChange: (n: LiveNotification) => void): void {
  const api = useContext(NotificationsContext);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(
    () =>
      api?.listen((n) => {
        if (n.datasetUrn === urn) latest.current(n);
      }),
    [api, urn],
  );
}

/**
 * Live notifications for the signed-in user's groups (the gateway filters them): the newest as a toast, a
 * count of unseen ones on the bell (NotificationBell), and each one handed to the pages that listen.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<LiveNotification[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [toast, setToast] = useState<LiveNotification | null>(null);
  const listeners = useRef(new Set<(n: LiveNotification) => void>());
  const [{ data }] = useSubscription({ query: LiveNotificationsDoc });
  const arrived = data?.notifications;

  useEffect(() => {
    if (!arrived) return;
    setItems((kept) => (kept.some((n) => n.id === arrived.id) ? kept : [arrived, ...kept].slice(0, KEPT)));
    setUnseen((n) => n + 1);
    setToast(arrived);
    for (const listener of listeners.current) listener(arrived);
    const timer = setTimeout(() => setToast((t) => (t?.id === arrived.id ? null : t)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [arrived]);

  const markSeen = useCallback(() => setUnseen(0), []);
  const listen = useCallback((listener: (n: LiveNotification) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const api = useMemo(() => ({ items, unseen, markSeen, listen }), [items, unseen, markSeen, listen]);

  return (
    <NotificationsContext.Provider value={api}>
      {children}
      {toast && (
        <div className="toast" role="status" aria-live="polite" data-kind={toast.kind}>
          <strong>{toast.title}</strong>
          <span>{toast.detail}</span>
          <Link to={`/datasets/${encodeURIComponent(toast.datasetUrn)}`} onClick={() => setToast(null)}>
            Open
          </Link>
          <button type="button" aria-label="Dismiss" onClick={() => setToast(null)}>
            ×
          </button>
        </div>
      )}
    </NotificationsContext.Provider>
  );
}

/** The top bar's bell: how many notifications arrived unseen, and the recent ones behind it. */
export function NotificationBell() {
  const api = useContext(NotificationsContext);
  const [open, setOpen] = useState(false);
  if (!api) return null;
  const { items, unseen, markSeen } = api;
  return (
    <div className="notifications">
      <button
        type="button"
        className="bell"
        aria-expanded={open}
        aria-label={`Notifications, ${unseen} new`}
        onClick={() => {
          setOpen((o) => !o);
          markSeen();
        }}
      >
        Notifications
        {unseen > 0 && (
          <span className="count" data-testid="notification-count">
            {unseen}
          </span>
        )}
      </button>
      {open && (
        <ul className="notification-list" aria-label="Recent notifications">
          {items.length === 0 && <li>Nothing yet: notifications appear here as they happen.</li>}
          {items.map((n) => (
            <li key={n.id} data-kind={n.kind}>
              <Link to={`/datasets/${encodeURIComponent(n.datasetUrn)}`} onClick={() => setOpen(false)}>
                {n.title}
              </Link>
              <span>{n.detail}</span>
              <time dateTime={new Date(n.at).toISOString()}>{formatTime(n.at)}</time>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
