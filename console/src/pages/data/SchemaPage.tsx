import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import { Link, href } from '../../router';
import { useAction } from '../../useAction';
import { useAsync } from '../../useAsync';
import { Badge, Button, Card, DataTable, Empty, ErrorBanner, Notice, PageHeader } from '../../ui';
import { SOURCE, display, findTable, isTracked, loadSuggestions, nameSuggestions, suggestionOperation, type Database,
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
  const tracked = relations.filter((o) => isTracked(db, o));
  const untrackedFunctions = functions.filter((o) => !isTracked(db, o));
  const suggestions = useAsync(() => loadSuggestions(client), [client, db]);
  const consistency = useAsync(() => client.metadata<{ inconsistent_objects: unknown[] }>('get_inconsistent_metadata', {}), [client, db]);
  const inconsistent = consistency.data?.inconsistent_objects.length ?? 0;
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

      {inconsistent > 0 && <Notice kind="warning">
        The metadata has {inconsistent} inconsistent object{inconsistent === 1 ? '' : 's'} that the API cannot serve. See them
        on the <Link to={href('metadata')}>Metadata</Link> page.</Notice>}
      {relations.length === 0 && <Card><Empty title="This schema has no tables or views yet">
        Create one on the <Link to={href('sql')}>SQL</Link> page; “Track this” puts it in the API at once.</Empty></Card>}
      {untracked.length > 0 && <Card title={<>Untracked tables and views <Badge>{untracked.length}</Badge></>}
        actions={<Button kind="primary" busy={busy === 'track-all'} onClick={() => track(untracked)}>Track all</Button>}>
        <DataTable label="Untracked tables" rows={untracked} rowKey={(o) => o.name} dense columns={[
              { key: 'name', header: 'Name', render: (o) => <span className="mono">{o.name}</span> },
              { key: 'kind', header: 'Kind', render: (o) => <Badge>{o.kind}</Badge> },
              { key: 'comment', header: 'Comment', render: (o) => <span className="muted">{o.comment}</span> },
              { key: 'act', header: '', className: 'cell-actions', render: (o) =>
                <Button size="small" busy={busy === `track:${o.name}`} onClick={() => track([o])}>Track</Button> },
            ]} />
      </Card>}

      {tracked.length > 0 && <Card title={<>Tracked <Badge kind="success">{tracked.length}</Badge></>}>
        <DataTable label="Tracked tables" rows={tracked} rowKey={(o) => o.name} dense columns={[
          { key: 'name', header: 'Name', render: (o) => <Link to={href('data', o.schema, o.name)} className="mono">{o.name}</Link> },
          { key: 'kind', header: 'Kind', render: (o) => <span className="row row-tight"><Badge>{o.kind}</Badge>{findTable(db, o)?.is_enum && <Badge kind="info">enum</Badge>}</span> },
          { key: 'rels', header: 'Relationships', render: (o) => {
            const t = findTable(db, o);
            const names = [...(t?.object_relationships ?? []), ...(t?.array_relationships ?? [])].map((r) => r.name);
            return names.length === 0 ? <span className="faint">none</span> : <span className="mono muted">{names.join(', ')}</span>;
          } },
          { key: 'comment', header: 'Comment', render: (o) => <span className="muted">{o.comment}</span> },
        ]} />
      </Card>}

      <Card title={<>Suggested relationships <Badge>{named.length}</Badge></>}
        actions={named.length > 0 && <Button kind="primary" busy={busy === 'rel-all'} onClick={() => addRelationships(named)}>Add all</Button>}>
        {suggestions.error !== undefined && <ErrorBanner error={suggestions.error} />}
        {named.length === 0
          ? <Empty compact title="No suggestions">Relationships are suggested for foreign keys between tracked tables that have none yet.</Empty>
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
          ? <Empty compact title="No functions in this schema">Functions returning a table's rows can be tracked as query fields.</Empty>
          : <DataTable label="Functions" rows={functions} rowKey={(o) => o.name} dense columns={[
              { key: 'name', header: 'Name', render: (o) => <span className="mono">{o.name}</span> },
              { key: 'state', header: 'Status', render: (o) => untrackedFunctions.includes(o) ? <Badge>untracked</Badge> : <Badge kind="success">tracked</Badge> },
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
