import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { Link, href } from '../../router';
import { useAction } from '../../useAction';
import { useAsync } from '../../useAsync';
import { Badge, Button, Card, DataTable, Empty, ErrorBanner, Field, Select, TextInput } from '../../ui';
import { SOURCE, display, loadSuggestions, nameSuggestions, qualified, suggestionOperation, type Database,
  type QualifiedName, type RelationshipMeta, type TableMeta } from './model';
import type { TableInfo } from './tableInfo';
import { loadTableInfo } from './tableInfo';

interface Listed {
  kind: 'object' | 'array';
  rel: RelationshipMeta;
}

/** What a relationship joins on, in words. */
function describeUsing(table: QualifiedName, rel: RelationshipMeta): string {
  const fk = rel.using.foreign_key_constraint_on;
  if (fk !== undefined) {
    if (typeof fk === 'string' || Array.isArray(fk)) return `${display(table)}.${[fk].flat().join(', ')} → foreign key`;
    return `${display(qualified(fk.table))}.${fk.columns?.join(', ') ?? fk.column} → ${display(table)}`;
  }
  const manual = rel.using.manual_configuration;
  if (manual) {
    return Object.entries(manual.column_mapping).map(([from, to]) => `${from} → ${display(qualified(manual.remote_table))}.${to}`).join(', ');
  }
  return '';
}

/** A table's relationships, the ones its foreign keys suggest, and a form for a manual one. */
export function Relationships({ db, table, meta, info, reload }: {
  db: Database; table: QualifiedName; meta?: TableMeta; info: TableInfo; reload: () => void;
}) {
  const client = useApi();
  const { busy, run: act } = useAction(reload);
  const suggestions = useAsync(() => loadSuggestions(client, [table]), [client, db, table.schema, table.name]);
  const named = useMemo(() => nameSuggestions(db, (suggestions.data ?? [])
    .filter((s) => s.from.table.schema === table.schema && s.from.table.name === table.name)), [db, suggestions.data, table]);
  const listed: Listed[] = [
    ...(meta?.object_relationships ?? []).map((rel) => ({ kind: 'object' as const, rel })),
    ...(meta?.array_relationships ?? []).map((rel) => ({ kind: 'array' as const, rel })),
  ];
  if (!meta) return <Empty title="This table is not tracked">Track it to give it relationships.</Empty>;

  return (
    <>
      <Card title={<>Relationships <Badge>{listed.length}</Badge></>}>
        <DataTable label="Relationships" rows={listed} rowKey={(l) => l.rel.name} dense
          empty={<Empty title="No relationships yet">Add a suggested one below, or define one by hand.</Empty>} columns={[
            { key: 'name', header: 'Name', render: (l) => <strong className="mono">{l.rel.name}</strong> },
            { key: 'kind', header: 'Type', render: (l) => <Badge kind={l.kind === 'object' ? 'info' : 'success'}>{l.kind}</Badge> },
            { key: 'using', header: 'On', render: (l) => <span className="mono muted">{describeUsing(table, l.rel)}</span> },
            { key: 'act', header: '', className: 'cell-actions', render: (l) => <Button size="small" kind="danger" busy={busy === `drop:${l.rel.name}`}
              onClick={() => act(`drop:${l.rel.name}`, () => client.metadata('pg_drop_relationship', {
                source: SOURCE, table, relationship: l.rel.name }), `Dropped ${l.rel.name}`)}>Drop</Button> },
          ]} />
      </Card>
      <Card title={<>Suggested <Badge>{named.length}</Badge></>} actions={named.length > 1 &&
        <Button kind="primary" busy={busy === 'all'} onClick={() => act('all', () => client.bulk(named.map((n) => suggestionOperation(n.suggestion, n.name))),
          `Added ${named.length} relationships`)}>Add all</Button>}>
        {suggestions.error !== undefined && <ErrorBanner error={suggestions.error} />}
        <DataTable label="Suggested relationships" rows={named} rowKey={(n) => n.name} dense
          empty={<p className="muted pad">No suggestions: every foreign key to or from a tracked table has its relationship.</p>} columns={[
            { key: 'name', header: 'Name', render: (n) => <strong className="mono">{n.name}</strong> },
            { key: 'kind', header: 'Type', render: (n) => <Badge kind={n.suggestion.type === 'object' ? 'info' : 'success'}>{n.suggestion.type}</Badge> },
            { key: 'to', header: 'To', render: (n) => <Link to={href('data', n.suggestion.to.table.schema, n.suggestion.to.table.name)} className="mono">{display(n.suggestion.to.table)}</Link> },
            { key: 'act', header: '', className: 'cell-actions', render: (n) => <Button size="small" busy={busy === `add:${n.name}`}
              onClick={() => act(`add:${n.name}`, () => client.metadata(suggestionOperation(n.suggestion, n.name).type,
                suggestionOperation(n.suggestion, n.name).args), `Added ${n.name}`)}>Add</Button> },
          ]} />
      </Card>
      <ManualRelationship db={db} table={table} info={info} reload={reload} />
    </>
  );
}

/** A relationship defined by a column mapping to any tracked table or view. */
function ManualRelationship({ db, table, info, reload }: { db: Database; table: QualifiedName; info: TableInfo; reload: () => void }) {
  const client = useApi();
  const action = useAction(reload);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'object' | 'array'>('object');
  const targets = db.tables.map((t) => `${t.table.schema}.${t.table.name}`);
  const [target, setTarget] = useState(targets[0] ?? '');
  const [mapping, setMapping] = useState<[string, string][]>([['', '']]);
  const [schema, remoteName] = target.split(/\.(.*)/s);
  const remote = useAsync(() => (target ? loadTableInfo(client, { schema, name: remoteName }) : Promise.resolve(undefined)), [client, target]);

  const create = () => action.run('create', async () => {
      await client.metadata(kind === 'object' ? 'pg_create_object_relationship' : 'pg_create_array_relationship', {
        source: SOURCE, table, name,
        using: { manual_configuration: { remote_table: { schema, name: remoteName },
          column_mapping: Object.fromEntries(mapping.filter(([a, b]) => a && b)) } },
      });
      setName('');
      setMapping([['', '']]);
    }, `Added ${name}`, true);

  return (
    <Card title="Add a relationship by hand">
      <div className="stack">
        {action.error !== undefined && <ErrorBanner error={action.error} />}
        <div className="row">
          <Field label="Name">{(id) => <TextInput id={id} value={name} placeholder="e.g. artist" onChange={(e) => setName(e.target.value)} />}</Field>
          <Field label="Type">{(id) => <Select id={id} value={kind} options={[{ value: 'object', label: 'object (one row)' }, { value: 'array', label: 'array (many rows)' }]}
            onChange={(e) => setKind(e.target.value as 'object' | 'array')} />}</Field>
          <Field label="Remote table">{(id) => <Select id={id} value={target} options={targets} onChange={(e) => setTarget(e.target.value)} />}</Field>
        </div>
        {mapping.map(([from, to], i) => (
          <div className="row" key={i}>
            <Select aria-label="From column" value={from} options={['', ...info.columns.map((c) => c.name)]}
              onChange={(e) => setMapping(mapping.map((m, j) => (j === i ? [e.target.value, m[1]] : m)))} />
            <span className="muted">→</span>
            <Select aria-label="To column" value={to} options={['', ...(remote.data?.columns ?? []).map((c) => c.name)]}
              onChange={(e) => setMapping(mapping.map((m, j) => (j === i ? [m[0], e.target.value] : m)))} />
            {i === mapping.length - 1 && <Button size="small" kind="ghost" onClick={() => setMapping([...mapping, ['', '']])}>+ Column</Button>}
          </div>
        ))}
        <div><Button kind="primary" busy={action.busy === 'create'} disabled={!name || !target || !mapping.some(([a, b]) => a && b)} onClick={create}>Add relationship</Button></div>
      </div>
    </Card>
  );
}
