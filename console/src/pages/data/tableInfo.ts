// One table's structure, read from the catalog with run_sql: columns with types, defaults and comments, and its
// constraints.
import type { ApiClient } from '../../api/client';
import type { QualifiedName } from './model';
import type { ColumnInfo } from './names';

export interface Column extends ColumnInfo {
  displayType: string;
  default: string | null;
  comment: string | null;
}

export interface Constraint {
  name: string;
  kind: 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclusion';
  definition: string;
  columns: string[];
}

export interface TableInfo {
  kind: string;
  comment: string | null;
  columns: Column[];
  constraints: Constraint[];
  primaryKey: string[];
}

/** A string as an SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const KINDS: Record<string, Constraint['kind']> = { p: 'primary key', u: 'unique', f: 'foreign key', c: 'check', x: 'exclusion' };

export async function loadTableInfo(client: ApiClient, table: QualifiedName): Promise<TableInfo> {
  const oid = `format('%I.%I', ${sqlString(table.schema)}, ${sqlString(table.name)})::regclass`;
  // Columns: what, name, three details, default, comment, order.
  const sql = `
SELECT 'relation', c.relkind::text, NULL, NULL, NULL, NULL, obj_description(c.oid, 'pg_class'), 0
  FROM pg_class c WHERE c.oid = ${oid}
UNION ALL
SELECT 'column', a.attname, t.typname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END,
       pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum), a.attnum
  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = ${oid} AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint', k.conname, k.contype::text, pg_get_constraintdef(k.oid),
       (SELECT string_agg(a.attname, ',' ORDER BY x.n) FROM unnest(k.conkey) WITH ORDINALITY x(attnum, n)
          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum), NULL, NULL, 1000
  FROM pg_constraint k WHERE k.conrelid = ${oid}
ORDER BY 1 DESC, 8, 2`;
  const answer = await client.runSql(sql, { readOnly: true });
  const rows = (answer.result ?? []).slice(1);
  const relation = rows.find((r) => r[0] === 'relation');
  const columns: Column[] = rows.filter((r) => r[0] === 'column').map((r) => ({
    name: r[1] ?? '', type: r[2] ?? 'text', displayType: r[3] ?? '', nullable: r[4] === 'YES',
    default: r[5], hasDefault: r[5] !== null, comment: r[6],
  }));
  const constraints: Constraint[] = rows.filter((r) => r[0] === 'constraint').map((r) => ({
    name: r[1] ?? '', kind: KINDS[r[2] ?? ''] ?? 'check', definition: r[3] ?? '', columns: (r[4] ?? '').split(',').filter(Boolean),
  }));
  const kind = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table' }[relation?.[1] ?? 'r'] ?? 'table';
  return {
    kind, comment: relation?.[6] ?? null, columns, constraints,
    primaryKey: constraints.find((c) => c.kind === 'primary key')?.columns ?? [],
  };
}
