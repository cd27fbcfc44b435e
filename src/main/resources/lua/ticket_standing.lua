-- ticket_standing: where one waiting ticket stands now, read as a new ticket's position is (the
-- arrival indexes, not the whole queues), so asking costs about what issuing does.
-- KEYS[1] ctr   KEYS[2] q:<service> (the ticket's queue)   KEYS[3] hall
-- KEYS[4..] q:<service> of the point's other services
-- ARGV[1] service   ARGV[2] ticket id   ARGV[3] now (ms)   ARGV[4] rule order   ARGV[5] max wait ms
-- ARGV[6] grace ms   ARGV[7..] the other services, in the order of KEYS[4..]
-- Keeps: nothing; it only reads, in one consistent step.
-- Returns {'NOTREADY'} | {'GONE', epoch, seq} (not waiting in that queue)
--       | {'OK', position, {service, ahead, average, ...}, hallFlat, epoch, seq}
--         (as issue_walkin's estimate inputs, and the live event seq the standing is current to)
local ctr, queue, hall = KEYS[1], KEYS[2], KEYS[3]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local seq = live_seq(ctr)
local entry = redis.call('HGET', queue, ARGV[2])
if not entry then return {'GONE', epoch, seq} end
local now = tonumber(ARGV[3])
local order, max_wait, grace = parse_order(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
-- The ticket is in its queue and ranks neither before nor behind itself: ahead_of leaves it out.
local ahead = ahead_of(queue, entry, now, order, max_wait, grace)
local inputs = add_ahead({ARGV[1], ahead, average_of(ctr, ARGV[1])}, ctr, 4, 7, entry, now, order, max_wait, grace)
return {'OK', ahead + 1, inputs, redis.call('HGETALL', hall), epoch, seq}
