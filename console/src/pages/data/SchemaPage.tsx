import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import { Link, href } from '../../router';
import { useAction } from '../../useAction';
import { useAsync } from '../../useAsync';
import { Badge, Button, Card, DataTable, Empty, ErrorBanner, PageHeader } from '../../ui';
import { SOURCE, display, isTracked, loadSuggestions, nameSuggestions, suggestionOperation, type Database,
  type DbObject } from './model';

/** A schema: what is tracked, what could be, and the relationships its foreign keys suggest. */
export function SchemaPage({ db, schema, reload, refreshing }: {
  db: Database; schema: string; reload: () => void; refreshing: boolean;
}) {
  const client = useApi();
  const { busy, run: act } = useAction(reload);
  const objects = db.objects.filter((o) => o.schema === schema);
  const relations = objects.filter((o) => o.kind !== 'function');
  const functions = objects.filter((o) => o.kind === 'function');
  const untracked = relations.filter((o) => !isTracked(db, o));
  const untrackedFunctions = functions.filter((o) => !isTracked(db, o));
  const suggestions = useAsync(() => loadSuggestions(client), [client, db]);
  const named = useMemo(() => nameSuggestions(db, (suggestions.data ?? [])
    .filter((s) => s.from.table.schema === schema || s.to.table.schema === schema)), [db, suggestions.data, schema]);

  const track = (items: DbObject[]) => act(items.length === 1 ? `track:${items[0].name}` : 'track-all',
    () => client.metadata('pg_track_tables', {
      tables: items.map((o) => ({ source: SOURCE, table: { schema: o.schema, name: o.name } })),
      allow_warnings: true,
    }), items.length === 1 ? `Tracked ${display(items[0])}` : `Tracked ${items.length} tables and views`);
  const trackFunction = (f: DbObject) => act(`fn:${f.name}`, () => client.metadata('pg_track_function', {
    source: SOURCE, function: { schema: f.schema, name: f.name },
  }), `Tracked the function ${display(f)}`);
  const addRelationships = (items: typeof named) => act(items.length === 1 ? `rel:${items[0].name}:${items[0].suggestion.from.table.name}` : 'rel-all',
    () => client.bulk(items.map((i) => suggestionOperation(i.suggestion, i.name))),
    items.length === 1 ? `Added the relationship ${items[0].name}` : `Added ${items.length} relationships`);

  return (
    <>
      <PageHeader title={<>Schema <span className="mono-title">{schema}</span></>}
        subtitle="Track tables, views and functions to put them in the GraphQL API; accept the relationships their foreign keys suggest."
        actions={<Button kind="ghost" onClick={reload} busy={refreshing}>Refresh</Button>} />

      <Card title={<>Untracked tables and views <Badge>{untracked.length}</Badge></>}
        actions={untracked.length > 0 && <Button kind="primary" busy={busy === 'track-all'} onClick={() => track(untracked)}>Track all</Button>}>
        {untracked.length === 0
          ? <Empty title="Every table and view is tracked">
              {relations.length === 0 ? <>This schema has no tables yet. Create one on the <Link to={href('sql')}>SQL</Link> page.</> : 'Open one on the left to browse its rows.'}
            </Empty>
          : <DataTable label="Untracked tables" rows={untracked} rowKey={(o) => o.name} dense columns={[
              { key: 'name', header: 'Name', render: (o) => <span className="mono">{o.name}</span> },
              { key: 'kind', header: 'Kind', render: (o) => <Badge>{o.kind}</Badge> },
              { key: 'comment', header: 'Comment', render: (o) => <span className="muted">{o.comment}</span> },
              { key: 'act', header: '', className: 'cell-actions', render: (o) =>
                <Button size="small" busy={busy === `track:${o.name}`} onClick={() => track([o])}>Track</Button> },
            ]} />}
      </Card>

      <Card title={<>Suggested relationships <Badge>{named.length}</Badge></>}
        actions={named.length > 0 && <Button kind="primary" busy={busy === 'rel-all'} onClick={() => addRelationships(named)}>Add all</Button>}>
        {suggestions.error !== undefined && <ErrorBanner error={suggestions.error} />}
        {named.length === 0
          ? <Empty title="No suggestions">Relationships are suggested for foreign keys between tracked tables that have none yet.</Empty>
          : <DataTable label="Suggested relationships" rows={named} dense
              rowKey={(i) => `${display(i.suggestion.from.table)}.${i.name}`} columns={[
              { key: 'from', header: 'Table', render: (i) => <span className="mono">{display(i.suggestion.from.table)}</span> },
              { key: 'name', header: 'Name', render: (i) => <strong className="mono">{i.name}</strong> },
              { key: 'type', header: 'Type', render: (i) => <Badge kind={i.suggestion.type === 'object' ? 'info' : 'success'}>{i.suggestion.type}</Badge> },
              { key: 'on', header: 'On', render: (i) => <span className="mono muted">
                {display(i.suggestion.from.table)}.{i.suggestion.from.columns.join(', ')} → {display(i.suggestion.to.table)}.{i.suggestion.to.columns.join(', ')}</span> },
              { key: 'act', header: '', className: 'cell-actions', render: (i) =>
                <Button size="small" busy={busy === `rel:${i.name}:${i.suggestion.from.table.name}`} onClick={() => addRelationships([i])}>Add</Button> },
            ]} />}
      </Card>

      <Card title={<>Functions <Badge>{functions.length}</Badge></>}>
        {functions.length === 0
          ? <Empty title="No functions in this schema">Functions returning a table's rows can be tracked as query fields.</Empty>
          : <DataTable label="Functions" rows={functions} rowKey={(o) => o.name} dense columns={[
              { key: 'name', header: 'Name', render: (o) => <span className="mono">{o.name}</span> },
              { key: 'state', header: '', render: (o) => untrackedFunctions.includes(o) ? <Badge>untracked</Badge> : <Badge kind="success">tracked</Badge> },
              { key: 'comment', header: 'Comment', render: (o) => <span className="muted">{o.comment}</span> },
              { key: 'act', header: '', className: 'cell-actions', render: (o) => untrackedFunctions.includes(o)
                ? <Button size="small" busy={busy === `fn:${o.name}`} onClick={() => trackFunction(o)}>Track</Button>
                : <Button size="small" kind="ghost" onClick={() => act(`fn:${o.name}`, () => client.metadata('pg_untrack_function', {
                    source: SOURCE, function: { schema: o.schema, name: o.name } }), `Untracked ${display(o)}`)}>Untrack</Button> },
            ]} />}
      </Card>
    </>
  );
}
