-- check_in: hand out the queue number of a checked-in appointment, once per appointment.
-- KEYS[1] ctr   KEYS[2] chk (appointment id -> number)
-- ARGV[1] appointment id   ARGV[2] prefix   ARGV[3] service
-- Keeps: one appointment yields one number; numbers never repeat per point, prefix and day.
-- Returns {'NOTREADY'} | {'REPLAY', number} | {'OK', epoch, number, position}
local ctr, chk = KEYS[1], KEYS[2]
local appointment, prefix, service = ARGV[1], ARGV[2], ARGV[3]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local prior = redis.call('HGET', chk, appointment)
if prior then return {'REPLAY', prior} end
local number = redis.call('HINCRBY', ctr, 'n:' .. prefix, 1)
local position = redis.call('HINCRBY', ctr, 'w:' .. service, 1)
redis.call('HSET', chk, appointment, number)
return {'OK', epoch, number, position}
