-- rebuild: load the state of one point and day, read from Postgres, unless a newer one is here.
-- KEYS[1] ctr   KEYS[2] cap   KEYS[3] idem   KEYS[4] cit   KEYS[5] chk   KEYS[6] hall
-- KEYS[7..] q:<service> of every service of the point, in the order of snap.services
-- ARGV[1] epoch (from Postgres, just bumped)   ARGV[2] JSON snapshot:
--   {caps: {service: {v, pools: {pool: capacity}}}, ctr: {field: value}, idem: {key: ticketId},
--    cit: {holder: appointmentId}, chk: {appointmentId: number}, hall: {field: json},
--    services: [service...], queues: {service: {ticketId: entry}}}
-- Keeps: a state is replaced only by one of a higher epoch; capacities keep the newer version.
-- Returns 'LOADED' | 'SKIPPED'
local ctr, cap, idem, cit, chk, hall = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local epoch = tonumber(ARGV[1])
local current = tonumber(ready_epoch(ctr) or '0')
if current >= epoch then return 'SKIPPED' end
local snap = cjson.decode(ARGV[2])
-- The live sequence goes on across a rebuild, so subscribers never see it go back.
local seq = redis.call('HGET', ctr, 'seq')
redis.call('DEL', ctr, idem, cit, chk, hall)
for k = 7, #KEYS do queue_delete(KEYS[k]) end
local function fill(key, map)
  for k, v in pairs(map) do redis.call('HSET', key, k, v) end
end
fill(ctr, snap.ctr)
fill(idem, snap.idem)
fill(cit, snap.cit)
fill(chk, snap.chk)
fill(hall, snap.hall)
for i, service in ipairs(snap.services) do
  for ticket, entry in pairs(snap.queues[service] or {}) do queue_put(KEYS[6 + i], ticket, entry) end
end
for service, c in pairs(snap.caps) do
  if tonumber(redis.call('HGET', cap, 'v:' .. service) or '-1') < c.v then
    fill(cap, c.pools)
    redis.call('HSET', cap, 'v:' .. service, c.v)
  end
end
if seq then redis.call('HSET', ctr, 'seq', seq) end
redis.call('HSET', ctr, 'epoch', ARGV[1], 'layout', LAYOUT)
return 'LOADED'
