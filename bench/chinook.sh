#!/usr/bin/env bash
# Measures Chinook queries through the engine (wrk) beside the engine's own statement sent straight to Postgres
# (pgbench), and beside PostGraphile v5 when BENCH_POSTGRAPHILE=1 (installed from npm into a temporary folder):
# a light query, a key lookup with a variable, the nested query (50 artists, their albums and tracks) written inline
# and with its limit as a variable, and an upsert. Each request is warmed up first; every tool uses the same
# number of connections. Prints req/s, p50/p99 latency, the engine's resident memory idle and after each load, and
# writes the table to bench/results.md.
# Usage: bench/chinook.sh [seconds] [connections]. Needs a local Postgres; installs wrk from Debian if missing.
# QUARRY_JAR=path/to/quarry.jar measures that jar (with the flags ./quarry uses) instead of ./quarry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-8}"
db=quarry_bench
port=18080
pgl_port=18090
pg="postgres://postgres@127.0.0.1:5432"
shared="${QUARRY_SHARED:-$root/../shared}"
out="$root/bench/results.md"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
sed -n '/^\\c chinook;/,$p' "$shared/datasets/chinook/Chinook_PostgreSql.sql" | tail -n +2 | psql -q -v ON_ERROR_STOP=1 "$pg/$db"

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# Only startup logs: a JSON line per request (http-log, on by default) would be measured too.
serve=(serve --database-url "$pg/$db" --port "$port" --metadata-poll-ms 0 --enabled-log-types startup)
if [ -n "${QUARRY_JAR:-}" ]; then
  java -XX:+UseSerialGC -Xms16m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=128m \
    -jar "$QUARRY_JAR" "${serve[@]}" > /tmp/quarry-bench.log 2>&1 &
else
  "$root/quarry" "${serve[@]}" > /tmp/quarry-bench.log 2>&1 &
fi
server=$!
pids+=("$server")
for _ in $(seq 1 120); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 1; done
# ./quarry execs java: the server's process is the launcher's.
rss() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

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
 {"type":"pg_create_object_relationship","args":{"table":"track","name":"album","using":{"foreign_key_constraint_on":"album_id"}}},
 {"type":"pg_create_object_relationship","args":{"table":"track","name":"genre","using":{"foreign_key_constraint_on":"genre_id"}}}]}'
idle_rss=$(rss "$server")

pgl=""
if [ "${BENCH_POSTGRAPHILE:-0}" = 1 ]; then
  pgl_dir="$work/postgraphile"
  mkdir -p "$pgl_dir"
  (cd "$pgl_dir" && npm init -y >/dev/null && npm install --silent postgraphile@5.1.5 >/dev/null)
  # Node 20 lacks Promise.withResolvers, which PostGraphile v5 uses.
  cat > "$pgl_dir/polyfill.cjs" <<'JS'
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
JS
  (cd "$pgl_dir" && exec env NODE_OPTIONS="--require $pgl_dir/polyfill.cjs" NODE_ENV=production \
    node node_modules/.bin/postgraphile --preset postgraphile/presets/amber -c "$pg/$db" -s public -p "$pgl_port" \
    > /tmp/postgraphile-bench.log 2>&1) &
  pgl=$!
  pids+=("$pgl")
  for _ in $(seq 1 60); do curl -sf "localhost:$pgl_port/graphql" -H 'Content-Type: application/json' \
    -d '{"query":"{ __typename }"}' >/dev/null && break; sleep 1; done
fi

# wrk against a GraphQL endpoint with one body; prints "req/s p50 p99".
load() {
  local url="$1" body="$2" secs="$3"
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA
  wrk -t2 -c"$connections" -d"${secs}s" --latency -s "$work/post.lua" "$url" | awk '
    /Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {printf "%s %s %s", rps, p50, p99}'
}

# The engine's statement for a query (from /v1/graphql/explain) with its parameters written in as literals.
cat > "$work/inline.py" <<'PY'
import json, re, sys
sql = json.load(sys.stdin)[0]["sql"]
params = sys.argv[1:]
quote = lambda v: "'" + v.replace("'", "''") + "'"
sql = re.sub(r"\$(\d+)", lambda m: quote(params[int(m.group(1)) - 1]), sql)
# The engine reads the answer as bytes (bytea, binary format); pgbench can only ask for text, in which Postgres
# would spell the bytes out in hex: it runs the statement with the answer as text, the same bytes the engine gets.
answer = re.fullmatch(r"SELECT textsend\((.*)::text\) AS data", sql, re.S)
print(("SELECT " + answer.group(1) + "::text AS data" if answer else sql) + ";")
PY
statement() {
  local query="$1"; shift
  curl -sf "localhost:$port/v1/graphql/explain" -d "{\"query\":{\"query\":\"$query\"}}" | python3 "$work/inline.py" "$@"
}

printf '| request | engine req/s (p50, p99) | own SQL via pgbench, tps | engine / SQL | engine RSS after, MB |%s\n' \
  "$([ -n "$pgl" ] && printf ' PostGraphile req/s (p50, p99) | engine / PostGraphile | PostGraphile RSS, MB |')" > "$work/table"
printf '|---|---|---|---|---|%s\n' "$([ -n "$pgl" ] && printf '%s' '---|---|---|')" >> "$work/table"

# scenario NAME BODY SQL: the engine, pgbench on the SQL, PostGraphile (PGL_BODY), each after a warm-up.
scenario() {
  local name="$1" body="$2" sql="$3" pgl_body="${4:-}"
  echo "== $name"
  curl -sf "localhost:$port/v1/graphql" -d "$body" | head -c 160 || true  # head may close the pipe early
  echo
  printf '%s\n' "$sql" > "$work/query.sql"
  load "http://127.0.0.1:$port/v1/graphql" "$body" 5 >/dev/null
  read -r rps p50 p99 <<< "$(load "http://127.0.0.1:$port/v1/graphql" "$body" "$seconds")"
  local engine_rss; engine_rss=$(rss "$server")
  pgbench -n -M prepared -c "$connections" -j 2 -T 3 -f "$work/query.sql" "$pg/$db" >/dev/null 2>&1 || true
  local tps; tps=$(pgbench -n -M prepared -c "$connections" -j 2 -T "$seconds" -f "$work/query.sql" "$pg/$db" 2>/dev/null \
    | awk '/^tps/ {printf "%.0f", $3}')
  echo "engine $rps req/s (p50 $p50, p99 $p99), RSS $engine_rss MB; own SQL $tps tps"
  local row; row="| $name | $rps ($p50, $p99) | $tps | $(python3 -c "print(f'{$rps/$tps:.2f}')") | $engine_rss |"
  if [ -n "$pgl" ] && [ -n "$pgl_body" ]; then
    curl -sf "localhost:$pgl_port/graphql" -H 'Content-Type: application/json' -d "$pgl_body" | head -c 160 || true
    echo
    load "http://127.0.0.1:$pgl_port/graphql" "$pgl_body" 5 >/dev/null
    read -r prps pp50 pp99 <<< "$(load "http://127.0.0.1:$pgl_port/graphql" "$pgl_body" "$seconds")"
    echo "PostGraphile $prps req/s (p50 $pp50, p99 $pp99), RSS $(rss "$pgl") MB"
    row="$row $prps ($pp50, $pp99) | $(python3 -c "print(f'{$rps/$prps:.2f}')") | $(rss "$pgl") |"
  elif [ -n "$pgl" ]; then
    row="$row | | |"
  fi
  echo "$row" >> "$work/table"
}

light='{ artist(limit: 10) { name } }'
scenario "light: 10 artist names" "{\"query\":\"$light\"}" "$(statement "$light" 10)" \
  '{"query":"{ allArtists(first: 10) { nodes { name } } }"}'

bypk='query ($id: Int!) { track_by_pk(track_id: $id) { name album { title } } }'
scenario "track by key as a variable, with its album" "{\"query\":\"$bypk\",\"variables\":{\"id\":5}}" \
  "$(statement '{ track_by_pk(track_id: 5) { name album { title } } }' 5)" \
  '{"query":"query ($id: Int!) { trackByTrackId(trackId: $id) { name albumByAlbumId { title } } }","variables":{"id":5}}'

nested='{ artist(limit: 50, order_by: {artist_id: asc}) { name albums(order_by: {album_id: asc}) { title tracks(order_by: {track_id: asc}) { name milliseconds } } } }'
nested_pgl='{ allArtists(first: 50, orderBy: ARTIST_ID_ASC) { nodes { name albumsByArtistId(orderBy: ALBUM_ID_ASC) { nodes { title tracksByAlbumId(orderBy: TRACK_ID_ASC) { nodes { name milliseconds } } } } } } }'
scenario "nested: 50 artists, albums, tracks" "{\"query\":\"$nested\"}" "$(statement "$nested" 50)" \
  "{\"query\":\"$nested_pgl\"}"

nested_var='query ($n: Int!) { artist(limit: $n, order_by: {artist_id: asc}) { name albums(order_by: {album_id: asc}) { title tracks(order_by: {track_id: asc}) { name milliseconds } } } }'
nested_var_pgl='query ($n: Int!) { allArtists(first: $n, orderBy: ARTIST_ID_ASC) { nodes { name albumsByArtistId(orderBy: ALBUM_ID_ASC) { nodes { title tracksByAlbumId(orderBy: TRACK_ID_ASC) { nodes { name milliseconds } } } } } } }'
scenario "nested, limit as a variable" "{\"query\":\"$nested_var\",\"variables\":{\"n\":50}}" \
  "$(statement "$nested" 50)" "{\"query\":\"$nested_var_pgl\",\"variables\":{\"n\":50}}"

# An upsert that rewrites one row with the same values: the write path (one statement in a transaction).
upsert='mutation { insert_genre_one(object: {genre_id: 1, name: \"Rock\"}, on_conflict: {constraint: genre_pkey, update_columns: [name]}) { genre_id name } }'
scenario "upsert" "{\"query\":\"$upsert\"}" 'BEGIN;
WITH _w AS (INSERT INTO "public"."genre" AS _0 ("genre_id", "name") VALUES ('\''1'\''::text::int4, '\''Rock'\''::text::varchar) ON CONFLICT ON CONSTRAINT "genre_pkey" DO UPDATE SET "name" = EXCLUDED."name" WHERE true RETURNING *, (xmax = 0) AS "w.inserted") SELECT (SELECT json_build_object('\''genre_id'\'', _1."genre_id", '\''name'\'', _1."name") AS value FROM (SELECT * FROM _w AS _1 LIMIT 1) AS _1)::text AS data, true AS checked;
COMMIT;'

{
  echo "Chinook on $(nproc) cores, ${connections} connections each (wrk for the engine and PostGraphile, pgbench"
  echo "-M prepared for the engine's own statement), ${seconds} s after a warm-up; engine RSS idle: ${idle_rss} MB."
  echo
  cat "$work/table"
} > "$out"
echo
cat "$out"
