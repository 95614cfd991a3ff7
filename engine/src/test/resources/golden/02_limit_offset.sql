SELECT textsend(json_build_object('track', (SELECT coalesce(json_agg(json_build_object('track_id', _0."track_id", 'name', _0."name") ORDER BY _0."track_id" ASC NULLS LAST), '[]'::json) AS value FROM (SELECT * FROM "public"."track" AS _0 ORDER BY _0."track_id" ASC NULLS LAST LIMIT $1::text::int8 OFFSET $2::text::int8) AS _0))::text) AS data
-- params: ["5","10"]
