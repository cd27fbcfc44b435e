-- check_in: hand out the queue number of a checked-in appointment, once per appointment, and queue it.
-- KEYS[1] ctr   KEYS[2] chk (appointment id -> number)   KEYS[3] q:<service>   KEYS[4] hall
-- KEYS[5..] q:<service> of the point's other services
-- ARGV[1] appointment id   ARGV[2] prefix   ARGV[3] new ticket id   ARGV[4] now (ms)
-- ARGV[5] slot start (ms)   ARGV[6] rule order   ARGV[7] max wait ms   ARGV[8] grace ms   ARGV[9] service
-- ARGV[10..] the other services, in the order of KEYS[5..]
-- Keeps: one appointment yields one number; numbers never repeat per point, prefix and day.
-- Returns {'NOTREADY'} | {'REPLAY', number}
--       | {'OK', epoch, number, position, {service, ahead, average, ...}, hallFlat} (see issue_walkin)
local ctr, chk, queue, hall = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local appointment, prefix, ticket, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local prior = redis.call('HGET', chk, appointment)
if prior then return {'REPLAY', prior} end
local number = redis.call('HINCRBY', ctr, 'n:' .. prefix, 1)
redis.call('HSET', chk, appointment, number)
local entry = number .. '|0|A|' .. now .. '|' .. ARGV[5]
local order, max_wait, grace = parse_order(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local position = position_of(queue, entry, now, order, max_wait, grace)
queue_put(queue, ticket, entry)
local own = {ARGV[9], position - 1, average_of(ctr, ARGV[9])}
local inputs = add_ahead(own, ctr, 5, 10, entry, now, order, max_wait, grace)
return {'OK', epoch, number, position, inputs, redis.call('HGETALL', hall)}
