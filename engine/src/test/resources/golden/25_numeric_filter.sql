SELECT textsend(json_build_object('track', (SELECT coalesce(json_agg(json_build_object('track_id', _0."track_id", 'unit_price', _0."unit_price") ORDER BY _0."track_id" ASC NULLS LAST), '[]'::json) AS value FROM (SELECT * FROM "public"."track" AS _0 WHERE _0."unit_price" > $1::text::numeric ORDER BY _0."track_id" ASC NULLS LAST LIMIT $2::text::int8) AS _0))::text) AS data
-- params: ["0.99","3"]
