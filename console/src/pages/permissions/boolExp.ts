// A permission's boolean expression (Hasura's `BoolExp`) as a tree the filter builder edits, and back to JSON.
// The tree keeps the JSON's shape: an object is a list of fields in key order (several keys AND together), so that
// JSON → tree → JSON gives back the same JSON, key for key.
import type { Json } from '../../api/client';

export interface TableRef {
  /** Absent when the JSON left it out (Hasura then reads `public`). */
  schema?: string;
  name: string;
}

/** One JSON object of a boolean expression: its keys, in order. `{}` (no fields) is "without any checks". */
export interface BoolExp {
  fields: Field[];
}

export type Field =
  | { kind: 'and' | 'or'; items: BoolExp[] }
  | { kind: 'not'; item: BoolExp }
  | { kind: 'exists'; table: TableRef; where: BoolExp }
  | { kind: 'column'; column: string; comparisons: Comparison[] }
  | { kind: 'relationship'; name: string; where: BoolExp };

/** `_eq: "X-Hasura-User-Id"`: an operator and its value, kept as JSON (a literal, a session variable or a column). */
export interface Comparison {
  operator: string;
  value: Json;
}

export interface OperatorInfo {
  name: string;
  label: string;
  /** What its value is: one value, a list, a boolean, a column (`_ceq`), or JSON (`_contains`). */
  takes: 'value' | 'list' | 'boolean' | 'column' | 'json' | 'text';
}

/** Hasura's comparison operators, in the order its console lists them. */
export const OPERATORS: OperatorInfo[] = [
  { name: '_eq', label: 'equals', takes: 'value' },
  { name: '_neq', label: 'not equal', takes: 'value' },
  { name: '_gt', label: 'greater than', takes: 'value' },
  { name: '_lt', label: 'less than', takes: 'value' },
  { name: '_gte', label: 'greater or equal', takes: 'value' },
  { name: '_lte', label: 'less or equal', takes: 'value' },
  { name: '_in', label: 'in list', takes: 'list' },
  { name: '_nin', label: 'not in list', takes: 'list' },
  { name: '_is_null', label: 'is null', takes: 'boolean' },
  { name: '_like', label: 'like', takes: 'text' },
  { name: '_nlike', label: 'not like', takes: 'text' },
  { name: '_ilike', label: 'like, any case', takes: 'text' },
  { name: '_nilike', label: 'not like, any case', takes: 'text' },
  { name: '_similar', label: 'similar to', takes: 'text' },
  { name: '_nsimilar', label: 'not similar to', takes: 'text' },
  { name: '_regex', label: 'matches regex', takes: 'text' },
  { name: '_nregex', label: 'does not match regex', takes: 'text' },
  { name: '_iregex', label: 'matches regex, any case', takes: 'text' },
  { name: '_niregex', label: 'does not match regex, any case', takes: 'text' },
  { name: '_ceq', label: 'equals column', takes: 'column' },
  { name: '_cne', label: 'not equal to column', takes: 'column' },
  { name: '_cgt', label: 'greater than column', takes: 'column' },
  { name: '_clt', label: 'less than column', takes: 'column' },
  { name: '_cgte', label: 'greater or equal to column', takes: 'column' },
  { name: '_clte', label: 'less or equal to column', takes: 'column' },
  { name: '_contains', label: 'JSON contains', takes: 'json' },
  { name: '_contained_in', label: 'JSON contained in', takes: 'json' },
  { name: '_has_key', label: 'has key', takes: 'text' },
  { name: '_has_keys_any', label: 'has any of keys', takes: 'list' },
  { name: '_has_keys_all', label: 'has all keys', takes: 'list' },
  { name: '_ancestor', label: 'ltree ancestor of', takes: 'text' },
  { name: '_ancestor_any', label: 'ltree ancestor of any', takes: 'list' },
  { name: '_descendant', label: 'ltree descendant of', takes: 'text' },
  { name: '_descendant_any', label: 'ltree descendant of any', takes: 'list' },
  { name: '_matches', label: 'ltree matches lquery', takes: 'text' },
  { name: '_matches_any', label: 'ltree matches any lquery', takes: 'list' },
  { name: '_matches_fulltext', label: 'ltree matches ltxtquery', takes: 'text' },
  { name: '_st_contains', label: 'geometry contains', takes: 'json' },
  { name: '_st_crosses', label: 'geometry crosses', takes: 'json' },
  { name: '_st_equals', label: 'geometry equals', takes: 'json' },
  { name: '_st_intersects', label: 'geometry intersects', takes: 'json' },
  { name: '_st_overlaps', label: 'geometry overlaps', takes: 'json' },
  { name: '_st_touches', label: 'geometry touches', takes: 'json' },
  { name: '_st_within', label: 'geometry within', takes: 'json' },
  { name: '_st_d_within', label: 'geometry within distance', takes: 'json' },
  { name: '_st_3d_intersects', label: '3D geometry intersects', takes: 'json' },
  { name: '_st_3d_d_within', label: '3D geometry within distance', takes: 'json' },
];

const OPERATOR_NAMES = new Set(OPERATORS.map((o) => o.name));

export function operatorInfo(name: string): OperatorInfo {
  return OPERATORS.find((o) => o.name === name) ?? { name, label: name, takes: 'json' };
}

/** The keys that combine expressions rather than name a column or relationship. */
const LOGICAL = new Set(['_and', '_or', '_not', '_exists']);

/** A value that Hasura reads as a session variable: a string starting with `x-hasura-`, in any case. */
export function isSessionVariable(value: Json): value is string {
  return typeof value === 'string' && /^x-hasura-/i.test(value);
}

export class BoolExpError extends Error {
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} (at ${path})`);
    this.name = 'BoolExpError';
    this.path = path;
  }
}

/**
 * What a key names when the JSON alone cannot tell: the builder passes the table's columns and relationships. Without
 * it, an object whose keys are all comparison operators is a column, anything else a relationship.
 */
export type KeyKind = (key: string) => 'column' | 'relationship' | undefined;

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a boolean expression; throws {@link BoolExpError} (with a JSON path) for what the builder cannot show. */
export function parseBoolExp(json: Json, kindOf: KeyKind = () => undefined, path = '$'): BoolExp {
  if (!isObject(json)) throw new BoolExpError('a boolean expression is a JSON object', path);
  return { fields: Object.entries(json).map(([key, value]) => parseField(key, value, kindOf, `${path}.${key}`)) };
}

function parseField(key: string, value: Json, kindOf: KeyKind, path: string): Field {
  switch (key) {
    case '_and':
    case '_or':
      if (!Array.isArray(value)) throw new BoolExpError(`${key} takes a list of expressions`, path);
      return { kind: key === '_and' ? 'and' : 'or', items: value.map((v, i) => parseBoolExp(v, kindOf, `${path}[${i}]`)) };
    case '_not':
      return { kind: 'not', item: parseBoolExp(value, kindOf, path) };
    case '_exists': {
      if (!isObject(value) || !isObject(value._table) || !isObject(value._where)) {
        throw new BoolExpError('_exists takes {"_table": {"schema", "name"}, "_where": {...}}', path);
      }
      const table = value._table;
      const extra = Object.keys(table).some((k) => k !== 'schema' && k !== 'name');
      if (typeof table.name !== 'string' || (table.schema !== undefined && typeof table.schema !== 'string')
        || extra || Object.keys(value).length !== 2) {
        throw new BoolExpError('_exists takes {"_table": {"schema", "name"}, "_where": {...}}', path);
      }
      return { kind: 'exists', table: table.schema === undefined ? { name: table.name } : { schema: table.schema as string, name: table.name },
        where: parseBoolExp(value._where, () => undefined, `${path}._where`) };
    }
  }
  if (!isObject(value)) throw new BoolExpError(`"${key}" takes an object of operators or of a relationship's fields`, path);
  const named = kindOf(key);
  const keys = Object.keys(value);
  const looksLikeColumn = keys.length > 0 && keys.every((k) => k.startsWith('_') && !LOGICAL.has(k));
  if (named === 'column' || (named === undefined && looksLikeColumn)) {
    const comparisons = Object.entries(value).map(([operator, v]) => {
      if (!operator.startsWith('_') || LOGICAL.has(operator)) {
        throw new BoolExpError(`"${operator}" is not a comparison operator`, `${path}.${operator}`);
      }
      return { operator, value: v };
    });
    return { kind: 'column', column: key, comparisons };
  }
  // Inside a relationship, the remote table's own keys decide; the caller does not know them here.
  return { kind: 'relationship', name: key, where: parseBoolExp(value, () => undefined, path) };
}

/** The JSON of a boolean expression, keys in the tree's order. */
export function toJson(exp: BoolExp): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const field of exp.fields) {
    const [key, value] = fieldJson(field);
    out[key] = value;
  }
  return out;
}

function fieldJson(field: Field): [string, Json] {
  switch (field.kind) {
    case 'and':
    case 'or':
      return [`_${field.kind}`, field.items.map(toJson)];
    case 'not':
      return ['_not', toJson(field.item)];
    case 'exists':
      return ['_exists', { _table: field.table.schema === undefined ? { name: field.table.name }
        : { schema: field.table.schema, name: field.table.name }, _where: toJson(field.where) }];
    case 'column':
      return [field.column, Object.fromEntries(field.comparisons.map((c) => [c.operator, c.value]))];
    case 'relationship':
      return [field.name, toJson(field.where)];
  }
}

/** The key a field takes in its object: two fields of one object cannot share it. */
export function fieldKey(field: Field): string {
  return fieldJson(field)[0];
}

/** Whether an operator is one Hasura knows (others are kept, and shown by name). */
export function knownOperator(name: string): boolean {
  return OPERATOR_NAMES.has(name);
}

/** A short reading of an expression for the matrix and summaries: `customer_id _eq X-Hasura-User-Id`. */
export function describeBoolExp(json: Json | undefined): string {
  if (json === undefined || (isObject(json) && Object.keys(json).length === 0)) return 'without any checks';
  const text = JSON.stringify(json);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The session variables an expression reads, in the order they first appear. */
export function sessionVariables(json: Json | undefined): string[] {
  const found: string[] = [];
  const visit = (value: Json | undefined) => {
    if (isSessionVariable(value ?? null)) {
      const name = (value as string).toLowerCase();
      if (!found.includes(name)) found.push(name);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  visit(json);
  return found;
}
