// What the permissions pages know of a table beyond the metadata: its columns and foreign keys
// (`pg_get_table_info`), and where each relationship leads.
import { createContext, useContext, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { TableRef } from './boolExp';
import { tableKey, type RelationshipEntry, type TableEntry } from './model';

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
}

export interface TableInfo {
  columns: ColumnInfo[];
  primary_key?: string[];
  foreign_keys: Record<string, { foreign_table: TableRef; column_mapping: Record<string, string> }>;
}

export interface Relationship {
  name: string;
  kind: 'object' | 'array';
  remote: TableRef | undefined;
}

/** The tracked tables of the source and a cached way to read any table's columns. */
export interface SchemaInfo {
  source: string;
  tables: TableEntry[];
  info: (table: TableRef) => Promise<TableInfo>;
}

export function schemaInfo(client: ApiClient, source: string, tables: TableEntry[]): SchemaInfo {
  const cache = new Map<string, Promise<TableInfo>>();
  return {
    source,
    tables,
    info(table) {
      const key = tableKey(table);
      let found = cache.get(key);
      if (!found) {
        found = client.metadata<TableInfo | null>('pg_get_table_info', {
          source, table: { schema: table.schema ?? 'public', name: table.name },
        }).then((answer) => answer ?? { columns: [], foreign_keys: {} });
        found.catch(() => cache.delete(key));
        cache.set(key, found);
      }
      return found;
    },
  };
}

const Context = createContext<SchemaInfo | undefined>(undefined);
export const SchemaProvider = Context.Provider;

export function useSchema(): SchemaInfo {
  const schema = useContext(Context);
  if (!schema) throw new Error('useSchema outside a SchemaProvider');
  return schema;
}

/** A table's columns, once loaded (undefined meanwhile, or when it cannot be read). */
export function useTableInfo(table: TableRef | undefined): TableInfo | undefined {
  const schema = useSchema();
  const [info, setInfo] = useState<{ key: string; info: TableInfo }>();
  const key = table ? tableKey(table) : '';
  useEffect(() => {
    if (!table) return;
    let live = true;
    schema.info(table).then((i) => live && setInfo({ key, info: i }), () => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [schema, key]);
  return info?.key === key ? info.info : undefined;
}

function ref(table: TableRef | string): TableRef {
  return typeof table === 'string' ? { schema: 'public', name: table } : { schema: table.schema ?? 'public', name: table.name };
}

/** A tracked table's relationships and the table each leads to (when the foreign keys are known). */
export function relationshipsOf(entry: TableEntry | undefined, info: TableInfo | undefined): Relationship[] {
  if (!entry) return [];
  const remote = (r: RelationshipEntry): TableRef | undefined => {
    const using = r.using;
    if (using.manual_configuration) return ref(using.manual_configuration.remote_table);
    const on = using.foreign_key_constraint_on;
    if (on === undefined) return undefined;
    if (typeof on === 'object' && !Array.isArray(on)) return ref(on.table);
    const columns = Array.isArray(on) ? on : [on];
    const fk = Object.values(info?.foreign_keys ?? {}).find((f) => {
      const from = Object.keys(f.column_mapping);
      return from.length === columns.length && columns.every((c) => from.includes(c));
    });
    return fk ? ref(fk.foreign_table) : undefined;
  };
  return [
    ...(entry.object_relationships ?? []).map((r) => ({ name: r.name, kind: 'object' as const, remote: remote(r) })),
    ...(entry.array_relationships ?? []).map((r) => ({ name: r.name, kind: 'array' as const, remote: remote(r) })),
  ];
}

export function findTable(tables: TableEntry[], table: TableRef | undefined): TableEntry | undefined {
  if (!table) return undefined;
  const key = tableKey(table);
  return tables.find((t) => tableKey(t.table) === key);
}

const NUMERIC = /^(int|integer|smallint|bigint|int2|int4|int8|numeric|decimal|real|float4|float8|double precision|serial|bigserial|smallserial)\b/i;

/** A typed value as the column wants it: numbers for number columns, booleans for booleans, text otherwise. */
export function typedValue(text: string, type: string | undefined): string | number | boolean {
  const trimmed = text.trim();
  if (type && NUMERIC.test(type) && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (type && /^bool/i.test(type) && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return text;
}
