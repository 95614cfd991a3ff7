import './workers';
// GraphiQL's own styles without style.css's copy of Monaco's (its editor modules bring them) and inlined fonts.
import '@graphiql/react/style.css';
import '@graphiql/plugin-doc-explorer/style.css';
import '@graphiql/plugin-history/style.css';
import 'graphiql/graphiql.css';
import '@graphiql/plugin-explorer/style.css';
import './api.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL, HISTORY_PLUGIN, type GraphiQLProps } from 'graphiql';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAsync } from '../../useAsync';
import { Badge, Button } from '../../ui';
import { allRoles, type ExportedMetadata } from '../permissions/model';
import { Analyze, type Operation } from './Analyze';
import { RoleBar } from './RoleBar';
import { loadSession, roleHeaders, storeSession, type RoleSession } from './session';
import { isSubscription, socketHeaders, socketUrl, Subscriptions } from './subscriptions';

type Fetcher = GraphiQLProps['fetcher'];

const DEFAULT_QUERY = `# Write a query, or build one
# with the Explorer (on the left).
#   Ctrl-Space  completes
#   Ctrl-Enter  runs it
#
# Pick a role above to see the API
# as that role sees it; Analyze
# shows the SQL and its plan.
`;

const plugins = [explorerPlugin({ showAttribution: false }), HISTORY_PLUGIN];

function parseVariables(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text || !text.trim()) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function parseHeaders(text: string | null | undefined): Record<string, string> {
  const parsed = parseVariables(text);
  return parsed ? Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), String(v)])) : {};
}

/** GraphiQL on /v1/graphql, with the explorer, query history, a role switcher and Analyze. */
export default function ApiPage({ route }: { route: string[] }) {
  void route;
  const client = useApi();
  const metadata = useAsync(() => client.metadata<ExportedMetadata>('export_metadata', {}), [client]);
  const roles = useMemo(() => (metadata.data ? allRoles(metadata.data) : []), [metadata.data]);
  const [session, setSession] = useState<RoleSession>(loadSession);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  useEffect(() => {
    storeSession(session);
  }, [session]);
  const current = useRef<{ query: string; variables?: string | null; headers?: string | null; operationName?: string | null }>({ query: '' });
  const [analyzing, setAnalyzing] = useState<{ operation: Operation; headers: Record<string, string>; role: string }>();

  // Subscriptions run over the engine's WebSocket; the page's sockets close with it.
  const subscriptions = useMemo(() => new Subscriptions(socketUrl(window.location)), []);
  useEffect(() => () => subscriptions.close(), [subscriptions]);
  // Another role: running subscriptions go on over a socket with its headers (once the role's name stops changing,
  // as it does while typed).
  useEffect(() => {
    const timer = setTimeout(() => subscriptions.restart(), 300);
    return () => clearTimeout(timer);
  }, [subscriptions, session.role]);

  // The fetcher changes with the role only, so that GraphiQL reads the role's schema again; session variables are
  // read when a request goes out, or a subscription's socket opens.
  const role = session.role;
  const fetcher = useCallback<Fetcher>(async (params, options) => {
    const headers = () => ({ ...client.adminHeaders(), ...roleHeaders(sessionRef.current), ...(options?.headers ?? {}) });
    if (isSubscription(params.query, params.operationName, options?.documentAST)) {
      return subscriptions.subscribe(params, () => socketHeaders(headers()));
    }
    const response = await fetch('/v1/graphql', { method: 'POST', headers: headers(), body: JSON.stringify(params) });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `The engine answered HTTP ${response.status} with something other than JSON.` }] };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, role, subscriptions]);

  const analyze = () => {
    const { query, variables, headers, operationName } = current.current;
    setAnalyzing({
      operation: { query, variables: parseVariables(variables), operationName: operationName ?? undefined },
      headers: { ...roleHeaders(session), ...parseHeaders(headers) },
      role: session.role || 'admin',
    });
  };

  return (
    <div className="api-page">
      <RoleBar session={session} roles={roles} onChange={setSession} actions={<>
        {session.role !== 'admin' && <Badge kind="info" title="The admin secret goes along, so the engine lets the request pick its role">
          as {session.role || '…'}</Badge>}
        <Button kind="primary" onClick={analyze} title="Show the SQL and Postgres's plan of the current query">Analyze</Button>
      </>} />
      <div className="graphiql-host">
        <GraphiQL fetcher={fetcher} plugins={plugins} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled
          shouldPersistHeaders={false} defaultEditorToolsVisibility="headers"
          onTabChange={(tabs) => {
            const tab = tabs.tabs[tabs.activeTabIndex];
            if (tab) current.current = { query: tab.query ?? '', variables: tab.variables, headers: tab.headers, operationName: tab.operationName };
          }}
          onEditQuery={(query) => { current.current = { ...current.current, query }; }}
          onEditVariables={(variables) => { current.current = { ...current.current, variables }; }}
          onEditHeaders={(headers) => { current.current = { ...current.current, headers }; }}
          onEditOperationName={(operationName) => { current.current = { ...current.current, operationName }; }}>
          <GraphiQL.Logo><span className="graphiql-brand">GraphiQL <span className="faint">/v1/graphql</span></span></GraphiQL.Logo>
        </GraphiQL>
      </div>
      {analyzing && <Analyze operation={analyzing.operation} headers={analyzing.headers} role={analyzing.role}
        onClose={() => setAnalyzing(undefined)} />}
    </div>
  );
}
