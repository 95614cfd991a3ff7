SELECT textsend(json_build_object('album_by_pk', (SELECT json_build_object('album_id', _0."album_id", 'title', _0."title", 'artist_id', _0."artist_id") AS value FROM (SELECT * FROM "public"."album" AS _0 WHERE _0."album_id" = $1::text::int4 LIMIT 1) AS _0))::text) AS data
-- params: ["1"]
