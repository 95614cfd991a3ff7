import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { ApiError, describeError } from '../../api/errors';
import { Button, Card, Checkbox, ConfirmDialog, ErrorBanner, Notice, Switch, TextInput, useToast } from '../../ui';
import { sessionVariables } from './boolExp';
import { FilterBuilder } from './FilterBuilder';
import {
  OPERATIONS, QUERY_ROOT_FIELDS, SUBSCRIPTION_ROOT_FIELDS, dropOperation, permissionsOf, saveOperations, sectionOf,
  sectionOfMessage, tableKey, type JsonObject, type Operation, type PermissionBody, type Section, type TableEntry,
} from './model';
import { ColumnPresets } from './ColumnPresets';
import { useSchema, useTableInfo } from './schema';

function defaults(op: Operation): PermissionBody {
  switch (op) {
    case 'insert': return { check: {}, columns: [], set: {}, backend_only: false };
    case 'select': return { columns: [], filter: {}, allow_aggregations: false };
    case 'update': return { columns: [], filter: {}, set: {} };
    case 'delete': return { filter: {}, backend_only: false };
  }
}

type Errors = Partial<Record<Section, string>>;

/** One role's permission for one operation on one table, edited in place and saved as a whole. */
export function PermissionEditor({ table, role, op, inherited, onSaved, onClose }: {
  table: TableEntry; role: string; op: Operation; inherited: boolean; onSaved: () => void; onClose: () => void;
}) {
  const client = useApi();
  const toast = useToast();
  const schema = useSchema();
  const info = useTableInfo(table.table);
  const existing = permissionsOf(table, op).find((p) => p.role === role);
  const [body, setBody] = useState<PermissionBody>(() => ({ ...defaults(op), ...(existing?.permission ?? {}) }));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<'save' | 'delete'>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, []);
  // A refused save: bring what the error concerns into view.
  useEffect(() => {
    if (Object.keys(errors).length > 0) top.current?.querySelector('[role=alert]')?.scrollIntoView({ block: 'center' });
  }, [errors]);
  const set = (patch: Partial<PermissionBody>) => {
    setBody((b) => ({ ...b, ...patch }));
    setErrors({});
  };
  const columns = info?.columns.map((c) => c.name) ?? [];
  const chosen = body.columns === '*' ? columns : body.columns ?? [];

  const fail = (e: unknown) => {
    const message = describeError(e);
    const section = e instanceof ApiError ? sectionOf(e.path) : 'general';
    const concerned = section === 'general' ? sectionOfMessage(message, body) ?? 'general' : section;
    setErrors({ [concerned]: message });
  };
  const save = async () => {
    setBusy('save');
    try {
      const body2: PermissionBody = { ...body, columns: op === 'delete' ? undefined : chosen };
      const operations = saveOperations(schema.source, table.table, role, op, body2, !!existing, existing?.comment);
      if (operations.length === 1) await client.metadata(operations[0].type, operations[0].args);
      else await client.bulk(operations);
      toast.success(`Saved the ${op} permission of ${role} on ${tableKey(table.table)}.`);
      onSaved();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(undefined);
    }
  };
  const remove = async () => {
    setBusy('delete');
    try {
      const drop = dropOperation(schema.source, table.table, role, op);
      await client.metadata(drop.type, drop.args);
      toast.success(`Deleted the ${op} permission of ${role} on ${tableKey(table.table)}.`);
      setConfirmDelete(false);
      onSaved();
      onClose();
    } catch (e) {
      setConfirmDelete(false);
      fail(e);
    } finally {
      setBusy(undefined);
    }
  };

  const others = OPERATIONS.filter((o) => o !== op).map((o) => ({ op: o, entry: permissionsOf(table, o).find((p) => p.role === role) }))
    .filter((o) => o.entry && Object.keys(o.entry.permission.filter ?? o.entry.permission.check ?? {}).length > 0)
    .map((o) => ({ label: `With same custom check as ${o.op}`, value: (o.entry!.permission.filter ?? o.entry!.permission.check) as JsonObject }));
  const variables = sessionVariables([body.filter ?? {}, body.check ?? {}, body.set ?? {}]);

  return (
    <div ref={top} className="editor-anchor">
    <Card className="editor" title={<>Role <span className="mono-title">{role}</span> · {op}{existing ? '' : <span className="faint"> (new)</span>}</>}
      actions={<Button kind="ghost" size="small" onClick={onClose} aria-label="Close the editor">Close</Button>}>
      <div className="editor-body">
        {inherited && <Notice>{role} is an inherited role: unless saved here, its {op} permission is the union of its role set's.</Notice>}
        <ErrorBanner error={errors.general} title="The permission was not saved" />
        {op === 'insert' && <RowSection title="Row insert permissions" what="rows it may insert" value={body.check ?? {}}
          onChange={(check) => set({ check })} table={table} error={errors.check} others={others} />}
        {(op === 'select' || op === 'update' || op === 'delete') && (
          <RowSection title={op === 'update' ? 'Pre update check' : `Row ${op} permissions`}
            what={op === 'select' ? 'rows it may read' : op === 'update' ? 'rows it may update' : 'rows it may delete'}
            value={body.filter ?? {}} onChange={(filter) => set({ filter })} table={table} error={errors.filter} others={others} />
        )}
        {op === 'update' && (
          <RowSection title="Post update check" what="what an updated row must satisfy" optional value={body.check}
            onChange={(check) => set({ check })} table={table} error={errors.check} others={[]} />
        )}
        {op !== 'delete' && (
          <Section title={`Column ${op} permissions`} error={errors.columns}
            actions={<Button size="small" kind="ghost" disabled={columns.length === 0}
              onClick={() => set({ columns: chosen.length === columns.length ? [] : columns })}>Toggle all</Button>}>
            <p className="muted">Allow role <b>{role}</b> to {op} columns:</p>
            <div className="column-grid">
              {info ? columns.map((c) => (
                <Checkbox key={c} label={c} checked={chosen.includes(c)}
                  onChange={(e) => set({ columns: e.target.checked ? columns.filter((x) => x === c || chosen.includes(x)) : chosen.filter((x) => x !== c) })} />
              )) : <span className="faint">Reading the columns…</span>}
            </div>
          </Section>
        )}
        {op === 'select' && (
          <>
            <Section title="Limit number of rows" error={errors.limit}>
              <div className="row">
                <TextInput aria-label="Row limit" type="number" min={0} placeholder="no limit" className="limit-input"
                  value={body.limit ?? ''} onChange={(e) => set({ limit: e.target.value === '' ? undefined : Number(e.target.value) })} />
                <span className="muted">the most rows one request may read</span>
              </div>
            </Section>
            <Section title="Aggregation queries permissions">
              <Switch label={`Allow role ${role} to make aggregation queries`} checked={!!body.allow_aggregations}
                onChange={(allow) => set({ allow_aggregations: allow })} />
            </Section>
            <RootFields body={body} set={set} error={errors.root_fields} />
          </>
        )}
        {(op === 'insert' || op === 'update') && (
          <Section title="Column presets" error={errors.set}>
            <ColumnPresets value={body.set ?? {}} columns={info?.columns ?? []} onChange={(preset) => set({ set: preset })} />
          </Section>
        )}
        {op !== 'select' && (
          <Section title="Backend only">
            <Switch label="Allow from backends only" hint="Only requests with x-hasura-use-backend-only-permissions: true may use it"
              checked={!!body.backend_only} onChange={(backend) => set({ backend_only: backend })} />
          </Section>
        )}
        {variables.length > 0 && <p className="muted">Reads from the session: {variables.map((v) => <code key={v} className="session-var">{v}</code>)}</p>}
      </div>
      <div className="editor-actions">
        <Button kind="primary" busy={busy === 'save'} disabled={!info} onClick={save}
          title={info ? undefined : 'Reading the columns…'}>Save permissions</Button>
        {existing && <Button kind="danger" busy={busy === 'delete'} onClick={() => setConfirmDelete(true)}>Delete permissions</Button>}
        <span className="spacer" />
        <Button kind="ghost" onClick={onClose}>Cancel</Button>
      </div>
      {confirmDelete && (
        <ConfirmDialog title="Delete this permission?" confirmLabel="Delete permissions" busy={busy === 'delete'}
          onConfirm={remove} onCancel={() => setConfirmDelete(false)}>
          Role <b>{role}</b> will no longer be able to {op} rows of {tableKey(table.table)}.
        </ConfirmDialog>
      )}
    </Card>
    </div>
  );
}

function Section({ title, error, actions, children }: { title: string; error?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className={`editor-section${error ? ' editor-section-invalid' : ''}`} aria-label={title}>
      <div className="editor-section-head"><h3>{title}</h3>{actions}</div>
      {children}
      {error && <div className="field-error" role="alert">{error}</div>}
    </section>
  );
}

/** Without any checks, with a custom check (the builder), or the same check as another operation's. */
function RowSection({ title, what, value, onChange, table, error, others, optional = false }: {
  title: string; what: string; value: JsonObject | undefined; onChange: (value: JsonObject | undefined) => void;
  table: TableEntry; error?: string; others: { label: string; value: JsonObject }[]; optional?: boolean;
}) {
  const empty = value === undefined || Object.keys(value).length === 0;
  const [custom, setCustom] = useState(!empty);
  const name = `${title}-mode`;
  return (
    <Section title={title}>
      <div className="radios" role="radiogroup" aria-label={`${title}: ${what}`}>
        <label className="checkbox"><input type="radio" name={name} checked={!custom}
          onChange={() => { setCustom(false); onChange(optional ? undefined : {}); }} />
          <span>Without any checks</span></label>
        {others.map((o) => (
          <label key={o.label} className="checkbox"><input type="radio" name={name} checked={false}
            onChange={() => { setCustom(true); onChange(o.value); }} /><span>{o.label}</span></label>
        ))}
        <label className="checkbox"><input type="radio" name={name} checked={custom}
          onChange={() => { setCustom(true); onChange(value ?? {}); }} /><span>With custom check</span></label>
      </div>
      {custom && <FilterBuilder label={title} value={value ?? {}} onChange={onChange} table={table.table} error={error} />}
      {!custom && error && <div className="field-error" role="alert">{error}</div>}
    </Section>
  );
}

/** Which root fields the role sees; every one of them when the permission does not say. */
function RootFields({ body, set, error }: { body: PermissionBody; set: (patch: Partial<PermissionBody>) => void; error?: string }) {
  const group = (key: 'query_root_fields' | 'subscription_root_fields', all: string[], label: string) => {
    const offered = all.filter((f) => f !== 'select_aggregate' || body.allow_aggregations);
    const chosen = body[key] ?? offered;
    const toggle = (field: string, on: boolean) => {
      const next = offered.filter((f) => (f === field ? on : chosen.includes(f)));
      set({ [key]: next.length === offered.length && body[key] === undefined ? undefined : next });
    };
    return (
      <div className="root-fields">
        <span className="muted">{label}</span>
        {offered.map((f) => <Checkbox key={f} label={f} checked={chosen.includes(f)} onChange={(e) => toggle(f, e.target.checked)} />)}
      </div>
    );
  };
  const custom = body.query_root_fields !== undefined || body.subscription_root_fields !== undefined;
  return (
    <Section title="Root fields permissions" error={error}
      actions={custom ? <Button size="small" kind="ghost" onClick={() => set({ query_root_fields: undefined, subscription_root_fields: undefined })}>Allow all</Button> : undefined}>
      {group('query_root_fields', QUERY_ROOT_FIELDS, 'Query root fields')}
      {group('subscription_root_fields', SUBSCRIPTION_ROOT_FIELDS, 'Subscription root fields')}
    </Section>
  );
}
