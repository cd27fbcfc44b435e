-- release_check_in: undo a check_in whose Postgres write failed.
-- KEYS[1] ctr   KEYS[2] chk
-- ARGV[1] epoch   ARGV[2] appointment id   ARGV[3] prefix   ARGV[4] service   ARGV[5] number
-- Keeps: only a number of the current epoch is given back.
-- Returns 'RELEASED' | 'STALE'
local ctr, chk = KEYS[1], KEYS[2]
if ready_epoch(ctr) ~= ARGV[1] then return 'STALE' end
redis.call('HDEL', chk, ARGV[2])
give_number(ctr, ARGV[3], tonumber(ARGV[5]))
redis.call('HINCRBY', ctr, 'w:' .. ARGV[4], -1)
return 'RELEASED'
