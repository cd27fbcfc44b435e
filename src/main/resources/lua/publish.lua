-- publish: number one live event of a point and send it to every server instance.
-- KEYS[1] ctr   KEYS[2] hall (hash of what a new subscriber must see first)
-- KEYS[3..] q:<service> of each service of the point
-- ARGV[1] channel   ARGV[2] event JSON object without seq, epoch and queues
-- ARGV[3..6] a service time measured by the event (a completion), folded into its service's moving
--   average before the figures are read: service ('' for none), seconds, weight of the new measure,
--   catalog seconds while nothing was measured
-- ARGV[7] n, the number of hall fields to set   ARGV[8..7+2n] hall field, value ('' deletes it), ...
-- ARGV[8+2n..] per service, in the order of KEYS[3..]: id, catalog service seconds, 1 if the event
--   changed its queue (the event reports its figures, and those of every queue sharing an open
--   counter with it: see queue_figures)
-- Keeps: events of a point and day carry consecutive sequence numbers in publish order, so a
-- subscriber detects any gap; the hall hash changes in the same step as the event is numbered, and
-- the queue figures the event carries are read in that step, after the change and the measure.
-- A state that is not loaded yet (or flushed) is loaded first, as for any decision.
-- Returns {'NOTREADY'} | {'OK', seq}
local ctr, hall = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local seq = redis.call('HINCRBY', ctr, 'seq', 1)
if ARGV[3] ~= '' then observe(ctr, ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]) end
local fields = tonumber(ARGV[7])
for i = 8, 7 + 2 * fields, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', hall, ARGV[i]) else redis.call('HSET', hall, ARGV[i], ARGV[i + 1]) end
end
local parts = {'"seq":' .. seq, '"epoch":' .. epoch}
local body = string.sub(ARGV[2], 2, -2)
if body ~= '' then parts[#parts + 1] = body end
local first = 8 + 2 * fields
local changed = false
for i = first + 2, #ARGV, 3 do changed = changed or ARGV[i] == '1' end
if changed then
  parts[#parts + 1] = '"queues":' .. queue_figures(ctr, redis.call('HGETALL', hall), 3, first)
end
redis.call('PUBLISH', ARGV[1], '{' .. table.concat(parts, ',') .. '}')
return {'OK', seq}
