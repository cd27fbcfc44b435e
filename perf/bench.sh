#!/usr/bin/env bash
# perf/bench.sh: one run, one machine, the real Redis and Postgres. It measures
#   wrk: GET /health/live, walk-in issuing, booking (throughput and latency);
#   redis-benchmark: EVALSHA of issue_walkin.lua (lib.lua prepended, as ScriptRunner loads it);
#   pgbench: single-row INSERTs into a copy of the ticket table, one per transaction;
# and prints issuing / live, issuing / pgbench ceiling and booking / live.
# Env: QH_PG_URL (server, no database: postgresql://postgres@127.0.0.1:5432), QH_REDIS_URL
# (redis://127.0.0.1:6379), QH_BENCH_REDIS_DB (9: flushed), QH_BENCH_DB (queuehall_benchsh: dropped and
# recreated), QH_BENCH_SECONDS (10 per measured run), QH_BENCH_WARMUP (20 s of each run before measuring;
# issuing then goes on in QH_BENCH_WARMUP_ROUND (10) s rounds until two agree within 5 %, at most QH_BENCH_WARMUP_MAX (90) s), QH_BENCH_CONNECTIONS (32), QH_BENCH_POINTS (12 kiosk
# points), QH_BENCH_QUEUE_DEPTH (50 waiting per queue for redis-benchmark), QH_BENCH_JFR (a .jfr file: record the
# server), QH_BENCH_OUT (directory for logs and raw output), QH_BENCH_JAR (the jar to measure: A/B of two builds).
set -euo pipefail

cd "$(dirname "$0")/.."
PG_URL=${QH_PG_URL:-postgresql://postgres@127.0.0.1:5432}
PG_URL=${PG_URL%/}
REDIS_URL=${QH_REDIS_URL:-redis://127.0.0.1:6379}
REDIS_URL=${REDIS_URL%/}
RDB=${QH_BENCH_REDIS_DB:-9}
DB=${QH_BENCH_DB:-queuehall_benchsh}
SECS=${QH_BENCH_SECONDS:-10}
WARM=${QH_BENCH_WARMUP:-20}
WARM_ROUND=${QH_BENCH_WARMUP_ROUND:-10}
WARM_MAX=${QH_BENCH_WARMUP_MAX:-90}
CONNS=${QH_BENCH_CONNECTIONS:-32}
NPOINTS=${QH_BENCH_POINTS:-12}
DEPTH=${QH_BENCH_QUEUE_DEPTH:-50}
POOL=${QH_PG_POOL_SIZE:-8}
OUT=${QH_BENCH_OUT:-$(mktemp -d /tmp/qh-bench.XXXXXX)}
JAR=${QH_BENCH_JAR:-target/queuehall.jar}
export QH_JWT_KEY=${QH_JWT_KEY:-bench-key-0123456789-0123456789-0123456789}
mkdir -p "$OUT"

need() { command -v "$1" >/dev/null || { echo "installing $2"; apt-get update -qq >/dev/null 2>&1 || true; apt-get install -y -q "$2" >/dev/null 2>&1 \
  || sudo apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need redis-cli redis-tools
need redis-benchmark redis-tools
need pgbench postgresql-client
need psql postgresql-client
[[ -f $JAR ]] || ./mvnw -q -DskipTests package

if [[ $REDIS_URL =~ ^redis://([^:/@]+@)?([^:/]+):?([0-9]*)$ ]]; then
  RHOST=${BASH_REMATCH[2]}; RPORT=${BASH_REMATCH[3]:-6379}
else
  echo "QH_REDIS_URL must look like redis://host:port (no database: QH_BENCH_REDIS_DB picks it)" >&2; exit 2
fi
rcli() { redis-cli -h "$RHOST" -p "$RPORT" -n "$RDB" "$@"; }

# --- fresh stores: our own database and Redis database ---------------------------------------
psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
rcli FLUSHDB >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

JFR_OPTS=()
[[ -n ${QH_BENCH_JFR:-} ]] && JFR_OPTS=(-XX:StartFlightRecording=filename=$QH_BENCH_JFR,settings=profile,dumponexit=true)
# The server's JVM options (README: the heap sized and touched at start); QH_BENCH_JAVA_OPTS replaces them
read -r -a JAVA_OPTS <<<"${QH_BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"
QH_HTTP_HOST=127.0.0.1 QH_HTTP_PORT=$PORT QH_PG_URL=$PG_URL/$DB QH_REDIS_URL=$REDIS_URL/$RDB \
  QH_PG_POOL_SIZE=$POOL java "${JAVA_OPTS[@]}" "${JFR_OPTS[@]}" -jar "$JAR" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -fs "$BASE/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died:"; tail -20 "$OUT/server.log"; exit 1; }
  sleep 0.5
done
curl -fs "$BASE/health/ready" >/dev/null || { echo "server not ready"; tail -20 "$OUT/server.log"; exit 1; }
LOAD=$(cut -d" " -f1-3 /proc/loadavg)
echo "server pid $SERVER on $BASE; raw output in $OUT"

# --- tokens, quotas, wrk scripts ----------------------------------------------------------------
TODAY=$(TZ=Asia/Shanghai date +%F) # the catalog's time zone: the halls' day
POINTS=$(python3 -c "import json; c=json.load(open('src/main/resources/catalog/default-catalog.json'))
print(' '.join(p['id'] for p in c['points'][:$NPOINTS]))")
MINTS=()
for p in $POINTS; do java -jar "$JAR" token --role kiosk --point "$p" >"$OUT/token.$p" & MINTS+=($!); done
java -jar "$JAR" token --role admin >"$OUT/token.admin"
wait "${MINTS[@]}"
ADMIN=$(cat "$OUT/token.admin")
python3 - "$OUT" "$TODAY" $POINTS <<'PY'
import json, sys
out, today, points = sys.argv[1], sys.argv[2], sys.argv[3:]
c = json.load(open('src/main/resources/catalog/default-catalog.json'))
services = {s['id']: s for s in c['services']}
def lua(v):
    if isinstance(v, dict): return '{' + ','.join(f'[{lua(k)}]={lua(x)}' for k, x in v.items()) + '}'
    if isinstance(v, list): return '{' + ','.join(lua(x) for x in v) + '}'
    return json.dumps(v)
kiosks = [{'id': p['id'], 'token': open(f'{out}/token.{p["id"]}').read().strip(),
           'services': [s['id'] for s in p['services']]} for p in c['points'] if p['id'] in points]
with open(f'{out}/quota-targets', 'w') as f:
    for k in kiosks:
        for s in k['services']: f.write(f"{k['id']} {s}\n")
def slots(g):
    h, m = map(int, g['start'].split(':')); e = sum(int(x) * f for x, f in zip(g['end'].split(':'), (60, 1)))
    return [f'{t // 60:02d}:{t % 60:02d}' for t in range(h * 60 + m, e - g['minutes'] + 1, g['minutes'])]
# every point and service, the slots of its grid: the booking run spreads over all of them
offers = [{'p': p['id'], 's': s['id'], 'slots': slots(services[s['id']]['slotGrid'])}
          for p in c['points'] for s in p['services']]
common = f'''
-- setup runs in the main state and sets the global "id" in each thread's own state; init copies it
local n, tid, run = 0, 0, 0
local threads = {{}}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args) tid, run = tonumber(id) or 0, tonumber(args[1]) or 0 end
function response(status) _G["st" .. status] = (_G["st" .. status] or 0) + 1 end
function done(summary, latency, requests)
  local e, seen = summary.errors, {{}}
  for _, t in ipairs(threads) do
    for _, code in ipairs({{200, 201, 400, 401, 403, 404, 409, 429, 500, 503}}) do
      seen[code] = (seen[code] or 0) + (tonumber(t:get("st" .. code)) or 0)
    end
  end
  local line = "STATUS"
  for code, k in pairs(seen) do if k > 0 then line = line .. " " .. code .. ":" .. k end end
  io.write(line .. "\\n")
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx=%d socket=%d p50=%.3f p99=%.3f max=%.3f\\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
'''
open(f'{out}/issue.lua', 'w').write(f'''-- walk-ins: every request a new Idempotency-Key; kiosks of many points, each service in turn
local kiosks = {lua(kiosks)}
{common}
function request()
  n = n + 1
  local k = kiosks[(n % #kiosks) + 1]
  local s = k.services[(math.floor(n / #kiosks) % #k.services) + 1]
  return wrk.format("POST", "/api/v1/points/" .. k.id .. "/tickets",
    {{["Authorization"] = "Bearer " .. k.token, ["Content-Type"] = "application/json",
     ["Idempotency-Key"] = "bench-{today}-" .. run .. "-" .. tid .. "-" .. n}}, '{{"service":"' .. s .. '"}}')
end
''')
open(f'{out}/book.lua', 'w').write(f'''-- bookings: a new valid citizen id per request (GB 11643: ISO 7064 MOD 11-2 check character),
-- spread over every point, service, slot and the next 13 days so slots do not fill up
local offers = {lua(offers)}
local weights = {{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}}
local checks = "10X98765432"
local y, m, d = {today[0:4]}, {int(today[5:7])}, {int(today[8:10])}
local today = os.time({{year = y, month = m, day = d, hour = 12}})
{common}
local function citizen(k)
  local seq, rest = k % 1000, math.floor(k / 1000)
  local first = string.format("440106%04d%02d%02d%03d", 1950 + math.floor(rest / 336) % 50,
    math.floor(rest / 28) % 12 + 1, rest % 28 + 1, seq)
  local sum = 0
  for i = 1, 17 do sum = sum + (first:byte(i) - 48) * weights[i] end
  local c = sum % 11 + 1
  return first .. checks:sub(c, c)
end
function request()
  n = n + 1
  -- k is unique per request of this run of bench.sh (run: 0 warm-up, 1 measured), below 16.8M ids
  local k = run * 8000000 + tid * 4000000 + n
  local o = offers[(k % #offers) + 1]
  local slot = o.slots[(math.floor(k / #offers) % #o.slots) + 1]
  local day = os.date("%Y-%m-%d", today + 86400 * (1 + math.floor(k / (#offers * 23)) % 13))
  local body = string.format('{{"pointId":"%s","service":"%s","day":"%s","slot":"%s","citizenId":"%s",' ..
    '"phone":"138%08d"}}', o.p, o.s, day, slot, citizen(k), k % 100000000)
  return wrk.format("POST", "/api/v1/appointments", {{["Content-Type"] = "application/json"}}, body)
end
''')
PY
# Today's and tomorrow's: a run that crosses the halls' midnight (16:00 UTC) issues for the new day
# from then on, and met its default quota in seconds (2026-12-03, 15:59 UTC: every issue 409).
TOMORROW=$(TZ=Asia/Shanghai date -d tomorrow +%F)
while read -r p s; do
  for day in "$TODAY" "$TOMORROW"; do
    curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
      -d '{"walkIn": 100000}' "$BASE/api/v1/admin/points/$p/services/$s/days/$day/quota" \
      || { echo "could not raise the $day quota of $p $s"; exit 1; }
  done
done <"$OUT/quota-targets"

# --- wrk ------------------------------------------------------------------------------------------
# wrk NAME SECONDS [args]: prints "requests/s ok/s p50 p99", keeps wrk's own output in $OUT/NAME.txt
run_wrk() {
  local name=$1 secs=$2; shift 2
  wrk -t2 -c"$CONNS" -d"${secs}s" --latency "$@" >"$OUT/$name.txt" 2>&1
  local line; line=$(grep '^RESULT' "$OUT/$name.txt" || true)
  [[ -n $line ]] || { echo "wrk $name gave no result:" >&2; cat "$OUT/$name.txt" >&2; exit 1; }
  eval "${line#RESULT }"
  # shellcheck disable=SC2154 # set by eval
  awk -v r="$requests" -v s="$seconds" -v bad="$non2xx" -v so="$socket" -v p50="$p50" -v p99="$p99" -v mx="$max" \
    'BEGIN { printf "%.0f %.0f %.2f %.2f %.2f %d %d\n", r / s, (r - bad - so) / s, p50, p99, mx, bad, so }'
}
live_script="$OUT/live.lua"
python3 -c "
import re; s=open('$OUT/issue.lua').read(); i=s.index('local n, tid'); j=s.index('function request')
open('$live_script','w').write(s[i:j])"

# The JIT needs tens of seconds: issuing measured 985, 1,935, 2,719 and 2,997 req/s in four successive
# 8 s runs from a cold start here, with the JVM's CPU falling from 142 % to 63 % as C2 finished.
# WARM s is not always enough: on 2026-12-03 the same build measured 2.5-2.8 % issuing / live after 15 s and
# 3.1-3.3 % after 40 s. So issuing goes on in rounds of WARM_ROUND s until a round's rate is within 5 % of the
# round before (C2 is done with the path), for at most WARM_MAX s in all.
echo "warm-up: ${WARM}s of each; issuing until two ${WARM_ROUND}s rounds agree within 5 % (at most ${WARM_MAX}s)"
run_wrk warm-live "$WARM" -s "$live_script" "$BASE/health/live" >/dev/null
# booking first: warming it after issuing took issuing from 1,541 back to 1,315 req/s (2026-12-03)
run_wrk warm-book "$WARM" -s "$OUT/book.lua" "$BASE" -- 0 >/dev/null
read -r _ ISS_WARM_RATE _ < <(run_wrk warm-issue "$WARM" -s "$OUT/issue.lua" "$BASE" -- 100)
ISS_WARMED=$WARM
ISS_ROUNDS="$ISS_WARM_RATE"
while (( ISS_WARMED + WARM_ROUND <= WARM_MAX )); do
  read -r _ rate _ < <(run_wrk "warm-issue-$ISS_WARMED" "$WARM_ROUND" -s "$OUT/issue.lua" "$BASE" -- $((100 + ISS_WARMED)))
  ISS_WARMED=$((ISS_WARMED + WARM_ROUND))
  ISS_ROUNDS="$ISS_ROUNDS, $rate"
  settled=$(awk -v a="$ISS_WARM_RATE" -v b="$rate" 'BEGIN { d = b - a; if (d < 0) d = -d; print (d <= 0.05 * a) ? 1 : 0 }')
  ISS_WARM_RATE=$rate
  [[ $settled == 1 ]] && break
done
echo "issuing warmed for ${ISS_WARMED}s (rounds: $ISS_ROUNDS req/s)"
rcli CONFIG RESETSTAT >/dev/null
read -r LIVE_RPS LIVE_OK LIVE_P50 LIVE_P99 LIVE_MAX _ _ < <(run_wrk live "$SECS" -s "$live_script" "$BASE/health/live")
# What the server's Postgres sessions wait on while it issues, sampled every 0.2 s from one session (\watch):
# a new psql, so a new Postgres backend, per sample cost issuing 8-17 % of its rate here (2026-12-03)
(printf '%s\n' "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-') FROM pg_stat_activity
    WHERE datname = '$DB' AND pid <> pg_backend_pid();" '\watch 0.2' | { timeout "$SECS" psql -tA -q "$PG_URL/$DB" || true; } \
  | sort | uniq -c | sort -rn >"$OUT/pg-waits-issue.txt") &
WAITS=$!
# Who spends the machine while it issues: CPU ticks (USER_HZ) of the server, Redis and every Postgres
# process, and the machine's busy ticks (/proc/stat), read just before and after the measured run.
ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
cpu_now() {
  # shellcheck disable=SC2046 # one pid per word
  echo "$(ticks "$SERVER") $(ticks $(pgrep -x redis-server)) $(ticks $(pgrep -x postgres))" \
    "$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
}
read -r CPU0_SERVER CPU0_REDIS CPU0_PG CPU0_ALL < <(cpu_now)
read -r ISS_RPS ISS_OK ISS_P50 ISS_P99 ISS_MAX ISS_BAD ISS_SOCK < <(run_wrk issue "$SECS" -s "$OUT/issue.lua" "$BASE" -- 1)
read -r CPU1_SERVER CPU1_REDIS CPU1_PG CPU1_ALL < <(cpu_now)
ISS_CPU=$(awk -v s=$((CPU1_SERVER - CPU0_SERVER)) -v r=$((CPU1_REDIS - CPU0_REDIS)) -v p=$((CPU1_PG - CPU0_PG)) \
  -v a=$((CPU1_ALL - CPU0_ALL)) -v secs="$SECS" -v n="$ISS_OK" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
  cap = secs * hz * cores; per = n > 0 ? 1000 / (n * secs * hz) : 0
  printf "server %.0f%%, Redis %.0f%%, Postgres %.0f%%, the rest (wrk, kernel, others) %.0f%%, machine busy %.0f%%;", \
    100 * s / cap, 100 * r / cap, 100 * p / cap, 100 * (a - s - r - p) / cap, 100 * a / cap
  printf " per walk-in: server %.3f ms, Redis %.3f ms, Postgres %.3f ms of CPU", s * per, r * per, p * per }')
wait $WAITS
# What Redis spent during the measured issuing run, per command (scripts show as evalsha)
rcli INFO commandstats >"$OUT/redis-commandstats-issue.txt"
read -r BOOK_RPS BOOK_OK BOOK_P50 BOOK_P99 BOOK_MAX BOOK_BAD BOOK_SOCK < <(run_wrk book "$SECS" -s "$OUT/book.lua" "$BASE" -- 1)
COMMITTED=$(psql -tA "$PG_URL/$DB" -c "SELECT count(*) FROM ticket WHERE kind = 'WALK_IN'")
BOOKED=$(psql -tA "$PG_URL/$DB" -c "SELECT count(*) FROM appointment")

# --- redis-benchmark: EVALSHA issue_walkin ----------------------------------------------------------
# A ready day (epoch set), a quota that never runs out, DEPTH walk-ins waiting in each of P001's three
# queues (hash and arrival index, as queue_put in lib.lua writes them) and six open counters in the hall. Each call has a new idempotency key (__rand_int__) but the
# same ticket id, so it re-queues one ticket and the queues stay DEPTH deep: this is the OK path at a
# steady queue depth, i.e. what Redis itself can decide per second, without the server around it.
K="qh:{BENCH:2000-01-01}"
NOW=$(($(date +%s) * 1000))
rcli HSET "$K:ctr" epoch 1 layout 2 >/dev/null # layout: LAYOUT in lib.lua
rcli HSET "$K:cap" w:passport 1000000000 >/dev/null
for s in passport hkmo-permit hkmo-endorsement; do
  for i in $(seq "$DEPTH"); do
    echo "HSET $K:q:$s t$s$i $i|0|W|$((NOW - i * 1000))|0"; echo "ZADD $K:q:$s:w $((NOW - i * 1000)) t$s$i"
  done
done | rcli >/dev/null
for c in 1 2 3 4 5 6; do
  rcli HSET "$K:hall" "counter:C0$c" "{\"id\":\"C0$c\",\"status\":\"open\",\"services\":[\"passport\",\"hkmo-permit\"]}" \
    >/dev/null
done
SHA=$(cat src/main/resources/lua/lib.lua <(echo) src/main/resources/lua/issue_walkin.lua | rcli -x SCRIPT LOAD)
PROBE=$(rcli EVALSHA "$SHA" 7 "$K:ctr" "$K:cap" "$K:idem" "$K:q:passport" "$K:hall" "$K:q:hkmo-permit" \
  "$K:q:hkmo-endorsement" passport A probe bench-ticket "$NOW" 0 green,appointment,walk-in 5400000 900000 \
  hkmo-permit hkmo-endorsement | head -1)
[[ $PROBE == OK ]] || { echo "issue_walkin answered $PROBE, not OK"; exit 1; }
REDIS_N=$((SECS * 5000))
redis-benchmark -h "$RHOST" -p "$RPORT" --dbnum "$RDB" -c "$POOL" -n "$REDIS_N" -r 1000000000 --csv \
  EVALSHA "$SHA" 7 "$K:ctr" "$K:cap" "$K:idem" "$K:q:passport" "$K:hall" "$K:q:hkmo-permit" "$K:q:hkmo-endorsement" \
  passport A "k__rand_int__" bench-ticket "$NOW" 0 green,appointment,walk-in 5400000 900000 hkmo-permit \
  hkmo-endorsement >"$OUT/redis-benchmark.csv" 2>&1
read -r REDIS_RPS REDIS_P50 REDIS_P99 < <(python3 -c 'import csv, sys
r = list(csv.reader(open(sys.argv[1])))[-1]; print(int(float(r[1])), r[4], r[6])' "$OUT/redis-benchmark.csv")
rcli FLUSHDB >/dev/null

# --- pgbench: the single-row insert ceiling ------------------------------------------------------------
# A copy of ticket (its checks and unique indexes, no foreign keys), one INSERT per transaction, as many
# connections as the server's pool.
psql -q "$PG_URL/$DB" -c "CREATE TABLE bench_ticket (LIKE ticket INCLUDING ALL)" -c "CREATE SEQUENCE bench_n"
cat >"$OUT/insert.sql" <<'SQL'
INSERT INTO bench_ticket (id, point_id, service_id, day, prefix, number, kind, walkin_place, green, status,
  idempotency_key, issued_at, queue_service_id, arrived_at)
VALUES (gen_random_uuid(), 'P001', 'passport', current_date, 'A', nextval('bench_n'), 'WALK_IN', currval('bench_n'),
  false, 'WAITING', gen_random_uuid()::text, now(), 'passport', now());
SQL
pgbench -n -M prepared -c "$POOL" -j 2 -T "$SECS" -f "$OUT/insert.sql" "$PG_URL/$DB" >"$OUT/pgbench.txt" 2>&1
PG_TPS=$(awk '/^tps/ { print int($3) }' "$OUT/pgbench.txt" | head -1)
PG_LAT=$(awk '/latency average/ { print $4 }' "$OUT/pgbench.txt")
# The settings the Postgres figures depend on, so that runs on differently set servers are told apart.
PG_SETTINGS=$(psql -tA "$PG_URL/$DB" -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings WHERE name IN ('synchronous_commit', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout')")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
cat <<EOF

Queuehall bench, $(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
load average before the runs: $LOAD
wrk -t2 -c$CONNS, ${SECS}s each after a ${WARM}s warm-up of each (issuing: ${ISS_WARMED}s, rounds $ISS_ROUNDS req/s); server pg pool $POOL; Postgres $PG_SETTINGS

                      req/s    2xx/s   p50 ms   p99 ms   max ms
GET /health/live   $(printf '%8s %8s %8s %8s %8s' "$LIVE_RPS" "$LIVE_OK" "$LIVE_P50" "$LIVE_P99" "$LIVE_MAX")
walk-in issuing    $(printf '%8s %8s %8s %8s %8s' "$ISS_RPS" "$ISS_OK" "$ISS_P50" "$ISS_P99" "$ISS_MAX")   socket errors $ISS_SOCK; $(grep '^STATUS' "$OUT/issue.txt")
  CPU while issuing, of $(nproc) cores: $ISS_CPU
booking            $(printf '%8s %8s %8s %8s %8s' "$BOOK_RPS" "$BOOK_OK" "$BOOK_P50" "$BOOK_P99" "$BOOK_MAX")   socket errors $BOOK_SOCK; $(grep '^STATUS' "$OUT/book.txt")
redis EVALSHA issue_walkin (queues $DEPTH deep, -c $POOL)  $REDIS_RPS calls/s, p50 $REDIS_P50 ms, p99 $REDIS_P99 ms
pgbench single-row INSERT, 1 per transaction, -c $POOL    $PG_TPS tps, latency avg $PG_LAT ms
walk-in tickets in Postgres after the runs: $COMMITTED; appointments: $BOOKED

issuing / /health/live      $(ratio "$ISS_OK" "$LIVE_OK")   (target: at least 25%)
issuing / pgbench ceiling   $(ratio "$ISS_OK" "$PG_TPS")
booking / /health/live      $(ratio "$BOOK_OK" "$LIVE_OK")
issue_walkin EVALSHA / live $(ratio "$REDIS_RPS" "$LIVE_OK")
EOF
