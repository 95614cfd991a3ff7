#!/usr/bin/env bash
# Many live-query subscribers on one engine, with writes at a steady rate: reports the engine's RSS and CPU, the
# statements per second Postgres ran for the database (transactions committed: each poll is one), and the time from
# a write to its message at each subscriber (p50, p99). Heavy at the defaults: run it on a machine of its own.
# Usage: bench/subscriptions.sh [subscribers] [cohorts] [rows] [seconds] [writes-per-second] [per-socket]
#   defaults: 10000 subscribers over 200 cohorts (plans) following 2000 rows, 30 s, 20 writes/s, one subscription per
#   socket (the engine takes at most half its file-descriptor limit in sockets: where that is under the subscriber
#   count, carry several subscriptions on each socket, as an app's one socket carries all of its own).
# Needs a local Postgres, JDK 17 and a file-descriptor limit above the subscriber count (ulimit -n).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
subscribers="${1:-10000}"
cohorts="${2:-200}"
rows="${3:-2000}"
seconds="${4:-30}"
writes="${5:-20}"
per_socket="${6:-1}"
db=quarry_bench_subscriptions
port=18081
pg="postgres://postgres@127.0.0.1:5432"

psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
psql -q -v ON_ERROR_STOP=1 "$pg/$db" -c "CREATE TABLE reading (id int PRIMARY KEY, stamp bigint NOT NULL DEFAULT 0);
  INSERT INTO reading SELECT n FROM generate_series(1, $rows) n;"

ulimit -n "$(( subscribers * 2 + 1024 ))" 2>/dev/null || true
"$root/quarry" serve --database-url "$pg/$db" --port "$port" --metadata-poll-ms 0 --enabled-log-types startup \
  --max-connections "$(( subscribers + 100 ))" > /tmp/quarry-bench-subscriptions.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 60); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 1; done
curl -sf "localhost:$port/v1/metadata" -d '{"type":"pg_track_table","args":{"table":"reading"}}' >/dev/null

commits() { psql -qtA "$pg/postgres" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'"; }
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

out=$(mktemp)
java "$root/bench/SubscriptionLoad.java" "$port" "$subscribers" "$cohorts" "$rows" "$seconds" "$writes" "$per_socket" \
  > "$out" &
load=$!
# Measure the steady state, while the load writes: every subscriber has had its first answer by then.
until grep -q '^writing' "$out" || ! kill -0 $load 2>/dev/null; do sleep 0.2; done
c0=$(commits); t0=$(ticks); s0=$(date +%s.%N)
until grep -q '^written' "$out" || ! kill -0 $load 2>/dev/null; do sleep 0.2; done
c1=$(commits); t1=$(ticks); s1=$(date +%s.%N)
wait $load
grep -vx 'writing\|written' "$out"
rm -f "$out"
hz=$(getconf CLK_TCK)
awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" -v s0="$s0" -v s1="$s1" -v hz="$hz" -v rss="$(ps -o rss= -p $server)" \
  'BEGIN { d = s1 - s0; printf "statements/s %.1f, engine CPU %.0f%% of a core, RSS %.0f MB\n", c / d, 100 * t / hz / d, rss / 1024 }'
