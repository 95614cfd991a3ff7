import type { Json } from '../../api/client';
import { Button, Select, TextInput } from '../../ui';
import { isSessionVariable } from './boolExp';
import type { JsonObject } from './model';
import { typedValue, type ColumnInfo } from './schema';

/**
 * `set`: values a column takes whatever the request says, either static or from a session variable
 * (`{"customer_id": "X-Hasura-User-Id"}`).
 */
export function ColumnPresets({ value, columns, onChange }: {
  value: JsonObject; columns: ColumnInfo[]; onChange: (value: JsonObject) => void;
}) {
  const entries = Object.entries(value);
  const free = columns.filter((c) => !(c.name in value));
  const replace = (index: number, column: string, v: Json | undefined) => {
    const next: JsonObject = {};
    entries.forEach(([k, old], i) => {
      if (i !== index) next[k] = old;
      else if (v !== undefined) next[column] = v;
    });
    onChange(next);
  };
  return (
    <div className="presets">
      {entries.length === 0 && <p className="muted">No presets: every column takes what the request gives it.</p>}
      {entries.map(([column, v], i) => {
        const fromSession = isSessionVariable(v);
        const type = columns.find((c) => c.name === column)?.type;
        return (
          <div className="preset" key={column}>
            <Select aria-label={`Preset ${i + 1} column`} value={column}
              options={[column, ...free.map((c) => c.name)]} onChange={(e) => replace(i, e.target.value, v)} />
            <Select aria-label={`Preset ${i + 1} kind`} value={fromSession ? 'session' : 'static'}
              options={[{ value: 'static', label: 'static value' }, { value: 'session', label: 'from session variable' }]}
              onChange={(e) => replace(i, column, e.target.value === 'session' ? 'X-Hasura-User-Id' : '')} />
            {fromSession ? (
              <div className="session-input">
                <span className="session-prefix">X-Hasura-</span>
                <TextInput aria-label={`Preset ${i + 1} session variable`} value={v.replace(/^x-hasura-/i, '')}
                  onChange={(e) => replace(i, column, `X-Hasura-${e.target.value}`)} />
              </div>
            ) : (
              <TextInput aria-label={`Preset ${i + 1} value`} placeholder={type} value={v === null ? '' : String(v)}
                onChange={(e) => replace(i, column, typedValue(e.target.value, type))} />
            )}
            <button type="button" className="exp-remove" aria-label={`Remove preset ${column}`} onClick={() => replace(i, column, undefined)}>×</button>
          </div>
        );
      })}
      {free.length > 0 && (
        <Button size="small" kind="ghost" onClick={() => onChange({ ...value, [free[0].name]: '' })}>+ Add a preset</Button>
      )}
    </div>
  );
}
