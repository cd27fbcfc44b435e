-- hall_view: what a new hall subscriber sees first, with the sequence it is current to.
-- KEYS[1] ctr   KEYS[2] hall   KEYS[3..] q:<service> of each service of the point
-- ARGV[1..] per service, in the order of KEYS[3..]: id, catalog service seconds, 1 (all of them)
-- Keeps: nothing; it only reads, in one consistent step.
-- Returns {'NOTREADY'} | {'OK', epoch, seq, hallFlat, queues JSON (see queue_figures)}
local ctr, hall = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local flat = redis.call('HGETALL', hall)
return {'OK', epoch, live_seq(ctr), flat, queue_figures(ctr, flat, 3, 1)}
