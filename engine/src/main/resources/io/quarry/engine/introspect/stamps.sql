-- What the catalog query would read of each relation, stamped, to find the relations changed since the last read
-- (catalog.sql then reads only those). Answers lines of text:
--   the xmin of this statement's snapshot: every catalog row written since has an xid from there on ($1 next time);
--   one stamp of what catalog.sql reads besides relations: the functions of the user's schemas and the enum types
--     with their labels, with how many there are;
--   then a line a relation, in the order catalog.sql lists them ("<oid> <stamp>[ written]"): its stamp is the
--     transaction ids that last wrote its pg_class and pg_namespace rows, its keys (with the relations they refer to)
--     and comments, with how many there are; "written" when one of its columns or their types was written by a
--     transaction from $1 on (with $1 null, always). Dropped relations are simply absent.
-- Columns are not summed by relation like the rest: that takes most of the time for thousands of relations, while
-- one pass over pg_attribute for rows written since $1 is cheap. A column is only ever deleted with its relation
-- (DROP COLUMN rewrites its row), so the rows written since find every change to columns.
-- The relations are those of catalog.sql, chosen alike.
WITH relations AS (
  SELECT c.oid, c.xmin, n.xmin AS schema_xmin, n.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog')
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp\_%'
),
-- age() counts back from the current transaction id: rows no older than $1 were written by it or later ones. An
-- xmin that is not a normal transaction id (frozen, bootstrap) has the greatest age.
written_columns AS (
  SELECT DISTINCT a.attrelid AS oid
  FROM pg_catalog.pg_attribute a
  WHERE a.attnum > 0 AND (age(a.xmin) <= age($1::bigint::text::xid) OR a.atttypid IN (
    SELECT t.oid FROM pg_catalog.pg_type t WHERE age(t.xmin) <= age($1::bigint::text::xid))) IS NOT FALSE
),
keys AS (
  SELECT con.conrelid AS oid, count(*) AS n,
         sum(con.xmin::text::bigint + coalesce(rc.xmin::text::bigint, 0)) AS stamp
  FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
  GROUP BY con.conrelid
),
comments AS (
  SELECT d.objoid AS oid, count(*) AS n, sum(d.xmin::text::bigint) AS stamp
  FROM pg_catalog.pg_description d
  WHERE d.classoid = 'pg_catalog.pg_class'::regclass
  GROUP BY d.objoid
),
functions AS (
  SELECT count(*) AS n, sum(p.xmin::text::bigint) AS stamp
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog') AND n.nspname NOT LIKE 'pg\_%'
),
enums AS (
  SELECT count(*) AS n, sum(e.xmin::text::bigint + t.xmin::text::bigint) AS stamp
  FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
)
SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296) || E'\n'
  || (SELECT concat_ws(':', f.n, f.stamp, e.n, e.stamp) FROM functions f, enums e)
  || coalesce(E'\n' || string_agg(concat_ws(' ', r.oid, concat_ws(':', r.xmin, r.schema_xmin, k.n, k.stamp, d.n,
       d.stamp), CASE WHEN w.oid IS NOT NULL THEN 'written' END), E'\n' ORDER BY r.nspname, r.relname), '')
  AS stamps
FROM relations r
LEFT JOIN written_columns w ON w.oid = r.oid
LEFT JOIN keys k ON k.oid = r.oid
LEFT JOIN comments d ON d.oid = r.oid
