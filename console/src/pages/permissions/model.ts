// Permissions as the metadata holds them, and the metadata operations that save them.
import type { Json } from '../../api/client';
import type { TableRef } from './boolExp';

export const OPERATIONS = ['insert', 'select', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export type JsonObject = { [key: string]: Json };

/** One permission's body, as `pg_create_<op>_permission` takes it (every key optional here; the editor fills them). */
export interface PermissionBody {
  columns?: string[] | '*';
  filter?: JsonObject;
  check?: JsonObject;
  set?: JsonObject;
  limit?: number;
  allow_aggregations?: boolean;
  backend_only?: boolean;
  query_root_fields?: string[];
  subscription_root_fields?: string[];
  computed_fields?: string[];
  [key: string]: Json | undefined;
}

export interface RoleEntry {
  role: string;
  permission: PermissionBody;
  comment?: string;
}

/** A tracked table's entry in the exported metadata: the parts the permissions pages read. */
export interface TableEntry {
  table: { schema: string; name: string };
  object_relationships?: RelationshipEntry[];
  array_relationships?: RelationshipEntry[];
  insert_permissions?: RoleEntry[];
  select_permissions?: RoleEntry[];
  update_permissions?: RoleEntry[];
  delete_permissions?: RoleEntry[];
}

export interface RelationshipEntry {
  name: string;
  using: {
    foreign_key_constraint_on?: string | string[] | { table: TableRef | string; column?: string; columns?: string[] };
    manual_configuration?: { remote_table: TableRef | string; column_mapping: Record<string, string> };
  };
}

export interface InheritedRole {
  role_name: string;
  role_set: string[];
}

export interface ExportedMetadata {
  sources?: { name: string; tables?: TableEntry[] }[];
  inherited_roles?: InheritedRole[];
}

export function tableKey(table: TableRef): string {
  return `${table.schema ?? 'public'}.${table.name}`;
}

export function permissionsOf(table: TableEntry, op: Operation): RoleEntry[] {
  return table[`${op}_permissions`] ?? [];
}

/** Every role that has a permission anywhere, and the inherited roles, sorted. */
export function allRoles(metadata: ExportedMetadata): string[] {
  const roles = new Set<string>();
  for (const source of metadata.sources ?? []) {
    for (const table of source.tables ?? []) {
      for (const op of OPERATIONS) permissionsOf(table, op).forEach((p) => roles.add(p.role));
    }
  }
  (metadata.inherited_roles ?? []).forEach((r) => roles.add(r.role_name));
  return [...roles].sort((a, b) => a.localeCompare(b));
}

/**
 * How much a role may do: `full` (every row, every column), `partial` (a row filter or some columns), `none`.
 * Hasura's console draws these as a tick, a funnel and a cross.
 */
export type Access = 'full' | 'partial' | 'none';

export function access(entry: RoleEntry | undefined, op: Operation, columnCount?: number): Access {
  if (!entry) return 'none';
  const p = entry.permission;
  const rows = op === 'insert' ? [p.check] : op === 'update' ? [p.filter, p.check] : [p.filter];
  const everyRow = rows.every((r) => r === undefined || Object.keys(r).length === 0);
  const everyColumn = op === 'delete' || p.columns === '*'
    || (columnCount !== undefined && Array.isArray(p.columns) && p.columns.length >= columnCount);
  return everyRow && everyColumn && p.limit === undefined ? 'full' : 'partial';
}

/**
 * What a role may do on a table: its own permission when it has one, else, for an inherited role, the most any role
 * of its set may do (Hasura unions their rows and columns). Inherited roles may nest; a cycle reads as no access.
 */
export function effectiveAccess(table: TableEntry, role: string, op: Operation, inherited: InheritedRole[],
  seen: string[] = []): { access: Access; inherited: boolean } {
  const own = permissionsOf(table, op).find((p) => p.role === role);
  const parents = inherited.find((r) => r.role_name === role)?.role_set;
  if (own || !parents || seen.includes(role)) return { access: access(own, op), inherited: false };
  const rank: Record<Access, number> = { none: 0, partial: 1, full: 2 };
  let best: Access = 'none';
  for (const parent of parents) {
    const found = effectiveAccess(table, parent, op, inherited, [...seen, role]).access;
    if (rank[found] > rank[best]) best = found;
  }
  return { access: best, inherited: true };
}

/** The metadata operations that give `role` the permission `body` on `table`, replacing the one it has (if any). */
export function saveOperations(source: string, table: TableRef, role: string, op: Operation, body: PermissionBody,
  exists: boolean, comment?: string): { type: string; args: Json }[] {
  const create = {
    type: `pg_create_${op}_permission`,
    args: { source, table: { schema: table.schema ?? 'public', name: table.name }, role, permission: clean(body),
      ...(comment ? { comment } : {}) } as Json,
  };
  return exists ? [dropOperation(source, table, role, op), create] : [create];
}

export function dropOperation(source: string, table: TableRef, role: string, op: Operation): { type: string; args: Json } {
  return { type: `pg_drop_${op}_permission`,
    args: { source, table: { schema: table.schema ?? 'public', name: table.name }, role } };
}

/** The body without keys left undefined, so the saved metadata holds only what was chosen. */
function clean(body: PermissionBody): Json {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Json;
}

/** The root fields Hasura lets a select permission show or hide, by where they live. */
export const QUERY_ROOT_FIELDS = ['select', 'select_by_pk', 'select_aggregate'];
export const SUBSCRIPTION_ROOT_FIELDS = ['select', 'select_by_pk', 'select_aggregate', 'select_stream'];

/** Which part of the editor a server error concerns, from its JSON path (`$.args[1].args.permission.filter._and`). */
export type Section = 'columns' | 'filter' | 'check' | 'set' | 'limit' | 'root_fields' | 'general';

export function sectionOf(path: string | undefined): Section {
  if (!path) return 'general';
  const match = /permission\.([a-z_]+)/.exec(path);
  switch (match?.[1]) {
    case 'columns':
    case 'computed_fields':
      return 'columns';
    case 'filter':
      return 'filter';
    case 'check':
      return 'check';
    case 'set':
      return 'set';
    case 'limit':
      return 'limit';
    case 'query_root_fields':
    case 'subscription_root_fields':
      return 'root_fields';
    default:
      return 'general';
  }
}

/**
 * Which part an error concerns when its path says nothing (the engine may word it as an inconsistency of the whole
 * table): the part whose JSON holds a name the message quotes.
 */
export function sectionOfMessage(message: string, body: PermissionBody): Section | undefined {
  const quoted = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const mentions = (json: unknown) => quoted.some((q) => JSON.stringify(json ?? null).includes(`"${q}"`));
  if (mentions(body.filter)) return 'filter';
  if (mentions(body.check)) return 'check';
  if (mentions(body.set)) return 'set';
  if (Array.isArray(body.columns) && mentions(body.columns)) return 'columns';
  return undefined;
}
