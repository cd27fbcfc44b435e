-- publish: number one live event of a point and send it to every server instance.
-- KEYS[1] ctr   KEYS[2] hall (hash of what a new subscriber must see first)
-- ARGV[1] channel   ARGV[2] event JSON object without seq and epoch   ARGV[3..] hall field, value, ...
-- Keeps: events of a point and day carry consecutive sequence numbers in publish order, so a
-- subscriber detects any gap; the hall hash changes in the same step as the event is numbered.
-- A state that is not loaded (flushed) publishes nothing: subscribers resync on the next epoch.
-- Returns the sequence number, or 0 when nothing was published
local ctr, hall = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return 0 end
local seq = redis.call('HINCRBY', ctr, 'seq', 1)
for i = 3, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', hall, ARGV[i]) else redis.call('HSET', hall, ARGV[i], ARGV[i + 1]) end
end
local body = ARGV[2]
local message = '{"seq":' .. seq .. ',"epoch":' .. epoch .. (body == '{}' and '}' or (',' .. string.sub(body, 2)))
redis.call('PUBLISH', ARGV[1], message)
return seq
