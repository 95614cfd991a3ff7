SELECT textsend(json_build_object('album', (SELECT coalesce(json_agg(json_build_object('album_id', _0."album_id") ORDER BY _0."album_id" ASC NULLS LAST), '[]'::json) AS value FROM (SELECT * FROM "public"."album" AS _0 ORDER BY _0."album_id" ASC NULLS LAST LIMIT $1::text::int8) AS _0))::text) AS data
-- params: ["2"]
