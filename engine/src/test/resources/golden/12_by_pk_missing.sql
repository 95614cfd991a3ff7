SELECT textsend(json_build_object('album_by_pk', (SELECT json_build_object('title', _0."title") AS value FROM (SELECT * FROM "public"."album" AS _0 WHERE _0."album_id" = $1::text::int4 LIMIT 1) AS _0))::text) AS data
-- params: ["100000"]
