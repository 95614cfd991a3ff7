// What the Data pages know about the database and its metadata, read through the public APIs: the catalog with
// run_sql (read only), the metadata with export_metadata.
import inflection from 'inflection';
import type { ApiClient } from '../../api/client';

export const SOURCE = 'default';

export type RelationKind = 'table' | 'view' | 'materialized view' | 'foreign table' | 'function';

export interface DbObject {
  schema: string;
  name: string;
  kind: RelationKind;
  comment: string | null;
}

export interface QualifiedName {
  schema: string;
  name: string;
}

export interface RelationshipMeta {
  name: string;
  using: {
    foreign_key_constraint_on?: string | string[] | { table: QualifiedName | string; column?: string; columns?: string[] };
    manual_configuration?: { remote_table: QualifiedName | string; column_mapping: Record<string, string> };
  };
  comment?: string;
}

export interface TableConfiguration {
  custom_name?: string;
  custom_root_fields?: Record<string, string | { name?: string; comment?: string } | null>;
  column_config?: Record<string, { custom_name?: string; comment?: string }>;
  custom_column_names?: Record<string, string>;
  comment?: string;
}

export interface ComputedFieldMeta {
  name: string;
  definition: { function: QualifiedName | string; table_argument?: string; session_argument?: string };
  comment?: string;
}

export interface TableMeta {
  table: QualifiedName;
  is_enum?: boolean;
  configuration?: TableConfiguration;
  object_relationships?: RelationshipMeta[];
  array_relationships?: RelationshipMeta[];
  computed_fields?: ComputedFieldMeta[];
  select_permissions?: unknown[];
  insert_permissions?: unknown[];
  update_permissions?: unknown[];
  delete_permissions?: unknown[];
}

export interface FunctionMeta {
  function: QualifiedName;
}

export interface MetadataDoc {
  version: number;
  sources: { name: string; tables?: TableMeta[]; functions?: FunctionMeta[] }[];
  [key: string]: unknown;
}

export interface SuggestedRelationship {
  type: 'object' | 'array';
  from: { table: QualifiedName; columns: string[]; constraint_name?: string };
  to: { table: QualifiedName; columns: string[]; constraint_name?: string };
}

export function qualified(table: QualifiedName | string): QualifiedName {
  return typeof table === 'string' ? { schema: 'public', name: table } : table;
}

export function sameTable(a: QualifiedName | string, b: QualifiedName | string): boolean {
  const x = qualified(a);
  const y = qualified(b);
  return x.schema === y.schema && x.name === y.name;
}

export function display(table: QualifiedName): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

const CATALOG = `
SELECT n.nspname, NULL, 'schema', NULL FROM pg_namespace n
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog') AND n.nspname NOT LIKE 'pg\\_%'
UNION ALL
SELECT n.nspname, c.relname,
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
       obj_description(c.oid, 'pg_class')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog') AND n.nspname NOT LIKE 'pg\\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT n.nspname, p.proname, 'function', obj_description(p.oid, 'pg_proc')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind = 'f' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog')
   AND n.nspname NOT LIKE 'pg\\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 3, 2`;

export interface Database {
  schemas: string[];
  objects: DbObject[];
  metadata: MetadataDoc;
  tables: TableMeta[];
  functions: FunctionMeta[];
}

/** The catalog and the metadata, read together. */
export async function loadDatabase(client: ApiClient): Promise<Database> {
  const [catalog, metadata] = await Promise.all([
    client.runSql(CATALOG, { readOnly: true }),
    client.metadata<MetadataDoc>('export_metadata', {}),
  ]);
  const rows = (catalog.result ?? []).slice(1);
  const schemas = rows.filter((r) => r[2] === 'schema').map((r) => r[0] ?? '');
  const objects = rows.filter((r) => r[2] !== 'schema').map((r) => ({
    schema: r[0] ?? '', name: r[1] ?? '', kind: r[2] as RelationKind, comment: r[3],
  }));
  const source = metadata.sources.find((s) => s.name === SOURCE);
  return { schemas, objects, metadata, tables: source?.tables ?? [], functions: source?.functions ?? [] };
}

export function findTable(db: Database, table: QualifiedName): TableMeta | undefined {
  return db.tables.find((t) => sameTable(t.table, table));
}

export function isTracked(db: Database, object: DbObject): boolean {
  return object.kind === 'function'
    ? db.functions.some((f) => sameTable(f.function, object))
    : db.tables.some((t) => sameTable(t.table, object));
}

/**
 * A suggested relationship's name as Hasura's console names it: the remote table's name, singular for an object
 * relationship and plural for an array one; a name the table already uses gets the columns appended.
 */
export function suggestedName(suggestion: SuggestedRelationship, taken: Set<string>): string {
  const remote = suggestion.to.table.name;
  const base = (suggestion.type === 'object' ? inflection.singularize(remote) : inflection.pluralize(remote))
    .replace(/\./g, '_');
  if (!taken.has(base)) return base;
  const columns = suggestion.type === 'object' ? suggestion.from.columns : suggestion.to.columns;
  return `${base}_by_${columns.join('_')}`;
}

/** The names a table's fields already use: its relationships and computed fields. */
export function fieldNames(table: TableMeta | undefined): Set<string> {
  return new Set([
    ...(table?.object_relationships ?? []).map((r) => r.name),
    ...(table?.array_relationships ?? []).map((r) => r.name),
    ...(table?.computed_fields ?? []).map((c) => c.name),
  ]);
}

/** The metadata operation that creates a suggested relationship under `name`. */
export function suggestionOperation(suggestion: SuggestedRelationship, name: string) {
  const object = suggestion.type === 'object';
  const using = object && suggestion.from.constraint_name
    ? { foreign_key_constraint_on: suggestion.from.columns }
    : { foreign_key_constraint_on: { table: suggestion.to.table, columns: suggestion.to.columns } };
  return {
    type: object ? 'pg_create_object_relationship' : 'pg_create_array_relationship',
    args: { source: SOURCE, table: suggestion.from.table, name, using },
  };
}

/** Names every suggestion, avoiding clashes with what each table has and with each other. */
export function nameSuggestions(db: Database, suggestions: SuggestedRelationship[]) {
  const taken = new Map<string, Set<string>>();
  return suggestions.map((s) => {
    const key = `${s.from.table.schema}.${s.from.table.name}`;
    if (!taken.has(key)) taken.set(key, fieldNames(findTable(db, s.from.table)));
    const names = taken.get(key)!;
    const name = suggestedName(s, names);
    names.add(name);
    return { suggestion: s, name };
  });
}

export async function loadSuggestions(client: ApiClient, tables?: QualifiedName[]): Promise<SuggestedRelationship[]> {
  const answer = await client.metadata<{ relationships: SuggestedRelationship[] }>('pg_suggest_relationships', {
    source: SOURCE, omit_tracked: true, ...(tables ? { tables } : {}),
  });
  return answer.relationships;
}
