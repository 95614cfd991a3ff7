import { useState, type KeyboardEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import type { RunSqlResult } from '../../api/client';
import { describeError } from '../../api/errors';
import { Link, href } from '../../router';
import { Badge, Button, Card, DataTable, ErrorBanner, Notice, PageHeader, Switch, TextArea, useToast } from '../../ui';
import { SOURCE, display, type QualifiedName } from '../data/model';
import { createdFunctions, createdObjects } from './created';

interface Outcome {
  result: RunSqlResult;
  ms: number;
  /** What "Track this" tracked, and where each is seen: a table's own page, a function's schema. */
  tracked: { name: QualifiedName; to: string }[];
  untracked: { name: QualifiedName; why: unknown }[];
}

/** run_sql: a script in one transaction, its last statement's rows as a table, and what it created tracked. */
export default function SqlPage() {
  const client = useApi();
  const toast = useToast();
  const [sql, setSql] = useState('');
  const [cascade, setCascade] = useState(false);
  const [readOnly, setReadOnly] = useState(false);
  const [track, setTrack] = useState(true);
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!sql.trim()) return;
    setBusy(true);
    setError(undefined);
    const started = performance.now();
    try {
      const result = await client.runSql(sql, { cascade, readOnly });
      const ms = Math.round(performance.now() - started);
      const created = track && !readOnly ? createdObjects(sql) : [];
      if (created.length > 0) {
        await client.metadata('pg_track_tables', {
          tables: created.map((table) => ({ source: SOURCE, table })), allow_warnings: true,
        });
      }
      // A function is tracked when Hasura could serve it (it returns a table's rows); the others are said why not.
      const tracked = created.map((name) => ({ name, to: href('data', name.schema, name.name) }));
      const untracked: Outcome['untracked'] = [];
      for (const fn of track && !readOnly ? createdFunctions(sql) : []) {
        try {
          await client.metadata('pg_track_function', { source: SOURCE, function: fn });
          tracked.push({ name: fn, to: href('data', fn.schema) });
        } catch (why) {
          untracked.push({ name: fn, why });
        }
      }
      if (tracked.length > 0) toast.success(`Tracked ${tracked.map((t) => display(t.name)).join(', ')}`);
      setOutcome({ result, ms, tracked, untracked });
    } catch (e) {
      setOutcome(undefined);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  };
  const rows = outcome?.result.result ?? [];
  const header = rows[0] ?? [];

  return (
    <div className="page">
      <PageHeader title="SQL" subtitle="Run SQL on the database in one transaction. Schema changes are applied to the metadata: a dropped or renamed table takes its metadata with it." />
      <Card>
        <div className="stack">
          <TextArea aria-label="SQL" className="sql-editor" spellCheck={false} value={sql} onChange={(e) => setSql(e.target.value)} onKeyDown={keys}
            placeholder={'CREATE TABLE review (\n  id serial PRIMARY KEY,\n  album_id int REFERENCES album,\n  body text NOT NULL\n);'} />
          <div className="row">
            <Switch label="Track this" checked={track} onChange={setTrack} hint="Track the tables and views the script creates" />
            <Switch label="Cascade metadata" checked={cascade} onChange={setCascade} hint="Drop the metadata that depends on what the script drops" />
            <Switch label="Read only" checked={readOnly} onChange={setReadOnly} hint="Run in a READ ONLY transaction" />
            <span className="spacer" />
            <span className="faint small">Ctrl+Enter</span>
            <Button kind="primary" busy={busy} disabled={!sql.trim()} onClick={run}>Run</Button>
          </div>
        </div>
      </Card>
      {error !== undefined && <ErrorBanner error={error} title="The SQL failed; nothing was changed" />}
      {outcome && outcome.tracked.length > 0 && (
        <Notice kind="success">Tracked {outcome.tracked.map((t, i) => <span key={display(t.name)}>{i > 0 && ', '}
          <Link to={t.to} className="mono">{display(t.name)}</Link></span>)}.</Notice>
      )}
      {outcome && outcome.untracked.map((u) => (
        <Notice key={display(u.name)} kind="warning">The function <span className="mono">{display(u.name)}</span> was
          created but not tracked: {describeError(u.why)}</Notice>
      ))}
      {outcome && (
        <Card title={<>Result <Badge kind="success">{outcome.result.result_type}</Badge></>}
          actions={<span className="result-meta">{outcome.result.result_type === 'TuplesOk' ? `${Math.max(rows.length - 1, 0)} rows, ` : ''}{outcome.ms} ms</span>}>
          {outcome.result.result_type === 'TuplesOk'
            ? <DataTable label="Result" dense rows={rows.slice(1)} rowKey={(_, i) => String(i)} columns={header.map((h, i) => ({
                key: `${i}`, header: h, render: (row: (string | null)[]) => row[i] === null ? <span className="cell-null">null</span> : <span className="cell-value">{row[i]}</span>,
              }))} empty={<p className="muted pad">No rows.</p>} />
            : <p className="muted" style={{ margin: 0 }}>The statements ran.</p>}
        </Card>
      )}
    </div>
  );
}
