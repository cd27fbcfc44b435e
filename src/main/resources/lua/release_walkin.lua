-- release_walkin: undo an issue_walkin whose Postgres write failed.
-- KEYS[1] ctr   KEYS[2] idem   KEYS[3] q:<service>
-- ARGV[1] epoch of the reservation   ARGV[2] service   ARGV[3] prefix   ARGV[4] idempotency key
-- ARGV[5] number   ARGV[6] place   ARGV[7] ticket id
-- Keeps: only a reservation of the current epoch is given back; a rebuilt state never held it.
-- Returns 'RELEASED' | 'STALE'
local ctr, idem, queue = KEYS[1], KEYS[2], KEYS[3]
if ready_epoch(ctr) ~= ARGV[1] then return 'STALE' end
local service, prefix, key = ARGV[2], ARGV[3], ARGV[4]
redis.call('HDEL', idem, key)
queue_remove(queue, ARGV[7])
give_number(ctr, prefix, tonumber(ARGV[5]))
give_place(ctr, 'w:' .. service, tonumber(ARGV[6]))
return 'RELEASED'
