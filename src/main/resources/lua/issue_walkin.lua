-- issue_walkin: hand out one walk-in number within the day's walk-in quota.
-- KEYS[1] ctr   KEYS[2] cap   KEYS[3] idem (idempotency key -> ticket id)
-- ARGV[1] service   ARGV[2] prefix   ARGV[3] idempotency key   ARGV[4] new ticket id
-- Keeps: a number is handed out once per point, prefix and day; the walk-in places in use
-- never exceed the quota in force; one idempotency key yields one ticket.
-- Returns {'NOTREADY'} | {'REPLAY', ticketId} | {'EXHAUSTED', inUse, capacity}
--       | {'OK', epoch, number, place, position}
local ctr, cap, idem = KEYS[1], KEYS[2], KEYS[3]
local service, prefix, key, ticket = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local prior = redis.call('HGET', idem, key)
if prior then return {'REPLAY', prior} end
local pool = 'w:' .. service
local capacity = tonumber(redis.call('HGET', cap, pool) or '0')
local place = take_place(ctr, pool, capacity)
if not place then return {'EXHAUSTED', active_places(ctr, pool), capacity} end
local number = redis.call('HINCRBY', ctr, 'n:' .. prefix, 1)
local position = redis.call('HINCRBY', ctr, 'w:' .. service, 1)
redis.call('HSET', idem, key, ticket)
return {'OK', epoch, number, place, position}
