import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, probe } from './api/client';
import { ApiProvider } from './api/ApiContext';
import { storedSecret, storeSecret } from './api/session';
import { describeError } from './api/errors';
import { href, navigate, useRoute } from './router';
import { Shell, SECTIONS } from './shell/Shell';
import { SignIn } from './shell/SignIn';
import { Button, Empty, Loading, ToastProvider } from './ui';
import DataPage from './pages/data/DataPage';
import SqlPage from './pages/sql/SqlPage';
import MetadataPage from './pages/metadata/MetadataPage';

// GraphiQL is large: the API page (and the permissions editor) load when first opened, not with the console.
const PermissionsPage = lazy(() => import('./pages/permissions/PermissionsPage'));
const ApiPage = lazy(() => import('./pages/api/ApiPage'));

type Gate =
  | { state: 'checking' }
  | { state: 'signin'; error?: string }
  | { state: 'unreachable'; error: string }
  | { state: 'ready'; client: ApiClient };

/** Opens the console: with the remembered secret if it still works, else the sign-in screen when one is needed. */
function useGate(): [Gate, (client: ApiClient) => void, () => void, () => void] {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const check = useCallback(() => {
    setGate({ state: 'checking' });
    const remembered = storedSecret();
    const client = new ApiClient(remembered);
    probe(client).then(
      (answer) => {
        if (answer === 'ok') setGate({ state: 'ready', client });
        else {
          storeSecret(undefined);
          setGate({ state: 'signin', error: remembered ? 'The remembered admin secret no longer works.' : undefined });
        }
      },
      (e) => setGate({ state: 'unreachable', error: describeError(e) }),
    );
  }, []);
  useEffect(check, [check]);
  const signIn = useCallback((client: ApiClient) => {
    storeSecret(client.secret);
    setGate({ state: 'ready', client });
  }, []);
  const signOut = useCallback(() => {
    storeSecret(undefined);
    setGate({ state: 'signin' });
  }, []);
  return [gate, signIn, signOut, check];
}

function Page({ section, route }: { section: string; route: string[] }): ReactNode {
  switch (section) {
    case 'data': return <DataPage route={route} />;
    case 'permissions': return <PermissionsPage route={route} />;
    case 'sql': return <SqlPage />;
    case 'api': return <ApiPage route={route} />;
    case 'metadata': return <MetadataPage />;
    default: return <Empty title="No such page" action={<Button onClick={() => navigate(href('data'))}>Go to Data</Button>}>
      The console has no page at this address.</Empty>;
  }
}

export function App() {
  const [gate, signIn, signOut, retry] = useGate();
  const route = useRoute();
  const section = route[0] ?? '';
  useEffect(() => {
    if (section === '') navigate(href('data'), true);
  }, [section]);
  const [version, setVersion] = useState<string>();
  const client = gate.state === 'ready' ? gate.client : undefined;
  useEffect(() => {
    client?.version().then(setVersion, () => setVersion(undefined));
  }, [client]);
  const session = useMemo(() => client && { client, signOut: client.secret ? signOut : undefined }, [client, signOut]);

  if (gate.state === 'checking') return <div className="fullscreen"><Loading what="Connecting to the engine" /></div>;
  if (gate.state === 'unreachable') {
    return (
      <div className="fullscreen">
        <Empty title="The engine did not answer" action={<Button kind="primary" onClick={retry}>Try again</Button>}>
          {gate.error}
        </Empty>
      </div>
    );
  }
  if (gate.state === 'signin' || !session) return <SignIn onSignedIn={signIn} initialError={gate.state === 'signin' ? gate.error : undefined} />;
  const known = SECTIONS.some((s) => s.id === section);
  return (
    <ApiProvider value={session}>
      <ToastProvider>
        <Shell section={section} version={version}>
          <Suspense fallback={<Loading what="Loading the page" />}>
            <Page section={known ? section : section || 'data'} route={route.slice(1)} />
          </Suspense>
        </Shell>
      </ToastProvider>
    </ApiProvider>
  );
}
