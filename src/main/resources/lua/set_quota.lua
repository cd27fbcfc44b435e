-- set_quota: put one service's capacities in force, unless a newer version already is.
-- KEYS[1] cap
-- ARGV[1] service   ARGV[2] version   ARGV[3..] pool, capacity, pool, capacity, ...
-- Keeps: capacities only move forward in version, so a late writer never undoes a newer change.
-- Returns 'APPLIED' | 'OLDER'
local cap = KEYS[1]
local service, version = ARGV[1], tonumber(ARGV[2])
if tonumber(redis.call('HGET', cap, 'v:' .. service) or '-1') >= version then return 'OLDER' end
for i = 3, #ARGV, 2 do redis.call('HSET', cap, ARGV[i], ARGV[i + 1]) end
redis.call('HSET', cap, 'v:' .. service, version)
return 'APPLIED'
