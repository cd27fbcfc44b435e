-- slot_places: read capacity and places in use of several pools in one consistent view.
-- KEYS[1] ctr   KEYS[2] cap
-- ARGV[1..] pools
-- Keeps: nothing; it only reads.
-- Returns {'NOTREADY'} | {'OK', capacity1, inUse1, capacity2, inUse2, ...}
local ctr, cap = KEYS[1], KEYS[2]
if not ready_epoch(ctr) then return {'NOTREADY'} end
local out = {'OK'}
for i = 1, #ARGV do
  out[#out + 1] = tonumber(redis.call('HGET', cap, ARGV[i]) or '0')
  out[#out + 1] = active_places(ctr, ARGV[i])
end
return out
