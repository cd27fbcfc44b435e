-- queue_view: every ticket waiting for one service, to compute positions and waits.
-- KEYS[1] ctr   KEYS[2] q:<service>   KEYS[3] hall
-- ARGV[1] service
-- Keeps: nothing; it only reads.
-- Returns {'NOTREADY'} | {'OK', epoch, seq, ewma, openCounters, {ticketId, entry, ...}}
local ctr = KEYS[1]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local ewma, open = wait_inputs(ctr, KEYS[3], ARGV[1])
return {'OK', epoch, tonumber(redis.call('HGET', ctr, 'seq') or '0'), ewma, open, redis.call('HGETALL', KEYS[2])}
