-- book_slot: take one place in an appointment slot for one citizen.
-- KEYS[1] ctr   KEYS[2] cap   KEYS[3] cit (service:citizenId -> appointment id)
-- ARGV[1] service   ARGV[2] slot (HH:MM)   ARGV[3] citizen id   ARGV[4] new appointment id
-- Keeps: the places in use never exceed the slot's capacity in force; a citizen holds at most
-- one active appointment per service at this point and day.
-- Returns {'NOTREADY'} | {'DUPLICATE', appointmentId} | {'FULL', inUse, capacity}
--       | {'OK', epoch, place, remaining}
local ctr, cap, cit = KEYS[1], KEYS[2], KEYS[3]
local service, slot, citizen, appointment = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local holder = service .. ':' .. citizen
local prior = redis.call('HGET', cit, holder)
if prior then return {'DUPLICATE', prior} end
local pool = 's:' .. service .. ':' .. slot
local capacity = tonumber(redis.call('HGET', cap, pool) or '0')
local place = take_place(ctr, pool, capacity)
if not place then return {'FULL', active_places(ctr, pool), capacity} end
redis.call('HSET', cit, holder, appointment)
return {'OK', epoch, place, capacity - active_places(ctr, pool)}
