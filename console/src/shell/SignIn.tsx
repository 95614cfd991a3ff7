import { useState, type FormEvent } from 'react';
import { ApiClient, probe } from '../api/client';
import { describeError } from '../api/errors';
import { Button, Field, TextInput } from '../ui';

/** Asks for the admin secret; the engine checks it before the console opens. */
export function SignIn({ onSignedIn, initialError }: { onSignedIn: (client: ApiClient) => void; initialError?: string }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!secret) {
      setError('Enter the admin secret the engine was started with.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const client = new ApiClient(secret);
    try {
      if ((await probe(client)) === 'ok') {
        onSignedIn(client);
        return;
      }
      setError('That admin secret is not the one the engine was started with.');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit}>
        <div className="brand brand-large"><span className="brand-mark" aria-hidden="true" />Quarry</div>
        <p className="signin-text">
          This engine asks for its admin secret: the value it was started with in <code>--admin-secret</code> or{" "}
          <code>HASURA_GRAPHQL_ADMIN_SECRET</code>. It is kept for this browser tab only.
        </p>
        <Field label="Admin secret" error={error}>
          {(id) => <TextInput id={id} type="password" autoFocus autoComplete="current-password" value={secret}
            onChange={(e) => setSecret(e.target.value)} placeholder="x-hasura-admin-secret" />}
        </Field>
        <Button kind="primary" type="submit" busy={busy} className="signin-submit">Sign in</Button>
      </form>
    </div>
  );
}
