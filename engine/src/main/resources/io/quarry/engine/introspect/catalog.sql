-- The whole catalog in one round trip, as one JSON document:
-- tables, views, materialized views, foreign tables, partitioned tables and their partitions of every non-system
-- schema, with their columns, keys, foreign keys, comments and the statements Postgres accepts on them, all enum
-- types, and the functions of those schemas (input arguments, return type, volatility) that can back root fields and
-- computed fields.
-- Relations carry their OID and columns their number, which survive a rename, so renames can be followed.
-- With $1, only the relations it names (stamps.sql tells which changed); enums and functions always.
WITH relations AS (
  SELECT c.oid, n.nspname AS schema_name, c.relname AS name, c.relkind AS kind,
         obj_description(c.oid, 'pg_class') AS comment,
         -- 1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE in the mask; views and foreign tables count their triggers and
         -- rules, materialized views accept nothing.
         CASE WHEN c.relkind IN ('r', 'p') THEN 28 ELSE pg_catalog.pg_relation_is_updatable(c.oid, true) END AS writes
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog')
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp\_%'
    -- $1: the OIDs of the relations to read (those changed since the last read), or null for all of them.
    AND ($1::bigint[] IS NULL OR c.oid::bigint = ANY ($1::bigint[]))
),
types AS (
  SELECT t.oid,
         json_build_object('schema', tn.nspname, 'name', t.typname, 'kind', t.typtype, 'category', t.typcategory,
           'element', CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN (
             SELECT json_build_object('schema', en.nspname, 'name', e.typname, 'kind', e.typtype, 'category', e.typcategory)
             FROM pg_catalog.pg_type e JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
             WHERE e.oid = t.typelem) END,
           'base', CASE WHEN t.typtype = 'd' THEN (
             SELECT json_build_object('schema', bn.nspname, 'name', b.typname, 'kind', b.typtype, 'category', b.typcategory)
             FROM pg_catalog.pg_type b JOIN pg_catalog.pg_namespace bn ON bn.oid = b.typnamespace
             WHERE b.oid = t.typbasetype) END) AS info
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
  WHERE t.oid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a JOIN relations r ON r.oid = a.attrelid)
),
-- Keys with their columns, one row a key, carrying what the parts below need so that none joins back to
-- pg_constraint (the planner misjudges such a join and repeats it for every key).
constraint_columns AS (
  SELECT con.oid, con.conrelid, con.contype, con.conname, con.confrelid, con.conparentid,
         json_agg(a.attname ORDER BY k.ord) AS columns,
         json_agg(fa.attname ORDER BY k.ord) AS ref_columns
  FROM pg_catalog.pg_constraint con
  CROSS JOIN LATERAL unnest(con.conkey, coalesce(con.confkey, con.conkey)) WITH ORDINALITY AS k(attnum, ref_attnum, ord)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.ref_attnum
  WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid IN (SELECT oid FROM relations)
  GROUP BY con.oid, con.conrelid, con.contype, con.conname, con.confrelid, con.conparentid
),
-- Each part of a relation is aggregated for all relations at once and joined by OID: a subquery per relation
-- would scan the parts of every other relation too, which grows with the square of their number.
relation_columns AS (
  SELECT a.attrelid AS oid, json_agg(json_build_object(
           'name', a.attname,
           'position', a.attnum,
           'type', ty.info,
           'nullable', NOT a.attnotnull,
           'has_default', a.atthasdef OR a.attidentity <> '',
           'identity', a.attidentity <> '',
           'identity_always', a.attidentity = 'a',
           'generated', a.attgenerated <> '',
           'comment', col_description(a.attrelid, a.attnum)) ORDER BY a.attnum) AS columns
  FROM pg_catalog.pg_attribute a
  JOIN types ty ON ty.oid = a.atttypid
  WHERE a.attrelid IN (SELECT oid FROM relations) AND a.attnum > 0 AND NOT a.attisdropped
  GROUP BY a.attrelid
),
primary_keys AS (
  SELECT cc.conrelid AS oid, json_build_object('name', cc.conname, 'columns', cc.columns) AS primary_key
  FROM constraint_columns cc
  WHERE cc.contype = 'p'
),
unique_keys AS (
  SELECT cc.conrelid AS oid,
         json_agg(json_build_object('name', cc.conname, 'columns', cc.columns) ORDER BY cc.conname) AS unique_constraints
  FROM constraint_columns cc
  WHERE cc.contype = 'u'
  GROUP BY cc.conrelid
),
foreign_keys AS (
  SELECT cc.conrelid AS oid,
         json_agg(json_build_object(
           'name', cc.conname, 'columns', cc.columns,
           'ref_schema', rn.nspname, 'ref_name', rc.relname, 'ref_columns', cc.ref_columns) ORDER BY cc.conname)
           AS foreign_keys
  FROM constraint_columns cc
  JOIN pg_catalog.pg_class rc ON rc.oid = cc.confrelid
  JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
  -- A key referencing a partitioned table is cloned for each of its partitions: only the original counts.
  WHERE cc.contype = 'f'
    AND NOT (cc.conparentid <> 0 AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint parent
             WHERE parent.oid = cc.conparentid AND parent.conrelid = cc.conrelid))
  GROUP BY cc.conrelid
)
SELECT json_build_object(
  'relations', coalesce((
    SELECT json_agg(json_build_object(
      'oid', r.oid,
      'schema', r.schema_name,
      'name', r.name,
      'kind', r.kind,
      'comment', r.comment,
      'insertable', (r.writes & 8) = 8,
      'updatable', (r.writes & 4) = 4,
      'deletable', (r.writes & 16) = 16,
      'columns', coalesce(rcol.columns, '[]'::json),
      'primary_key', pk.primary_key,
      'unique_constraints', coalesce(uk.unique_constraints, '[]'::json),
      'foreign_keys', coalesce(fk.foreign_keys, '[]'::json)
    ) ORDER BY r.schema_name, r.name)
    FROM relations r
    LEFT JOIN relation_columns rcol ON rcol.oid = r.oid
    LEFT JOIN primary_keys pk ON pk.oid = r.oid
    LEFT JOIN unique_keys uk ON uk.oid = r.oid
    LEFT JOIN foreign_keys fk ON fk.oid = r.oid), '[]'::json),
  'enums', coalesce((
    SELECT json_agg(json_build_object(
      'schema', n.nspname, 'name', t.typname,
      'values', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
    ) ORDER BY n.nspname, t.typname)
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'e' AND n.nspname NOT IN ('pg_catalog', 'information_schema')), '[]'::json),
  'functions', coalesce((
    SELECT json_agg(json_build_object(
      'schema', n.nspname,
      'name', p.proname,
      'arguments', (
        SELECT coalesce(json_agg(json_build_object(
          'name', nullif(p.proargnames[a.ord], ''),
          'type', json_build_object('schema', tn.nspname, 'name', t.typname, 'kind', t.typtype, 'category', t.typcategory)
        ) ORDER BY a.ord), '[]'::json)
        FROM unnest(p.proargtypes) WITH ORDINALITY AS a(oid, ord)
        JOIN pg_catalog.pg_type t ON t.oid = a.oid
        JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace),
      'defaults', p.pronargdefaults,
      'returns_set', p.proretset,
      'return_type', json_build_object('schema', rn.nspname, 'name', rt.typname, 'kind', rt.typtype,
        'category', rt.typcategory),
      'return_relation', (
        SELECT json_build_object('schema', cn.nspname, 'name', c.relname)
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
        WHERE c.oid = rt.typrelid),
      'volatility', p.provolatile,
      'comment', obj_description(p.oid, 'pg_proc')
    ) ORDER BY n.nspname, p.proname, p.oid)
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_catalog.pg_type rt ON rt.oid = p.prorettype
    JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.typnamespace
    WHERE p.prokind = 'f'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'hdb_catalog')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND (p.proargmodes IS NULL OR NOT 'o' = ANY (p.proargmodes::text[]))
      -- Extension functions (PostGIS has thousands) never back fields.
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')), '[]'::json)
)::text AS catalog
