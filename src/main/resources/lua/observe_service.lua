-- observe_service: fold one measured service time into the service's moving average.
-- KEYS[1] ctr
-- ARGV[1] service   ARGV[2] seconds measured   ARGV[3] weight of the new measure (0..1)
-- ARGV[4] default seconds when nothing was measured yet
-- Keeps: nothing beyond the average itself; estimates read it.
-- Returns the new average (seconds, as a string)
local field = 'e:' .. ARGV[1]
local old = tonumber(redis.call('HGET', KEYS[1], field) or ARGV[4])
local alpha = tonumber(ARGV[3])
local new = alpha * tonumber(ARGV[2]) + (1 - alpha) * old
redis.call('HSET', KEYS[1], field, string.format('%.3f', new))
return string.format('%.3f', new)
