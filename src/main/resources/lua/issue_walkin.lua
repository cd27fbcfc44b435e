-- issue_walkin: hand out one walk-in number within the day's walk-in quota and queue the ticket.
-- KEYS[1] ctr   KEYS[2] cap   KEYS[3] idem (idempotency key -> ticket id)   KEYS[4] q:<service>
-- KEYS[5] hall   KEYS[6..] q:<service> of the point's other services
-- ARGV[1] service   ARGV[2] prefix   ARGV[3] idempotency key   ARGV[4] new ticket id
-- ARGV[5] now (ms)   ARGV[6] green (0/1)   ARGV[7] rule order   ARGV[8] max wait ms   ARGV[9] grace ms
-- ARGV[10..] the other services, in the order of KEYS[6..]
-- Keeps: a number is handed out once per point, prefix and day; the walk-in places in use
-- never exceed the quota in force; one idempotency key yields one ticket.
-- Returns {'NOTREADY'} | {'REPLAY', ticketId} | {'EXHAUSTED', inUse, capacity}
--       | {'OK', epoch, number, place, position, {service, ahead, average, ...}, hallFlat}
--         (what the wait estimate needs: tickets ahead in every queue of the point, and the counters)
local ctr, cap, idem, queue, hall = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local service, prefix, key, ticket = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = tonumber(ARGV[5])
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local prior = redis.call('HGET', idem, key)
if prior then return {'REPLAY', prior} end
local pool = 'w:' .. service
local capacity = tonumber(redis.call('HGET', cap, pool) or '0')
local place = take_place(ctr, pool, capacity)
if not place then return {'EXHAUSTED', active_places(ctr, pool), capacity} end
local number = redis.call('HINCRBY', ctr, 'n:' .. prefix, 1)
redis.call('HSET', idem, key, ticket)
local entry = number .. '|' .. ARGV[6] .. '|W|' .. now .. '|0'
local order, max_wait, grace = parse_order(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local position = position_of(queue, entry, now, order, max_wait, grace)
queue_put(queue, ticket, entry)
local own = {service, position - 1, average_of(ctr, service)}
local inputs = add_ahead(own, ctr, 6, 10, entry, now, order, max_wait, grace)
return {'OK', epoch, number, place, position, inputs, redis.call('HGETALL', hall)}
