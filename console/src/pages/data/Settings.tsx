import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { href, navigate } from '../../router';
import { useAction } from '../../useAction';
import { Badge, Button, Card, ConfirmDialog, DataTable, ErrorBanner, Field, Select, Switch, TextInput } from '../../ui';
import { SOURCE, display, qualified, type Database, type QualifiedName, type TableMeta } from './model';
import { baseName, rootField } from './names';
import type { TableInfo } from './tableInfo';

const ROOT_FIELDS = ['select', 'select_by_pk', 'select_aggregate', 'insert', 'insert_one', 'update', 'update_by_pk',
  'delete', 'delete_by_pk'] as const;

/** Custom GraphQL names, the enum flag, computed fields, and untracking. */
export function Settings({ db, table, meta, info, reload }: {
  db: Database; table: QualifiedName; meta?: TableMeta; info: TableInfo; reload: () => void;
}) {
  const client = useApi();
  const [confirmUntrack, setConfirmUntrack] = useState(false);
  const { busy, run: act } = useAction(reload);
  if (!meta) return <p className="muted">This table is not tracked.</p>;

  return (
    <>
      <CustomNames table={table} meta={meta} info={info} reload={reload} />
      <Card title="Enum table">
        <div className="row">
          <Switch label="Expose this table's values as a GraphQL enum" checked={meta.is_enum ?? false}
            onChange={(on) => act('enum', () => client.metadata('pg_set_table_is_enum', { source: SOURCE, table, is_enum: on }),
              on ? 'The table is an enum' : 'The table is no longer an enum')} />
          <span className="muted">Needs a single-column text primary key; columns referencing it then take the enum's values.</span>
        </div>
      </Card>
      <ComputedFields db={db} table={table} meta={meta} reload={reload} />
      <Card title="Untrack">
        <div className="row">
          <span className="spacer muted">Removes {display(table)} from the API with its relationships and permissions; the table and its rows stay in the database.</span>
          <Button kind="danger" onClick={() => setConfirmUntrack(true)}>Untrack {info.kind}</Button>
        </div>
      </Card>
      {confirmUntrack && <ConfirmDialog title={`Untrack ${display(table)}?`} confirmLabel="Untrack" busy={busy === 'untrack'}
        onCancel={() => setConfirmUntrack(false)}
        onConfirm={async () => {
          if (await act('untrack', () => client.metadata('pg_untrack_table', { source: SOURCE, table, cascade: true }), `Untracked ${display(table)}`)) {
            navigate(href('data', table.schema));
          }
        }}>
        Its relationships, permissions and those of other tables that point to it are dropped too.
      </ConfirmDialog>}
    </>
  );
}

function CustomNames({ table, meta, info, reload }: { table: QualifiedName; meta: TableMeta; info: TableInfo; reload: () => void }) {
  const client = useApi();
  const action = useAction(reload);
  const config = meta.configuration ?? {};
  const [customName, setCustomName] = useState(config.custom_name ?? '');
  const [roots, setRoots] = useState<Record<string, string>>(Object.fromEntries(ROOT_FIELDS.map((f) => {
    const v = config.custom_root_fields?.[f];
    return [f, typeof v === 'string' ? v : v?.name ?? ''];
  })));
  const [columns, setColumns] = useState<Record<string, string>>(Object.fromEntries(info.columns.map((c) =>
    [c.name, config.column_config?.[c.name]?.custom_name ?? config.custom_column_names?.[c.name] ?? ''])));
  const preview = { ...meta, configuration: { custom_name: customName || undefined } };

  const save = () => action.run('save', async () => {
    const columnConfig: Record<string, { custom_name?: string; comment?: string }> = {};
    for (const c of info.columns) {
      const existing = config.column_config?.[c.name];
      const entry = { ...(existing?.comment ? { comment: existing.comment } : {}), ...(columns[c.name] ? { custom_name: columns[c.name] } : {}) };
      if (Object.keys(entry).length > 0) columnConfig[c.name] = entry;
    }
    await client.metadata('pg_set_table_customization', {
        source: SOURCE, table,
        configuration: {
          ...(config.comment ? { comment: config.comment } : {}),
          ...(customName ? { custom_name: customName } : {}),
          custom_root_fields: Object.fromEntries(Object.entries(roots).filter(([, v]) => v)),
          column_config: columnConfig,
        },
      });
  }, 'Saved the GraphQL names', true);

  return (
    <Card title="GraphQL names" actions={<Button kind="primary" busy={action.busy === 'save'} onClick={save}>Save names</Button>}>
      <div className="stack">
        {action.error !== undefined && <ErrorBanner error={action.error} title="The names were not saved" />}
        <Field label="Custom table name" hint={`Renames the table's type and its default root fields (now ${baseName(table, meta)}).`}>
          {(id) => <TextInput id={id} value={customName} placeholder={baseName(table)} onChange={(e) => setCustomName(e.target.value)} />}
        </Field>
        <h3>Root fields</h3>
        <div className="grid-3">
          {ROOT_FIELDS.map((f) => (
            <Field key={f} label={f}>
              {(id) => <TextInput id={id} value={roots[f]} placeholder={rootField(table, preview, f)} onChange={(e) => setRoots({ ...roots, [f]: e.target.value })} />}
            </Field>
          ))}
        </div>
        <h3>Column fields</h3>
        <div className="grid-3">
          {info.columns.map((c) => (
            <Field key={c.name} label={<span className="mono">{c.name}</span>}>
              {(id) => <TextInput id={id} value={columns[c.name]} placeholder={c.name} onChange={(e) => setColumns({ ...columns, [c.name]: e.target.value })} />}
            </Field>
          ))}
        </div>
      </div>
    </Card>
  );
}

function ComputedFields({ db, table, meta, reload }: { db: Database; table: QualifiedName; meta: TableMeta; reload: () => void }) {
  const client = useApi();
  const action = useAction(reload);
  const functions = db.objects.filter((o) => o.kind === 'function');
  const [name, setName] = useState('');
  const [fn, setFn] = useState(functions[0] ? `${functions[0].schema}.${functions[0].name}` : '');
  const fields = meta.computed_fields ?? [];

  const run = (key: string, type: string, args: Record<string, unknown>, done: string) =>
    action.run(key, () => client.metadata(type, { source: SOURCE, table, ...args }), done, true);
  const [schema, fnName] = fn.split(/\.(.*)/s);

  return (
    <Card title={<>Computed fields <Badge>{fields.length}</Badge></>}>
      <div className="stack">
        {action.error !== undefined && <ErrorBanner error={action.error} />}
        <DataTable label="Computed fields" rows={fields} rowKey={(f) => f.name} dense
          empty={<p className="muted pad">None yet. A computed field is a function that takes this table's row.</p>} columns={[
            { key: 'name', header: 'Name', render: (f) => <strong className="mono">{f.name}</strong> },
            { key: 'fn', header: 'Function', render: (f) => <span className="mono">{display(qualified(f.definition.function))}</span> },
            { key: 'act', header: '', className: 'cell-actions', render: (f) => <Button size="small" kind="danger" busy={action.busy === f.name}
              onClick={() => run(f.name, 'pg_drop_computed_field', { name: f.name }, `Dropped ${f.name}`)}>Drop</Button> },
          ]} />
        <div className="row">
          <Field label="Name">{(id) => <TextInput id={id} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
          <Field label="Function">{(id) => <Select id={id} value={fn} options={functions.map((f) => `${f.schema}.${f.name}`)} onChange={(e) => setFn(e.target.value)} />}</Field>
          <Button kind="primary" busy={action.busy === 'add'} disabled={!name || !fn} className="align-end"
            onClick={() => run('add', 'pg_add_computed_field', { name, definition: { function: { schema, name: fnName } } }, `Added ${name}`)}>Add computed field</Button>
        </div>
      </div>
    </Card>
  );
}
