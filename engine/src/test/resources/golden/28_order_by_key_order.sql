SELECT textsend(json_build_object('genre', (SELECT coalesce(json_agg(json_build_object('genre_id', _0."genre_id", 'name', _0."name") ORDER BY _0."name" DESC NULLS FIRST, _0."genre_id" ASC NULLS LAST), '[]'::json) AS value FROM (SELECT * FROM "public"."genre" AS _0 ORDER BY _0."name" DESC NULLS FIRST, _0."genre_id" ASC NULLS LAST LIMIT $1::text::int8) AS _0))::text) AS data
-- params: ["3"]
