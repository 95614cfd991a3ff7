// The GraphQL names the engine gives a table's fields, and GraphQL literals for values, so that the console can
// query any table as admin without knowing its type names.
import type { QualifiedName, TableMeta } from './model';

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  hasDefault?: boolean;
}

/** The table's name in the schema: its custom name, else `name` in public and `schema_name` elsewhere. */
export function baseName(table: QualifiedName, meta?: TableMeta): string {
  return meta?.configuration?.custom_name ?? (table.schema === 'public' ? table.name : `${table.schema}_${table.name}`);
}

type RootField = 'select' | 'select_by_pk' | 'select_aggregate' | 'insert' | 'insert_one' | 'update' | 'update_by_pk'
  | 'delete' | 'delete_by_pk';

const DEFAULTS: Record<RootField, (base: string) => string> = {
  select: (b) => b,
  select_by_pk: (b) => `${b}_by_pk`,
  select_aggregate: (b) => `${b}_aggregate`,
  insert: (b) => `insert_${b}`,
  insert_one: (b) => `insert_${b}_one`,
  update: (b) => `update_${b}`,
  update_by_pk: (b) => `update_${b}_by_pk`,
  delete: (b) => `delete_${b}`,
  delete_by_pk: (b) => `delete_${b}_by_pk`,
};

/** A root field's name, custom root field names applied. */
export function rootField(table: QualifiedName, meta: TableMeta | undefined, field: RootField): string {
  const custom = meta?.configuration?.custom_root_fields?.[field];
  const name = typeof custom === 'string' ? custom : custom?.name;
  return name ?? DEFAULTS[field](baseName(table, meta));
}

/** A column's field name, custom column names applied. */
export function columnField(column: string, meta?: TableMeta): string {
  return meta?.configuration?.column_config?.[column]?.custom_name
    ?? meta?.configuration?.custom_column_names?.[column] ?? column;
}

/** An enum value in a GraphQL literal (order_by directions), written without quotes. */
export class EnumValue {
  constructor(readonly value: string) {}
}

/** Writes a JSON-like value as a GraphQL input literal: `{title: "x", id: {_eq: 3}}`. */
export function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.value;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const INTEGER = new Set(['int2', 'int4', 'smallint', 'integer', 'serial', 'smallserial']);
const NUMERIC = new Set(['int8', 'bigint', 'bigserial', 'float4', 'float8', 'real', 'double precision', 'numeric', 'decimal']);
const BOOLEAN = new Set(['bool', 'boolean']);
const JSON_TYPES = new Set(['json', 'jsonb']);

/** The value a text box holds, as the column's GraphQL scalar takes it; throws when it cannot be one. */
export function parseValue(text: string, type: string): unknown {
  const t = type.toLowerCase();
  if (INTEGER.has(t)) {
    if (!/^-?\d+$/.test(text.trim())) throw new Error('expected a whole number');
    return Number(text.trim());
  }
  if (NUMERIC.has(t)) {
    const n = Number(text.trim());
    if (text.trim() === '' || Number.isNaN(n)) throw new Error('expected a number');
    return Number.isSafeInteger(n) || !/^-?\d+$/.test(text.trim()) ? n : text.trim();
  }
  if (BOOLEAN.has(t)) {
    if (!/^(true|false)$/i.test(text.trim())) throw new Error('expected true or false');
    return text.trim().toLowerCase() === 'true';
  }
  if (JSON_TYPES.has(t)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new Error('expected JSON');
    }
  }
  return text;
}

/** A cell's value as text for a text box or the table. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The operators the row filter offers, as the API names them, with whether they take a list. */
export const OPERATORS: { op: string; label: string; list?: boolean; flag?: boolean }[] = [
  { op: '_eq', label: '= _eq' },
  { op: '_neq', label: '≠ _neq' },
  { op: '_gt', label: '> _gt' },
  { op: '_gte', label: '≥ _gte' },
  { op: '_lt', label: '< _lt' },
  { op: '_lte', label: '≤ _lte' },
  { op: '_in', label: 'in _in', list: true },
  { op: '_nin', label: 'not in _nin', list: true },
  { op: '_like', label: 'like _like' },
  { op: '_nlike', label: 'not like _nlike' },
  { op: '_ilike', label: 'ilike _ilike' },
  { op: '_nilike', label: 'not ilike _nilike' },
  { op: '_similar', label: 'similar _similar' },
  { op: '_regex', label: '~ _regex' },
  { op: '_iregex', label: '~* _iregex' },
  { op: '_is_null', label: 'is null _is_null', flag: true },
];

export interface Filter {
  column: string;
  op: string;
  value: string;
}

/** The `where` of the filters, ANDed; values read as the column's type. */
export function whereOf(filters: Filter[], columns: ColumnInfo[], meta?: TableMeta): Record<string, unknown> {
  const parts = filters.filter((f) => f.column && f.op).map((f) => {
    const column = columns.find((c) => c.name === f.column);
    const type = column?.type ?? 'text';
    const operator = OPERATORS.find((o) => o.op === f.op);
    let value: unknown;
    if (operator?.flag) value = f.value.trim().toLowerCase() !== 'false';
    else if (operator?.list) value = f.value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => parseValue(v, type));
    else if (/like|similar|regex/.test(f.op)) value = f.value;
    else value = parseValue(f.value, type);
    return { [columnField(f.column, meta)]: { [f.op]: value } };
  });
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0] : { _and: parts };
}
