-- What the catalog query would read of each relation, stamped: the transaction ids that last wrote its pg_class row,
-- its columns (with their types), keys (with the relations they refer to) and comments, with how many there are.
-- A relation whose stamp is unchanged since the last read reads the same, so only the others are read again
-- (catalog.sql with their OIDs). Relations in the order catalog.sql lists them; dropped ones are simply absent.
-- The relations are those of catalog.sql, chosen alike. Last, under OID 0 (never a relation's), one stamp of what
-- catalog.sql reads besides relations: the functions of the user's schemas and the enum types with their labels.
WITH relations AS (
  SELECT c.oid, c.xmin, n.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog')
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp\_%'
),
columns AS (
  SELECT a.attrelid AS oid, count(*) AS n, sum(a.xmin::text::bigint + t.xmin::text::bigint) AS stamp
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  WHERE a.attrelid IN (SELECT oid FROM relations) AND a.attnum > 0
  GROUP BY a.attrelid
),
keys AS (
  SELECT con.conrelid AS oid, count(*) AS n,
         sum(con.xmin::text::bigint + coalesce(rc.xmin::text::bigint, 0)) AS stamp
  FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
  WHERE con.conrelid IN (SELECT oid FROM relations)
  GROUP BY con.conrelid
),
comments AS (
  SELECT d.objoid AS oid, count(*) AS n, sum(d.xmin::text::bigint) AS stamp
  FROM pg_catalog.pg_description d
  WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid IN (SELECT oid FROM relations)
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
SELECT (coalesce(jsonb_agg(jsonb_build_array(r.oid::bigint, concat_ws(':', r.xmin, c.n, c.stamp, k.n, k.stamp, d.n, d.stamp))
  ORDER BY r.nspname, r.relname), '[]'::jsonb)
  || jsonb_build_array(jsonb_build_array(0, (SELECT concat_ws(':', f.n, f.stamp, e.n, e.stamp)
                                            FROM functions f, enums e))))::text AS stamps
FROM relations r
LEFT JOIN columns c ON c.oid = r.oid
LEFT JOIN keys k ON k.oid = r.oid
LEFT JOIN comments d ON d.oid = r.oid
