import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { ApiError } from '../../api/errors';
import { Button, Checkbox, Dialog, ErrorBanner, Field, TextArea, TextInput, useToast } from '../../ui';
import type { QualifiedName, TableMeta } from './model';
import { columnField, formatValue, literal, parseValue, rootField } from './names';
import type { TableInfo } from './tableInfo';

type Row = Record<string, unknown>;

/**
 * The column an error from the engine is about: the last part of its path when that names a column's field, else a
 * column Postgres names in the message (`column "title"`), else the first column of the constraint it names.
 */
export function errorColumn(error: unknown, columns: { name: string; field: string }[],
  constraints: { name: string; columns: string[] }[] = []): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const last = error.path?.split('.').pop();
  const byPath = columns.find((c) => c.field === last);
  if (byPath) return byPath.name;
  const named = /column "([^"]+)"/.exec(error.message)?.[1] ?? /Key \(([^)]+)\)=/.exec(error.message)?.[1];
  const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  const viaConstraint = constraints.find((c) => c.name === constraint)?.columns[0];
  return columns.find((c) => c.name === (named ?? viaConstraint))?.name;
}

/** Inserts a row, or edits one (only the changed columns are sent), with the engine's errors by the field. */
export function RowDialog({ table, meta, info, row, onClose, onSaved }: {
  table: QualifiedName; meta: TableMeta; info: TableInfo; row?: Row; onClose: () => void; onSaved: () => void;
}) {
  const client = useApi();
  const toast = useToast();
  const columns = info.columns.map((c) => ({ ...c, field: columnField(c.name, meta) }));
  const initial = Object.fromEntries(columns.map((c) => [c.name, row ? formatValue(row[c.field]) : '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [nulls, setNulls] = useState<Record<string, boolean>>(
    Object.fromEntries(columns.map((c) => [c.name, row ? row[c.field] === null : false])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const edit = (column: string, value: string) => {
    setValues({ ...values, [column]: value });
    if (errors[column]) setErrors({ ...errors, [column]: '' });
  };

  const save = async () => {
    const object: Record<string, unknown> = {};
    const problems: Record<string, string> = {};
    for (const c of columns) {
      const changed = values[c.name] !== initial[c.name] || nulls[c.name] !== (row ? row[c.field] === null : false);
      if (row && !changed) continue;
      if (nulls[c.name]) {
        object[c.field] = null;
        continue;
      }
      // On insert, an empty box leaves the column to its default.
      if (!row && values[c.name] === '') continue;
      try {
        object[c.field] = parseValue(values[c.name], c.type);
      } catch (e) {
        problems[c.name] = (e as Error).message;
      }
    }
    setErrors(problems);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) return;
    if (row && Object.keys(object).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      if (row) {
        const keys = Object.fromEntries(info.primaryKey.map((k) => [columnField(k, meta), row[columnField(k, meta)]]));
        await client.graphql(`mutation EditRow { ${rootField(table, meta, 'update_by_pk')}(pk_columns: ${literal(keys)}, _set: ${literal(object)}) { __typename } }`);
        toast.success('Saved the row');
      } else {
        await client.graphql(`mutation InsertRow { ${rootField(table, meta, 'insert_one')}(object: ${literal(object)}) { __typename } }`);
        toast.success('Inserted the row');
      }
      onSaved();
    } catch (e) {
      const column = errorColumn(e, columns, info.constraints);
      if (column) setErrors({ [column]: (e as Error).message });
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={row ? `Edit row of ${table.name}` : `Insert a row into ${table.name}`} onClose={onClose} wide footer={<>
      <Button kind="ghost" onClick={onClose}>Cancel</Button>
      <Button kind="primary" busy={busy} onClick={save}>{row ? 'Save' : 'Insert'}</Button>
    </>}>
      {failure !== undefined && <ErrorBanner error={failure} title="The engine refused the row" />}
      <form className="row-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
        {columns.map((c) => {
          const long = c.type === 'json' || c.type === 'jsonb' || c.type === 'text';
          const hint = <>{c.displayType}{c.hasDefault ? `, default ${c.default}` : ''}{!row && c.hasDefault ? ' (leave empty for the default)' : ''}</>;
          return (
            <Field key={c.name} label={<span className="mono">{c.name}</span>} hint={hint} error={errors[c.name]}>
              {(id) => (
                <div className="row row-nowrap">
                  {long
                    ? <TextArea id={id} rows={1} value={values[c.name]} disabled={nulls[c.name]} className="grow"
                        onChange={(e) => edit(c.name, e.target.value)} />
                    : <TextInput id={id} value={values[c.name]} disabled={nulls[c.name]} className="grow"
                        onChange={(e) => edit(c.name, e.target.value)} />}
                  {c.nullable && <Checkbox label="null" checked={nulls[c.name]} onChange={(e) => setNulls({ ...nulls, [c.name]: e.target.checked })} />}
                </div>
              )}
            </Field>
          );
        })}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
