// The row-filter builder: a boolean expression edited as rows of conditions, or as raw JSON.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Json } from '../../api/client';
import { Button, Select, TextArea, TextInput } from '../../ui';
import {
  BoolExpError, OPERATORS, fieldKey, isSessionVariable, operatorInfo, parseBoolExp, toJson,
  type BoolExp, type Comparison, type Field, type KeyKind, type TableRef,
} from './boolExp';
import { tableKey, type JsonObject } from './model';
import { findTable, relationshipsOf, typedValue, useSchema, useTableInfo, type TableInfo } from './schema';

/** The session variables offered as values; any other `X-Hasura-*` name may be typed. */
const SESSION_SUGGESTIONS = ['X-Hasura-User-Id', 'X-Hasura-Role', 'X-Hasura-Org-Id', 'X-Hasura-Allowed-Ids'];

export function FilterBuilder({ value, onChange, table, label, error }: {
  value: JsonObject; onChange: (value: JsonObject) => void; table: TableRef; label: string; error?: string;
}) {
  const info = useTableInfo(table);
  const schema = useSchema();
  const entry = findTable(schema.tables, table);
  const kindOf = useMemo<KeyKind>(() => {
    const relationships = new Set(relationshipsOf(entry, info).map((r) => r.name));
    const columns = new Set(info?.columns.map((c) => c.name));
    return (key) => (relationships.has(key) ? 'relationship' : columns.has(key) ? 'column' : undefined);
  }, [entry, info]);
  const parsed = useMemo(() => {
    try {
      return { model: parseBoolExp(value, kindOf) };
    } catch (e) {
      return { problem: e instanceof BoolExpError ? e.message : String(e) };
    }
  }, [value, kindOf]);
  const [mode, setMode] = useState<'builder' | 'json'>(parsed.model ? 'builder' : 'json');
  const suggestions = useId();

  return (
    <div className="filter" aria-label={label} role="group">
      <datalist id={suggestions}>{SESSION_SUGGESTIONS.map((s) => <option key={s} value={s} />)}</datalist>
      <div className="filter-toolbar">
        <div className="segmented" role="radiogroup" aria-label={`${label}: edit as`}>
          <button type="button" role="radio" aria-checked={mode === 'builder'} className={mode === 'builder' ? 'on' : ''}
            onClick={() => parsed.model && setMode('builder')} disabled={!parsed.model}
            title={parsed.problem ? `The builder cannot show this expression: ${parsed.problem}` : undefined}>Builder</button>
          <button type="button" role="radio" aria-checked={mode === 'json'} className={mode === 'json' ? 'on' : ''}
            onClick={() => setMode('json')}>JSON</button>
        </div>
        <code className="filter-preview" title={JSON.stringify(value)}>{JSON.stringify(value)}</code>
      </div>
      {mode === 'builder' && parsed.model
        ? <ExpEditor exp={parsed.model} table={table} info={info} suggestions={suggestions}
            onChange={(exp) => onChange(toJson(exp))} root />
        : <JsonEditor value={value} onChange={onChange} label={`${label} as JSON`} problem={parsed.problem} />}
      {error && <div className="field-error filter-error" role="alert">{error}</div>}
    </div>
  );
}

function JsonEditor({ value, onChange, label, problem }: {
  value: JsonObject; onChange: (value: JsonObject) => void; label: string; problem?: string;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [invalid, setInvalid] = useState<string>();
  // Another part of the editor (a preset button, a reset) may replace the value: show it, unless it is what we typed.
  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(value)) return current;
      } catch {
        // what was typed is not JSON yet: the new value replaces it
      }
      return JSON.stringify(value, null, 2);
    });
  }, [value]);
  const edit = (next: string) => {
    setText(next);
    try {
      const json = JSON.parse(next) as Json;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        setInvalid('A row filter is a JSON object: {} means every row.');
        return;
      }
      setInvalid(undefined);
      onChange(json);
    } catch (e) {
      setInvalid(`Not JSON yet: ${(e as Error).message}`);
    }
  };
  return (
    <div className="stack-tight">
      <TextArea aria-label={label} rows={Math.min(16, Math.max(4, text.split('\n').length + 1))} value={text}
        spellCheck={false} onChange={(e) => edit(e.target.value)} />
      {invalid && <div className="field-error">{invalid}</div>}
      {!invalid && problem && <div className="field-hint">The builder cannot show this expression ({problem}); edit it here.</div>}
    </div>
  );
}

interface Editing {
  table: TableRef | undefined;
  info: TableInfo | undefined;
  suggestions: string;
}

/** One JSON object of the expression: its conditions, and a menu to add one. */
function ExpEditor({ exp, onChange, table, info, suggestions, root = false }: Editing & {
  exp: BoolExp; onChange: (exp: BoolExp) => void; root?: boolean;
}) {
  const schema = useSchema();
  const relationships = relationshipsOf(findTable(schema.tables, table), info);
  const used = new Set(exp.fields.map(fieldKey));
  const setField = (i: number, field: Field | undefined) => onChange({
    fields: field ? exp.fields.map((f, j) => (j === i ? field : f)) : exp.fields.filter((_, j) => j !== i),
  });
  const add = (choice: string) => {
    const [kind, name] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
    let field: Field;
    if (kind === 'column') field = { kind: 'column', column: name, comparisons: [{ operator: '_eq', value: '' }] };
    else if (kind === 'relationship') field = { kind: 'relationship', name, where: { fields: [] } };
    else if (kind === 'exists') field = { kind: 'exists', table: { schema: 'public', name: schema.tables[0]?.table.name ?? '' }, where: { fields: [] } };
    else if (kind === 'not') field = { kind: 'not', item: { fields: [] } };
    else field = { kind: kind as 'and' | 'or', items: [{ fields: [] }] };
    onChange({ fields: [...exp.fields, field] });
  };
  const options = [
    { value: '', label: root && exp.fields.length === 0 ? 'Add a condition…' : 'And also…' },
    ...(info?.columns ?? []).filter((c) => !used.has(c.name)).map((c) => ({ value: `column:${c.name}`, label: `${c.name} (${c.type})` })),
    ...relationships.filter((r) => !used.has(r.name)).map((r) => ({ value: `relationship:${r.name}`, label: `${r.name} → ${r.remote ? tableKey(r.remote) : '?'}` })),
    ...['_and', '_or', '_not', '_exists'].filter((k) => !used.has(k)).map((k) => ({ value: `${k.slice(1)}:`, label: k })),
  ];
  return (
    <div className={`exp${root ? ' exp-root' : ''}`}>
      {exp.fields.length === 0 && <div className="exp-empty">{root ? 'Without any checks: every row.' : 'No condition: always true.'}</div>}
      {exp.fields.map((field, i) => (
        <FieldEditor key={`${fieldKey(field)}-${i}`} field={field} table={table} info={info} suggestions={suggestions}
          onChange={(f) => setField(i, f)} />
      ))}
      <AddMenu options={options} onAdd={add} />
    </div>
  );
}

/**
 * The menu that adds a condition: a pick with the mouse adds at once; from the keyboard, arrows move through the
 * choices (a closed select changes with them) and Enter adds the one shown.
 */
function AddMenu({ options, onAdd }: { options: { value: string; label: string }[]; onAdd: (choice: string) => void }) {
  const [pending, setPending] = useState('');
  const keyboard = useRef(false);
  return (
    <div className="exp-add">
      <Select aria-label="Add a condition" value={pending} options={options} title="Enter adds the condition shown"
        onPointerDown={() => { keyboard.current = false; }}
        onKeyDown={(e) => {
          keyboard.current = true;
          if (e.key === 'Enter' && pending) {
            e.preventDefault();
            onAdd(pending);
            setPending('');
          }
        }}
        onChange={(e) => {
          if (keyboard.current) setPending(e.target.value);
          else if (e.target.value) onAdd(e.target.value);
        }} />
    </div>
  );
}

function FieldEditor({ field, onChange, table, info, suggestions }: Editing & {
  field: Field; onChange: (field: Field | undefined) => void;
}) {
  const schema = useSchema();
  const remove = <button type="button" className="exp-remove" aria-label={`Remove ${fieldKey(field)}`} title="Remove"
    onClick={() => onChange(undefined)}>×</button>;
  switch (field.kind) {
    case 'column':
      return (
        <div className="exp-field">
          <span className="exp-key">{field.column}</span>
          <div className="exp-comparisons">
            {field.comparisons.map((c, i) => (
              <ComparisonEditor key={i} comparison={c} info={info} column={field.column} suggestions={suggestions}
                onChange={(next) => onChange(next === undefined && field.comparisons.length === 1 ? undefined
                  : { ...field, comparisons: next ? field.comparisons.map((x, j) => (j === i ? next : x)) : field.comparisons.filter((_, j) => j !== i) })}
                onAdd={i === field.comparisons.length - 1 ? () => onChange({ ...field,
                  comparisons: [...field.comparisons, { operator: OPERATORS.find((o) => !field.comparisons.some((x) => x.operator === o.name))!.name, value: '' }] }) : undefined} />
            ))}
          </div>
        </div>
      );
    case 'relationship':
      return <Nested label={field.name} hint="rows whose related row matches" remove={remove}>
        <RelationshipEditor field={field} table={table} info={info} suggestions={suggestions} onChange={onChange} />
      </Nested>;
    case 'not':
      return <Nested label="_not" hint="rows that do not match" remove={remove}>
        <ExpEditor exp={field.item} table={table} info={info} suggestions={suggestions} onChange={(item) => onChange({ ...field, item })} />
      </Nested>;
    case 'and':
    case 'or':
      return <Nested label={`_${field.kind}`} hint={field.kind === 'and' ? 'rows that match all of' : 'rows that match any of'} remove={remove}>
        {field.items.map((item, i) => (
          <div className="exp-item" key={i}>
            <ExpEditor exp={item} table={table} info={info} suggestions={suggestions}
              onChange={(next) => onChange({ ...field, items: field.items.map((x, j) => (j === i ? next : x)) })} />
            <button type="button" className="exp-remove" aria-label={`Remove expression ${i + 1}`} title="Remove"
              onClick={() => onChange({ ...field, items: field.items.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <Button size="small" kind="ghost" onClick={() => onChange({ ...field, items: [...field.items, { fields: [] }] })}>
          + expression</Button>
      </Nested>;
    case 'exists':
      return <Nested label="_exists" hint="some row of" remove={remove}>
        <Select aria-label="_exists table" value={tableKey(field.table)}
          options={[...new Set([tableKey(field.table), ...schema.tables.map((t) => tableKey(t.table))])]}
          onChange={(e) => {
            const [s, ...rest] = e.target.value.split('.');
            onChange({ ...field, table: { schema: s, name: rest.join('.') } });
          }} />
        <ExistsEditor field={field} suggestions={suggestions} onChange={onChange} />
      </Nested>;
  }
}

function Nested({ label, hint, remove, children }: { label: string; hint: string; remove: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="exp-field exp-nested">
      <div className="exp-nested-head"><span className="exp-key">{label}</span><span className="faint">{hint}</span>{remove}</div>
      <div className="exp-nested-body">{children}</div>
    </div>
  );
}

function RelationshipEditor({ field, onChange, table, info, suggestions }: Editing & {
  field: Extract<Field, { kind: 'relationship' }>; onChange: (field: Field) => void;
}) {
  const schema = useSchema();
  const remote = relationshipsOf(findTable(schema.tables, table), info).find((r) => r.name === field.name)?.remote;
  const remoteInfo = useTableInfo(remote);
  return <ExpEditor exp={field.where} table={remote} info={remoteInfo} suggestions={suggestions}
    onChange={(where) => onChange({ ...field, where })} />;
}

function ExistsEditor({ field, onChange, suggestions }: {
  field: Extract<Field, { kind: 'exists' }>; onChange: (field: Field) => void; suggestions: string;
}) {
  const table = { schema: field.table.schema ?? 'public', name: field.table.name };
  const info = useTableInfo(table);
  return <ExpEditor exp={field.where} table={table} info={info} suggestions={suggestions}
    onChange={(where) => onChange({ ...field, where })} />;
}

function ComparisonEditor({ comparison, onChange, onAdd, info, column, suggestions }: {
  comparison: Comparison; onChange: (c: Comparison | undefined) => void; onAdd?: () => void;
  info: TableInfo | undefined; column: string; suggestions: string;
}) {
  const op = operatorInfo(comparison.operator);
  const type = info?.columns.find((c) => c.name === column)?.type;
  const operators = OPERATORS.some((o) => o.name === op.name) ? OPERATORS : [op, ...OPERATORS];
  const changeOperator = (name: string) => {
    const next = operatorInfo(name);
    const value: Json = next.takes === op.takes ? comparison.value
      : next.takes === 'boolean' ? true : next.takes === 'list' ? [] : next.takes === 'json' ? {} : '';
    onChange({ operator: name, value });
  };
  return (
    <div className="exp-comparison">
      <Select aria-label={`${column} operator`} className="exp-operator" value={op.name}
        options={operators.map((o) => ({ value: o.name, label: `${o.name}  ${o.label}` }))}
        onChange={(e) => changeOperator(e.target.value)} />
      <ValueInput comparison={comparison} type={type} info={info} column={column} suggestions={suggestions}
        onChange={(value) => onChange({ ...comparison, value })} />
      {isSessionVariable(comparison.value) && <span className="badge badge-info" title="Read from the request's session">session</span>}
      <button type="button" className="exp-remove" aria-label={`Remove ${column} ${op.name}`} title="Remove"
        onClick={() => onChange(undefined)}>×</button>
      {onAdd && <button type="button" className="exp-more" title="Another operator on this column" aria-label={`Another operator on ${column}`}
        onClick={onAdd}>+</button>}
    </div>
  );
}

function ValueInput({ comparison, onChange, type, info, column, suggestions }: {
  comparison: Comparison; onChange: (value: Json) => void; type: string | undefined; info: TableInfo | undefined;
  column: string; suggestions: string;
}) {
  const op = operatorInfo(comparison.operator);
  const label = `${column} ${op.name} value`;
  if (op.takes === 'boolean' && typeof comparison.value === 'boolean') {
    return <Select aria-label={label} value={String(comparison.value)} options={['true', 'false']}
      onChange={(e) => onChange(e.target.value === 'true')} />;
  }
  if (op.takes === 'column' && typeof comparison.value === 'string' && info) {
    return <Select aria-label={label} value={comparison.value}
      options={['', ...new Set([comparison.value, ...info.columns.map((c) => c.name)])].map((c) => ({ value: c, label: c || 'a column…' }))}
      onChange={(e) => onChange(e.target.value)} />;
  }
  if (op.takes === 'value' || op.takes === 'text') {
    if (typeof comparison.value === 'string' || typeof comparison.value === 'number' || typeof comparison.value === 'boolean') {
      return <TextInput aria-label={label} className="exp-value" list={suggestions} placeholder={type ? `${type} or X-Hasura-…` : 'value'}
        value={String(comparison.value)} onChange={(e) => onChange(isSessionVariable(e.target.value) ? e.target.value
          : op.takes === 'text' ? e.target.value : typedValue(e.target.value, type))} />;
    }
  }
  return <JsonValueInput value={comparison.value} onChange={onChange} label={label} suggestions={suggestions} />;
}

/** A value typed as JSON (lists, objects, null), or a session variable as plain text. */
function JsonValueInput({ value, onChange, label, suggestions }: {
  value: Json; onChange: (value: Json) => void; label: string; suggestions: string;
}) {
  const shown = isSessionVariable(value) ? value : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText((t) => (invalid ? t : shown));
  }, [shown, invalid]);
  return (
    <TextInput aria-label={label} className={`exp-value mono${invalid ? ' input-invalid' : ''}`} value={text} list={suggestions}
      title={invalid ? 'Not JSON: a list is ["a", "b"], a session variable is X-Hasura-…' : undefined}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (isSessionVariable(next)) {
          setInvalid(false);
          onChange(next);
          return;
        }
        try {
          onChange(JSON.parse(next) as Json);
          setInvalid(false);
        } catch {
          setInvalid(true);
        }
      }} />
  );
}
