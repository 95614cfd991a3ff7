#!/usr/bin/env bash
# Measures Chinook queries through the engine (wrk) and the same SQL sent straight to Postgres (pgbench):
# a primary-key lookup with an object relationship, a nested query filtered through three relationships, an
# upsert, and a nested upsert.
# Usage: bench/chinook.sh [seconds] [connections]. Needs a local Postgres; installs wrk from Debian if missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-32}"
db=quarry_bench
port=18080
pg="postgres://postgres@127.0.0.1:5432"
shared="${QUARRY_SHARED:-$root/../shared}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
sed -n '/^\\c chinook;/,$p' "$shared/datasets/chinook/Chinook_PostgreSql.sql" | tail -n +2 | psql -q -v ON_ERROR_STOP=1 "$pg/$db"

# Only startup logs: a JSON line per request (http-log, on by default) would be measured too.
"$root/quarry" serve --database-url "$pg/$db" --port "$port" --metadata-poll-ms 0 --enabled-log-types startup \
  > /tmp/quarry-bench.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$work"/*; rmdir "$work" 2>/dev/null' EXIT
work=$(mktemp -d)
for _ in $(seq 1 60); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 1; done

metadata() { curl -sf "localhost:$port/v1/metadata" -d "$1" >/dev/null; }
ops=""
for t in album artist customer employee genre invoice invoice_line media_type playlist playlist_track track; do
  ops="$ops{\"type\":\"pg_track_table\",\"args\":{\"table\":\"$t\"}},"
done
metadata "{\"type\":\"bulk\",\"args\":[${ops%,}]}"
metadata '{"type":"bulk","args":[
 {"type":"pg_create_array_relationship","args":{"table":"artist","name":"albums","using":{"foreign_key_constraint_on":{"table":"album","column":"artist_id"}}}},
 {"type":"pg_create_object_relationship","args":{"table":"album","name":"artist","using":{"foreign_key_constraint_on":"artist_id"}}},
 {"type":"pg_create_array_relationship","args":{"table":"album","name":"tracks","using":{"foreign_key_constraint_on":{"table":"track","column":"album_id"}}}},
 {"type":"pg_create_object_relationship","args":{"table":"track","name":"genre","using":{"foreign_key_constraint_on":"genre_id"}}}]}'

# Runs one scenario: the GraphQL query through the engine (wrk), then the statement the engine sends for it, with
# its parameters written in, straight to Postgres (pgbench, prepared).
scenario() {
  local name="$1" query="$2" sql="$3"
  local body="{\"query\":\"$query\"}"
  curl -sf "localhost:$port/v1/graphql" -d "$body" | head -c 160 || true  # head may close the pipe early
  echo
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA
  printf '%s\n' "$sql" > "$work/query.sql"
  wrk -t2 -c"$connections" -d10s -s "$work/post.lua" "http://127.0.0.1:$port/v1/graphql" >/dev/null  # warm up the JIT
  echo "== $name: engine, POST /v1/graphql, ${connections} connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/graphql" \
    | grep -E "Requests/sec|Latency|50%|99%"
  echo "== $name: raw SQL, pgbench -M prepared, ${connections} clients, ${seconds}s"
  pgbench -n -M prepared -c "$connections" -j 2 -T "$seconds" -f "$work/query.sql" "$pg/$db" 2>/dev/null \
    | grep -E "^tps|latency average"
}

scenario "by_pk" '{ album_by_pk(album_id: 5) { title artist { name } } }' \
  'SELECT json_build_object('\''album_by_pk'\'', (SELECT json_build_object('\''title'\'', _0."title", '\''artist'\'', _1.value) AS value FROM (SELECT * FROM "public"."album" AS _0 WHERE _0."album_id" = '\''5'\''::text::int4 LIMIT 1) AS _0 LEFT JOIN LATERAL (SELECT json_build_object('\''name'\'', _2."name") AS value FROM (SELECT * FROM "public"."artist" AS _2 WHERE _2."artist_id" = _0."artist_id" LIMIT 1) AS _2) AS _1 ON true))::text AS data;'

scenario "nested" '{ artist(limit: 10, order_by: {name: asc}, where: {albums: {tracks: {genre: {name: {_eq: \"Rock\"}}}}}) { name albums { title tracks(order_by: {track_id: asc}) { name milliseconds genre { name } } } } }' \
  'SELECT json_build_object('\''artist'\'', (SELECT coalesce(json_agg(json_build_object('\''name'\'', _0."name", '\''albums'\'', _1.value) ORDER BY _0."name" ASC NULLS LAST), '\''[]'\''::json) AS value FROM (SELECT * FROM "public"."artist" AS _0 WHERE EXISTS (SELECT 1 FROM "public"."album" AS _7 WHERE _7."artist_id" = _0."artist_id" AND EXISTS (SELECT 1 FROM "public"."track" AS _8 WHERE _8."album_id" = _7."album_id" AND EXISTS (SELECT 1 FROM "public"."genre" AS _9 WHERE _9."genre_id" = _8."genre_id" AND _9."name" = '\''Rock'\''::text::varchar))) ORDER BY _0."name" ASC NULLS LAST LIMIT '\''10'\''::text::int8) AS _0 LEFT JOIN LATERAL (SELECT coalesce(json_agg(json_build_object('\''title'\'', _2."title", '\''tracks'\'', _3.value)), '\''[]'\''::json) AS value FROM (SELECT * FROM "public"."album" AS _2 WHERE _2."artist_id" = _0."artist_id") AS _2 LEFT JOIN LATERAL (SELECT coalesce(json_agg(json_build_object('\''name'\'', _4."name", '\''milliseconds'\'', _4."milliseconds", '\''genre'\'', _5.value) ORDER BY _4."track_id" ASC NULLS LAST), '\''[]'\''::json) AS value FROM (SELECT * FROM "public"."track" AS _4 WHERE _4."album_id" = _2."album_id" ORDER BY _4."track_id" ASC NULLS LAST) AS _4 LEFT JOIN LATERAL (SELECT json_build_object('\''name'\'', _6."name") AS value FROM (SELECT * FROM "public"."genre" AS _6 WHERE _6."genre_id" = _4."genre_id" LIMIT 1) AS _6) AS _5 ON true) AS _3 ON true) AS _1 ON true))::text AS data;'

# An upsert that rewrites one row with the same values: the write path (one statement in a transaction).
scenario "upsert" 'mutation { insert_genre_one(object: {genre_id: 1, name: \"Rock\"}, on_conflict: {constraint: genre_pkey, update_columns: [name]}) { genre_id name } }' \
  'BEGIN;
WITH _w AS (INSERT INTO "public"."genre" AS _0 ("genre_id", "name") VALUES ('\''1'\''::text::int4, '\''Rock'\''::text::varchar) ON CONFLICT ON CONSTRAINT "genre_pkey" DO UPDATE SET "name" = EXCLUDED."name" WHERE true RETURNING *, (xmax = 0) AS "w.inserted") SELECT (SELECT json_build_object('\''genre_id'\'', _1."genre_id", '\''name'\'', _1."name") AS value FROM (SELECT * FROM _w AS _1 LIMIT 1) AS _1)::text AS data, true AS checked;
COMMIT;'

# A nested upsert: an artist with two albums (which copy its key), answered with a relationship: a write statement,
# then a read of the written rows, in one transaction.
scenario "nested_insert" 'mutation { insert_artist_one(object: {artist_id: 1000, name: \"Bench\", albums: {data: [{album_id: 1000, title: \"A\"}, {album_id: 1001, title: \"B\"}], on_conflict: {constraint: album_pkey, update_columns: [title]}}}, on_conflict: {constraint: artist_pkey, update_columns: [name]}) { name albums { title } } }' \
  'BEGIN;
WITH _n0 AS (INSERT INTO "public"."artist" AS _0 ("artist_id", "name") VALUES ('\''1000'\''::text::int4, '\''Bench'\''::text::varchar) ON CONFLICT ON CONSTRAINT "artist_pkey" DO UPDATE SET "name" = EXCLUDED."name" WHERE true RETURNING *, (xmax = 0) AS "w.inserted"), _n1 AS (INSERT INTO "public"."album" AS _1 ("album_id", "title", "artist_id") SELECT '\''1000'\''::text::int4, '\''A'\''::text::varchar, _n0."artist_id" FROM _n0 ON CONFLICT ON CONSTRAINT "album_pkey" DO UPDATE SET "title" = EXCLUDED."title" WHERE true RETURNING *, (xmax = 0) AS "w.inserted"), _n2 AS (INSERT INTO "public"."album" AS _2 ("album_id", "title", "artist_id") SELECT '\''1001'\''::text::int4, '\''B'\''::text::varchar, _n0."artist_id" FROM _n0 ON CONFLICT ON CONSTRAINT "album_pkey" DO UPDATE SET "title" = EXCLUDED."title" WHERE true RETURNING *, (xmax = 0) AS "w.inserted") SELECT json_build_object('\''counts'\'', to_json(ARRAY[(SELECT count(*) FROM _n0), (SELECT count(*) FROM _n1), (SELECT count(*) FROM _n2)]::int8[]), '\''top'\'', to_json(ARRAY[(SELECT ROW(_n0."artist_id", _n0."name")::text FROM _n0)]::text[]), '\''groups'\'', to_json(ARRAY[]::json[]))::text AS data, true AS checked;
SELECT (SELECT json_build_object('\''name'\'', _3."name", '\''albums'\'', _4.value) AS value FROM (SELECT * FROM (SELECT (r.v::"public"."artist").* FROM json_array_elements_text('\''{"counts":[1,1,1],"top":["(1000,Bench)"],"groups":[]}'\''::text::json -> '\''top'\'') WITH ORDINALITY AS r(v, n) WHERE r.v IS NOT NULL ORDER BY r.n) AS _3 LIMIT 1) AS _3 LEFT JOIN LATERAL (SELECT coalesce(json_agg(json_build_object('\''title'\'', _5."title")), '\''[]'\''::json) AS value FROM (SELECT * FROM "public"."album" AS _5 WHERE _5."artist_id" = _3."artist_id") AS _5) AS _4 ON true)::text AS data, true AS checked;
COMMIT;'
