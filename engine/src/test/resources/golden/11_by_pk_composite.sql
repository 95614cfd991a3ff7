SELECT textsend(json_build_object('playlist_track_by_pk', (SELECT json_build_object('playlist_id', _0."playlist_id", 'track_id', _0."track_id") AS value FROM (SELECT * FROM "public"."playlist_track" AS _0 WHERE (_0."playlist_id" = $1::text::int4) AND (_0."track_id" = $2::text::int4) LIMIT 1) AS _0))::text) AS data
-- params: ["1","3402"]
