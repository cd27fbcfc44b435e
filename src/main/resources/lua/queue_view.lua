-- queue_view: every ticket waiting at a point, queue by queue, to compute positions and waits.
-- KEYS[1] ctr   KEYS[2] hall   KEYS[3..] q:<service> of each service of the point
-- ARGV[1..] the services, in the order of KEYS[3..]
-- Keeps: nothing; it only reads, in one consistent step.
-- Returns {'NOTREADY'} | {'OK', epoch, seq, hallFlat, {service, average, {ticketId, entry, ...}}...}
local ctr = KEYS[1]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local out = {'OK', epoch, live_seq(ctr), redis.call('HGETALL', KEYS[2])}
for i = 1, #ARGV do
  out[#out + 1] = {ARGV[i], average_of(ctr, ARGV[i]), redis.call('HGETALL', KEYS[i + 2])}
end
return out
