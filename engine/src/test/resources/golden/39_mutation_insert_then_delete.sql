WITH _w AS (INSERT INTO "public"."genre" AS _0 ("genre_id", "name") VALUES ($1::text::int4, $2::text::varchar), ($3::text::int4, DEFAULT) RETURNING *) SELECT textsend(json_build_object('affected_rows', (SELECT count(*) FROM _w), 'returning', (SELECT coalesce(json_agg(json_build_object('genre_id', _1."genre_id", 'name', _1."name")), '[]'::json) AS value FROM (SELECT * FROM _w AS _1) AS _1))::text) AS data, true AS checked
-- params: ["998","Golden","999"]
WITH _w AS (DELETE FROM "public"."genre" AS _0 WHERE _0."genre_id" >= $1::text::int4 RETURNING *) SELECT textsend(json_build_object('affected_rows', (SELECT count(*) FROM _w))::text) AS data, true AS checked
-- params: ["998"]
