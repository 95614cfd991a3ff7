SELECT textsend(json_build_object('artist', (SELECT coalesce(json_agg(json_build_object('artist_id', _0."artist_id", 'name', _0."name")), '[]'::json) AS value FROM (SELECT * FROM "public"."artist" AS _0 WHERE _0."name" = $1::text::varchar) AS _0))::text) AS data
-- params: ["AC/DC"]
