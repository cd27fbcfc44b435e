-- call_next: choose the next ticket for a counter across every queue it serves, and take it.
-- KEYS[1] ctr   KEYS[2..] q:<service> of each service the counter serves
-- ARGV[1] now (ms)   ARGV[2] rule order   ARGV[3] max wait ms   ARGV[4] grace ms
-- Keeps: the choice and the taking are one step, so two counters never get the same ticket.
-- Returns {'NOTREADY'} | {'EMPTY'} | {'OK', epoch, ticketId, keyIndex, entry}
local ctr = KEYS[1]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local now, order = tonumber(ARGV[1]), parse_order(ARGV[2])
local max_wait, grace = tonumber(ARGV[3]), tonumber(ARGV[4])
local best, best_rank, best_key, best_entry
for k = 2, #KEYS do
  local all = redis.call('HGETALL', KEYS[k])
  for i = 1, #all, 2 do
    local r = rank(all[i + 1], now, order, max_wait, grace)
    if not best_rank or ranks_before(r, best_rank) then
      best, best_rank, best_key, best_entry = all[i], r, k, all[i + 1]
    end
  end
end
if not best then return {'EMPTY'} end
queue_remove(KEYS[best_key], best)
return {'OK', epoch, best, best_key - 1, best_entry}
