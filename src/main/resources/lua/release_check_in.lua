-- release_check_in: undo a check_in whose Postgres write failed.
-- KEYS[1] ctr   KEYS[2] chk   KEYS[3] q:<service>
-- ARGV[1] epoch   ARGV[2] appointment id   ARGV[3] prefix   ARGV[4] ticket id   ARGV[5] number
-- Keeps: only a number of the current epoch is given back.
-- Returns 'RELEASED' | 'STALE'
local ctr, chk, queue = KEYS[1], KEYS[2], KEYS[3]
if ready_epoch(ctr) ~= ARGV[1] then return 'STALE' end
redis.call('HDEL', chk, ARGV[2])
queue_remove(queue, ARGV[4])
give_number(ctr, ARGV[3], tonumber(ARGV[5]))
return 'RELEASED'
