import { useId, useState, type FormEvent } from 'react';
import { useAuth } from '../auth/AuthContext';

/** Paste an API key; the gateway checks it (GET /api/v1/identity) before the UI keeps it for this tab. */
export function SignIn({ reason }: { reason?: string | undefined }) {
  const { signIn } = useAuth();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const helpId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setProblem('Paste an API key first.');
      return;
    }
    setBusy(true);
    setProblem(null);
    const refusal = await signIn(trimmed);
    setBusy(false);
    if (refusal)
      setProblem(typeof refusal === 'string' ? refusal : `${refusal.message} (${refusal.error_code})`);
  }

  return (
    <main className="signin" id="main">
      <form
        className="card signin-card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby={`${inputId}-title`}
      >
        <h1 id={`${inputId}-title`}>Sign in to DataSpoke</h1>
        {reason && (
          <p className="notice" role="status">
            {reason}
          </p>
        )}
        <label htmlFor={inputId}>API key</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby={helpId}
          aria-invalid={problem ? true : undefined}
          autoFocus
        />
        <p id={helpId} className="hint">
          The embedded default writes an admin key to <code>$DATASPOKE_DATA_DIR/admin.key</code> on its first
          start. The key is kept only for this browser tab.
        </p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
