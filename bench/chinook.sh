#!/usr/bin/env bash
# Measures Chinook queries through the engine (wrk) beside the engine's own statement sent straight to Postgres
# (pgbench), and beside PostGraphile v5 when BENCH_POSTGRAPHILE=1 (installed from npm into a temporary folder):
# a light query, a key lookup with a variable, a filtered and ordered list with variables, an aggregate, the nested
# query (50 artists, their albums and tracks) written inline, with its limit as a variable and as a role whose albums
# carry a row filter, and an upsert. Each request is warmed up first; every tool uses the same number of connections.
# Prints req/s, p50/p99 latency, both servers' resident memory idle and after each load, the ratios, the CPU time
# each request costs the engine, Postgres and the load client (and the SQL alone, Postgres and pgbench), and writes
# the tables to bench/results.md.
# Usage: bench/chinook.sh [seconds] [connections]. Needs a local Postgres; installs wrk from Debian if missing.
# QUARRY_JAR=path/to/quarry.jar measures that jar instead (./quarry runs it with its own JVM options).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-8}"
# Two client threads (wrk and pgbench alike), fewer when there are fewer connections.
threads=$(( connections < 2 ? connections : 2 ))
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
"$root/quarry" "${serve[@]}" > /tmp/quarry-bench.log 2>&1 &
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
 {"type":"pg_create_object_relationship","args":{"table":"track","name":"genre","using":{"foreign_key_constraint_on":"genre_id"}}},
 {"type":"pg_create_array_relationship","args":{"table":"track","name":"invoice_lines","using":{"foreign_key_constraint_on":{"table":"invoice_line","column":"track_id"}}}},
 {"type":"pg_create_object_relationship","args":{"table":"invoice_line","name":"invoice","using":{"foreign_key_constraint_on":"invoice_id"}}}]}'
# Role customer (X-Hasura-User-Id is its customer_id) sees every artist and track, and the albums it bought from.
metadata '{"type":"bulk","args":[
 {"type":"pg_create_select_permission","args":{"table":"artist","role":"customer","permission":{"columns":["artist_id","name"],"filter":{}}}},
 {"type":"pg_create_select_permission","args":{"table":"album","role":"customer","permission":{"columns":["album_id","title","artist_id"],
   "filter":{"tracks":{"invoice_lines":{"invoice":{"customer_id":{"_eq":"X-Hasura-User-Id"}}}}}}}},
 {"type":"pg_create_select_permission","args":{"table":"track","role":"customer","permission":{"columns":["track_id","name","milliseconds"],"filter":{}}}}]}'
idle_rss=$(rss "$server")

pgl=""
if [ "${BENCH_POSTGRAPHILE:-0}" = 1 ]; then
  pgl_dir="$work/postgraphile"
  mkdir -p "$pgl_dir"
  (cd "$pgl_dir" && npm init -y >/dev/null &&
    npm install --silent postgraphile@5.1.5 postgraphile-plugin-connection-filter@4.0.1 >/dev/null)
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
  # The amber preset, with the connection-filter plugin for the filtered queries (core PostGraphile filters by equality
  # only) and without the plugin that offers filters and orders only on indexed columns (track.name has no index).
  cat > "$pgl_dir/preset.cjs" <<'JS'
const { PostGraphileAmberPreset } = require("postgraphile/presets/amber");
const { PostGraphileConnectionFilterPreset } = require("postgraphile-plugin-connection-filter");
module.exports = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  schema: { connectionFilterRelations: true },
};
JS
  (cd "$pgl_dir" && exec env NODE_OPTIONS="--require $pgl_dir/polyfill.cjs" NODE_ENV=production \
    node node_modules/.bin/postgraphile --preset "$pgl_dir/preset.cjs" -c "$pg/$db" -s public -p "$pgl_port" \
    > /tmp/postgraphile-bench.log 2>&1) &
  pgl=$!
  pids+=("$pgl")
  for _ in $(seq 1 60); do curl -sf "localhost:$pgl_port/graphql" -H 'Content-Type: application/json' \
    -d '{"query":"{ __typename }"}' >/dev/null && break; sleep 1; done
  pgl_idle_rss=$(rss "$pgl")
fi

# CPU time in microseconds: of a process (utime + stime), and of Postgres: its processes now running and, through
# the postmaster's count of its reaped children, those that have exited (pgbench's connections end with it).
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
cpu_us() { awk -v t="$tick_us" '{print ($14 + $15) * t}' "/proc/$1/stat"; }
postmaster=$(head -1 "$(psql -XAtq "$pg/$db" -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
pg_cpu_us() {
  [ -n "$postmaster" ] || { echo 0; return; }
  local sum child
  sum=$(awk -v t="$tick_us" '{print ($14 + $15 + $16 + $17) * t}' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster"); do sum=$(( sum + $(cpu_us "$child" 2>/dev/null || echo 0) )); done
  echo "$sum"
}
# A client's own CPU time in microseconds (bash's time of the command), written to $work/client.
timed() {
  local TIMEFORMAT='%U %S'
  { time "$@" > "$work/timed.out" 2>/dev/null; } 2> "$work/timed.cpu"
  awk '{printf "%d", ($1 + $2) * 1000000}' "$work/timed.cpu" > "$work/client"
  cat "$work/timed.out"
}

# wrk against a GraphQL endpoint with one body and any further "Name: value" headers; prints
# "req/s p50 p99 requests", and the client's CPU time to $work/client.
load() {
  local url="$1" body="$2" secs="$3"; shift 3
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
$(for h in "$@"; do printf 'wrk.headers["%s"] = "%s"\n' "${h%%: *}" "${h#*: }"; done)
wrk.body = [[$body]]
LUA
  timed wrk -t"$threads" -c"$connections" -d"${secs}s" --latency -s "$work/post.lua" "$url" | awk '
    /requests in/ {n=$1} /Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
    END {printf "%s %s %s %s", rps, p50, p99, n}'
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
# statement QUERY PARAM...: as admin; statement_as USER QUERY PARAM...: as the explain's user (its role and session,
# which is the statement's first parameter).
statement() {
  local query="$1"; shift
  curl -sf "localhost:$port/v1/graphql/explain" -d "{\"query\":{\"query\":\"$query\"}}" | python3 "$work/inline.py" "$@"
}
statement_as() {
  local user="$1" query="$2"; shift 2
  curl -sf "localhost:$port/v1/graphql/explain" -d "{\"query\":{\"query\":\"$query\"},\"user\":$user}" \
    | python3 "$work/inline.py" "$user" "$@"
}

printf '| request | engine req/s (p50, p99) | own SQL via pgbench, tps | engine / SQL | engine RSS after, MB |%s\n' \
  "$([ -n "$pgl" ] && printf ' PostGraphile req/s (p50, p99) | engine / PostGraphile | PostGraphile RSS, MB |')" > "$work/table"
printf '|---|---|---|---|---|%s\n' "$([ -n "$pgl" ] && printf '%s' '---|---|---|')" >> "$work/table"
printf '| request | through the engine: engine, Postgres, wrk | own SQL: Postgres, pgbench |\n|---|---|---|\n' \
  > "$work/cpu"
declare -A engine_rps pgl_rps

# scenario NAME BODY SQL PGL [HEADER...]: the engine (BODY with the "Name: value" HEADERs), pgbench on the SQL, and
# PostGraphile: PGL is its body, or the label of the footnote that says why it has none. Each after a warm-up.
scenario() {
  local name="$1" body="$2" sql="$3" pgl_body="$4"; shift 4
  local headers=() h
  for h in "$@"; do headers+=(-H "$h"); done
  echo "== $name"
  curl -sf "localhost:$port/v1/graphql" "${headers[@]}" -d "$body" | head -c 160 || true  # head may close the pipe early
  echo
  printf '%s\n' "$sql" > "$work/query.sql"
  load "http://127.0.0.1:$port/v1/graphql" "$body" 5 "$@" >/dev/null
  local rps p50 p99 n engine0 pg0 engine_cpu pg_cpu wrk_cpu
  engine0=$(cpu_us "$server"); pg0=$(pg_cpu_us)
  read -r rps p50 p99 n <<< "$(load "http://127.0.0.1:$port/v1/graphql" "$body" "$seconds" "$@")"
  engine_cpu=$(( $(cpu_us "$server") - engine0 )); pg_cpu=$(( $(pg_cpu_us) - pg0 )); wrk_cpu=$(cat "$work/client")
  engine_rps[$name]=$rps
  local engine_rss; engine_rss=$(rss "$server")
  pgbench -n -M prepared -c "$connections" -j "$threads" -T 3 -f "$work/query.sql" "$pg/$db" >/dev/null 2>&1 || true
  local tps txs sql_pg_cpu
  pg0=$(pg_cpu_us)
  read -r tps txs <<< "$(timed pgbench -n -M prepared -c "$connections" -j "$threads" -T "$seconds" \
    -f "$work/query.sql" "$pg/$db" | awk '/actually processed/ {n=$NF} /^tps/ {tps=$3} END {printf "%.0f %s", tps, n}')"
  sql_pg_cpu=$(( $(pg_cpu_us) - pg0 ))
  printf '| %s | %s, %s, %s | %s, %s |\n' "$name" "$(per "$engine_cpu" "$n")" "$(per "$pg_cpu" "$n")" \
    "$(per "$wrk_cpu" "$n")" "$(per "$sql_pg_cpu" "$txs")" "$(per "$(cat "$work/client")" "$txs")" >> "$work/cpu"
  echo "engine $rps req/s (p50 $p50, p99 $p99), RSS $engine_rss MB; own SQL $tps tps"
  local row; row="| $name | $rps ($p50, $p99) | $tps | $(ratio "$rps" "$tps") | $engine_rss |"
  if [ -n "$pgl" ] && [ "${pgl_body:0:1}" = "{" ]; then
    curl -sf "localhost:$pgl_port/graphql" -H 'Content-Type: application/json' -d "$pgl_body" | head -c 160 || true
    echo
    load "http://127.0.0.1:$pgl_port/graphql" "$pgl_body" 5 >/dev/null
    local prps pp50 pp99 pn
    read -r prps pp50 pp99 pn <<< "$(load "http://127.0.0.1:$pgl_port/graphql" "$pgl_body" "$seconds")"
    pgl_rps[$name]=$prps
    echo "PostGraphile $prps req/s (p50 $pp50, p99 $pp99), RSS $(rss "$pgl") MB"
    row="$row $prps ($pp50, $pp99) | $(ratio "$rps" "$prps") | $(rss "$pgl") |"
  elif [ -n "$pgl" ]; then
    row="$row $pgl_body | | |"
  fi
  echo "$row" >> "$work/table"
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
# Microseconds of CPU per request.
per() { python3 -c "print(f'{$1/max($2, 1):.0f}')"; }

light='{ artist(limit: 10) { name } }'
# The JVM compiles the request path in its first seconds under load: warm it up once before anything is measured.
load "http://127.0.0.1:$port/v1/graphql" "{\"query\":\"$light\"}" 15 >/dev/null
scenario "light: 10 artist names" "{\"query\":\"$light\"}" "$(statement "$light" 10)" \
  '{"query":"{ allArtists(first: 10) { nodes { name } } }"}'

bypk='query ($id: Int!) { track_by_pk(track_id: $id) { name album { title } } }'
scenario "track by key as a variable, with its album" "{\"query\":\"$bypk\",\"variables\":{\"id\":5}}" \
  "$(statement '{ track_by_pk(track_id: 5) { name album { title } } }' 5)" \
  '{"query":"query ($id: Int!) { trackByTrackId(trackId: $id) { name albumByAlbumId { title } } }","variables":{"id":5}}'

# A search as apps send it: a pattern, a bound and a page size as variables, ordered by an unindexed column.
filtered='query ($name: String!, $ms: Int!, $n: Int!) { track(where: {name: {_ilike: $name}, milliseconds: {_gt: $ms}}, order_by: {name: asc}, limit: $n) { track_id name milliseconds } }'
filtered_pgl='query ($name: String!, $ms: Int!, $n: Int!) { allTracks(filter: {name: {likeInsensitive: $name}, milliseconds: {greaterThan: $ms}}, orderBy: NAME_ASC, first: $n) { nodes { trackId name milliseconds } } }'
filtered_vars='{"name":"%love%","ms":200000,"n":20}'
scenario "20 tracks by name pattern and length, ordered by name, as variables" \
  "{\"query\":\"$filtered\",\"variables\":$filtered_vars}" \
  "$(statement '{ track(where: {name: {_ilike: \"%love%\"}, milliseconds: {_gt: 200000}}, order_by: {name: asc}, limit: 20) { track_id name milliseconds } }' '%love%' 200000 20)" \
  "{\"query\":\"$filtered_pgl\",\"variables\":$filtered_vars}"

aggregate='query ($country: String!) { invoice_aggregate(where: {billing_country: {_eq: $country}}) { aggregate { count sum { total } avg { total } } } }'
scenario "invoices of a country (a variable): count, sum and average of totals" \
  "{\"query\":\"$aggregate\",\"variables\":{\"country\":\"USA\"}}" \
  "$(statement '{ invoice_aggregate(where: {billing_country: {_eq: \"USA\"}}) { aggregate { count sum { total } avg { total } } } }' USA)" \
  '[^aggregates]'

nested='{ artist(limit: 50, order_by: {artist_id: asc}) { name albums(order_by: {album_id: asc}) { title tracks(order_by: {track_id: asc}) { name milliseconds } } } }'
nested_pgl='{ allArtists(first: 50, orderBy: ARTIST_ID_ASC) { nodes { name albumsByArtistId(orderBy: ALBUM_ID_ASC) { nodes { title tracksByAlbumId(orderBy: TRACK_ID_ASC) { nodes { name milliseconds } } } } } } }'
nested_name="nested: 50 artists, albums, tracks"
scenario "$nested_name" "{\"query\":\"$nested\"}" "$(statement "$nested" 50)" \
  "{\"query\":\"$nested_pgl\"}"

nested_var='query ($n: Int!) { artist(limit: $n, order_by: {artist_id: asc}) { name albums(order_by: {album_id: asc}) { title tracks(order_by: {track_id: asc}) { name milliseconds } } } }'
nested_var_pgl='query ($n: Int!) { allArtists(first: $n, orderBy: ARTIST_ID_ASC) { nodes { name albumsByArtistId(orderBy: ALBUM_ID_ASC) { nodes { title tracksByAlbumId(orderBy: TRACK_ID_ASC) { nodes { name milliseconds } } } } } } }'
nested_var_name="nested, limit as a variable"
scenario "$nested_var_name" "{\"query\":\"$nested_var\",\"variables\":{\"n\":50}}" \
  "$(statement "$nested" 50)" "{\"query\":\"$nested_var_pgl\",\"variables\":{\"n\":50}}"

# The nested query as customer 42, who bought from 18 of those artists' 69 albums (224 tracks).
nested_role_pgl='{ allArtists(first: 50, orderBy: ARTIST_ID_ASC) { nodes { name albumsByArtistId(orderBy: ALBUM_ID_ASC, filter: {tracksByAlbumId: {some: {invoiceLinesByTrackId: {some: {invoiceByInvoiceId: {customerId: {equalTo: 42}}}}}}}) { nodes { title tracksByAlbumId(orderBy: TRACK_ID_ASC) { nodes { name milliseconds } } } } } } }'
scenario "nested, as role customer: albums filtered by its purchases$([ -n "$pgl" ] && printf "[^role]")" "{\"query\":\"$nested\"}" \
  "$(statement_as '{"x-hasura-role":"customer","x-hasura-user-id":"42"}' "$nested" 50)" \
  "{\"query\":\"$nested_role_pgl\"}" "X-Hasura-Role: customer" "X-Hasura-User-Id: 42"

# An upsert that rewrites one row with the same values: the write path (one statement in a transaction).
upsert='mutation { insert_genre_one(object: {genre_id: 1, name: \"Rock\"}, on_conflict: {constraint: genre_pkey, update_columns: [name]}) { genre_id name } }'
scenario "upsert" "{\"query\":\"$upsert\"}" 'BEGIN;
WITH _w AS (INSERT INTO "public"."genre" AS _0 ("genre_id", "name") VALUES ('\''1'\''::text::int4, '\''Rock'\''::text::varchar) ON CONFLICT ON CONSTRAINT "genre_pkey" DO UPDATE SET "name" = EXCLUDED."name" WHERE true RETURNING *, (xmax = 0) AS "w.inserted") SELECT (SELECT json_build_object('\''genre_id'\'', _1."genre_id", '\''name'\'', _1."name") AS value FROM (SELECT * FROM _w AS _1 LIMIT 1) AS _1)::text AS data, true AS checked;
COMMIT;' '[^upsert]'

{
  echo "Chinook on $(nproc) cores, ${connections} connections each (wrk for the engine and PostGraphile, pgbench"
  echo "-M prepared for the engine's own statement), ${seconds} s after a warm-up; engine RSS idle: ${idle_rss} MB$(
    [ -n "$pgl" ] && printf '%s' ", PostGraphile RSS idle: ${pgl_idle_rss} MB")."
  echo
  cat "$work/table"
  echo
  printf 'Nested query with its limit as a variable against written inline: engine %s' \
    "$(ratio "${engine_rps[$nested_var_name]}" "${engine_rps[$nested_name]}")"
  [ -n "$pgl" ] && printf ', PostGraphile %s' \
    "$(ratio "${pgl_rps[$nested_var_name]}" "${pgl_rps[$nested_name]}")"
  echo .
  if [ -n "$postmaster" ]; then
    echo
    echo "CPU time per request, in microseconds (the engine's process, Postgres's processes, the load client), through"
    echo "the engine and for its own SQL through pgbench. All of them share the same cores: the engine's throughput"
    echo "against pgbench's is bounded by the ratio of the sums. (Postgres's count includes any other work on the"
    echo "server: measure on a machine of its own.)"
    echo
    cat "$work/cpu"
  fi
  if [ -n "$pgl" ]; then
    echo
    echo "PostGraphile runs its amber preset with postgraphile-plugin-connection-filter (relation filters on) and"
    echo "without PgIndexBehaviorsPlugin, so that it can filter and order on unindexed columns."
    echo
    echo "[^aggregates]: PostGraphile v5 has no aggregates without a plugin."
    echo "[^role]: PostGraphile has no roles here (its row filters are Postgres RLS policies); it runs the same query as"
    echo "    the database owner with the row filter written as a \`filter\` argument, which returns the same rows."
    echo "[^upsert]: PostGraphile v5 has no upsert without a plugin."
  fi
} > "$out"
echo
cat "$out"
