-- hall_view: what a new hall subscriber sees first, with the sequence it is current to.
-- KEYS[1] ctr   KEYS[2] hall   KEYS[3..] q:<service> of each service of the point
-- ARGV[1..] the services, in the order of KEYS[3..]
-- Keeps: nothing; it only reads, in one consistent step.
-- Returns {'NOTREADY'} | {'OK', epoch, seq, hallFlat, {service, waiting, ewma, openCounters}...}
local ctr, hall = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local out = {'OK', epoch, tonumber(redis.call('HGET', ctr, 'seq') or '0'), redis.call('HGETALL', hall)}
for i = 1, #ARGV do
  local open = tonumber(redis.call('HGET', hall, 'open:' .. ARGV[i]) or '0')
  out[#out + 1] = {ARGV[i], redis.call('HLEN', KEYS[i + 2]), average_of(ctr, ARGV[i]), open}
end
return out
