-- release_booking: give a slot place back, after a cancellation or a failed Postgres write.
-- KEYS[1] ctr   KEYS[2] cit
-- ARGV[1] epoch the place belongs to   ARGV[2] service   ARGV[3] slot   ARGV[4] citizen id
-- ARGV[5] appointment id   ARGV[6] place
-- Keeps: only a place of the current epoch is given back; a rebuilt state already counted it.
-- Returns 'RELEASED' | 'STALE'
local ctr, cit = KEYS[1], KEYS[2]
if ready_epoch(ctr) ~= ARGV[1] then return 'STALE' end
local service, slot, citizen, appointment = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local holder = service .. ':' .. citizen
if redis.call('HGET', cit, holder) == appointment then redis.call('HDEL', cit, holder) end
give_place(ctr, 's:' .. service .. ':' .. slot, tonumber(ARGV[6]))
return 'RELEASED'
