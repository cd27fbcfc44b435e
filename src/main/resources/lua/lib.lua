-- lib.lua: prepended by ScriptRunner to every script below; it is not a script of its own.
-- State of one point and day lives under one hash tag {P001:2026-07-01}:
--   ctr  hash: epoch; layout (see LAYOUT); seq (live events); n:<prefix> last number;
--              e:<service> service-time EWMA (s);
--              p:<pool> highest place handed out; f:<pool> free places below it ("3 7").
--   cap  hash: <pool> capacity in force; v:<service> version of that service's capacities.
--   q:<service> hash: the tickets waiting for that service, ticketId -> entry (see parse_entry).
--   q:<service>:w, :g, :a sorted sets: the same tickets by arrival (ms), split into plain walk-ins,
--              green-channel tickets and appointments (see queue_put). Their names are derived here
--              from the queue's, so they carry its hash tag and live in its slot; only the
--              queue_* functions below write a queue, and they keep the four in step.
--   hall hash: counter:<id> -> JSON a display shows (status, services, ticket in hand). Each
--              counter's field is written by its own events only, so what the hall counts from
--              these fields (open counters per service) never mixes two counters' writes.
-- A pool is "w:<service>" (the walk-in quota) or "s:<service>:<HH:MM>" (one slot).
-- Places run 1..capacity, so a place never exceeds the capacity in force when it was taken.

-- The layout of a point-day's state, kept in ctr beside the epoch. A state of another layout (left
-- in Redis by an older server: say queues without their arrival indexes) reads as not loaded, so the
-- first request rebuilds it from Postgres under a new epoch, as after a flush.
local LAYOUT = '2'

-- The epoch of the state, or false when it is not loaded (or of another layout).
local function ready_epoch(ctr)
  local f = redis.call('HMGET', ctr, 'epoch', 'layout')
  if f[2] ~= LAYOUT then return false end
  return f[1]
end

-- The seq of the point-day's last live event (0 before the first): what a read is current to.
local function live_seq(ctr)
  return tonumber(redis.call('HGET', ctr, 'seq') or '0')
end

local function free_places(ctr, pool)
  local list = {}
  local s = redis.call('HGET', ctr, 'f:' .. pool)
  if s then
    for n in string.gmatch(s, '%d+') do list[#list + 1] = tonumber(n) end
  end
  return list
end

local function save_free(ctr, pool, list)
  if #list == 0 then
    redis.call('HDEL', ctr, 'f:' .. pool)
  else
    redis.call('HSET', ctr, 'f:' .. pool, table.concat(list, ' '))
  end
end

local function active_places(ctr, pool)
  local hi = tonumber(redis.call('HGET', ctr, 'p:' .. pool) or '0')
  return hi - #free_places(ctr, pool)
end

-- The lowest free place, else the next one; false when the pool holds `cap` places already.
local function take_place(ctr, pool, cap)
  local hi = tonumber(redis.call('HGET', ctr, 'p:' .. pool) or '0')
  local free = free_places(ctr, pool)
  if hi - #free >= cap then return false end
  if #free > 0 then
    local place = table.remove(free, 1)
    save_free(ctr, pool, free)
    return place
  end
  redis.call('HSET', ctr, 'p:' .. pool, hi + 1)
  return hi + 1
end

local function give_place(ctr, pool, place)
  local hi = tonumber(redis.call('HGET', ctr, 'p:' .. pool) or '0')
  local free = free_places(ctr, pool)
  if place > hi then return end
  for _, f in ipairs(free) do
    if f == place then return end
  end
  free[#free + 1] = place
  table.sort(free)
  -- Trim the top so that hi always names a place in use.
  while #free > 0 and free[#free] == hi do
    table.remove(free)
    hi = hi - 1
  end
  redis.call('HSET', ctr, 'p:' .. pool, hi)
  save_free(ctr, pool, free)
end

-- Gives a number back only when it is the last one handed out, so numbers never repeat.
local function give_number(ctr, prefix, number)
  if tonumber(redis.call('HGET', ctr, 'n:' .. prefix) or '0') == number then
    redis.call('HINCRBY', ctr, 'n:' .. prefix, -1)
  end
end

-- A queue entry: "number|green|kind|arrivalMs|slotStartMs", kind W (walk-in) or A (appointment).
local function parse_entry(v)
  local number, green, kind, arrival, slot = string.match(v, '^(%d+)|(%d)|(%a)|(%d+)|(%d+)$')
  return tonumber(number), green == '1', kind, tonumber(arrival), tonumber(slot)
end

-- The calling rule (mirrored by CallingRule.java): {category, key, arrival, number}, lowest first.
-- Category 0: waited at least max_wait. Then the point's order of green, appointment (slot begun)
-- and walk-in; an appointment before its slot queues as a walk-in arriving `grace` ms later.
local function rank(v, now, order, max_wait, grace)
  local number, green, kind, arrival, slot = parse_entry(v)
  if now - arrival >= max_wait then return {0, arrival, arrival, number} end
  if green then return {order['green'], arrival, arrival, number} end
  if kind == 'A' and slot > 0 and slot <= now then return {order['appointment'], slot, arrival, number} end
  if kind == 'A' then return {order['walk-in'], arrival + grace, arrival, number} end
  return {order['walk-in'], arrival, arrival, number}
end

local function ranks_before(a, b)
  for i = 1, 4 do
    if a[i] ~= b[i] then return a[i] < b[i] end
  end
  return false
end

-- "green,appointment,walk-in" -> {green = 1, appointment = 2, ['walk-in'] = 3}
local function parse_order(s)
  local order, i = {}, 1
  for name in string.gmatch(s, '[^,]+') do
    order[name] = i
    i = i + 1
  end
  return order
end

-- The sorted set a queue entry is indexed in, and its score (arrival ms).
local function index_of(queue, entry)
  local _, green, kind, arrival = parse_entry(entry)
  if green then return queue .. ':g', arrival end
  if kind == 'A' then return queue .. ':a', arrival end
  return queue .. ':w', arrival
end

-- Puts a ticket into a queue (or replaces its entry), keeping the indexes in step.
local function queue_put(queue, ticket, entry)
  local old = redis.call('HGET', queue, ticket)
  if old then redis.call('ZREM', (index_of(queue, old)), ticket) end
  redis.call('HSET', queue, ticket, entry)
  local index, arrival = index_of(queue, entry)
  redis.call('ZADD', index, arrival, ticket)
end

-- Takes a ticket out of a queue; its entry, or false when it was not waiting there.
local function queue_remove(queue, ticket)
  local entry = redis.call('HGET', queue, ticket)
  if not entry then return false end
  redis.call('HDEL', queue, ticket)
  redis.call('ZREM', (index_of(queue, entry)), ticket)
  return entry
end

local function queue_delete(queue)
  redis.call('DEL', queue, queue .. ':w', queue .. ':g', queue .. ':a')
end

-- How many tickets of the queue go before `mine` by reading each one: the reference the fast
-- path below must agree with, and what an entry that has itself waited past max_wait uses.
local function scan_ahead(queue, mine, now, order, max_wait, grace)
  local all = redis.call('HGETALL', queue)
  local ahead = 0
  for i = 2, #all, 2 do
    if ranks_before(rank(all[i], now, order, max_wait, grace), mine) then ahead = ahead + 1 end
  end
  return ahead
end

-- How many tickets of one index do NOT go before `mine`: none read when every ticket of the index
-- that has not waited max_wait is behind (`category` above mine: ZCOUNT), else those arrived from
-- `from` on are read and ranked. Tickets not counted go before mine. `keyed`: the index's fresh
-- tickets are all of mine's category and ranked by their arrival (the score), so every one that
-- arrived after `from` is behind (ZCOUNT) and only those of that very millisecond are read: a
-- ticket that has waited a while costs no more to place than a new one.
local function count_behind(queue, index, mine, now, order, max_wait, grace, lowest, highest, from, keyed)
  local fresh = now - max_wait + 1 -- arrived after this: not waited max_wait, so not category 0
  if highest < mine[1] then return 0 end
  if lowest > mine[1] then return redis.call('ZCOUNT', index, fresh, '+inf') end
  local start = math.max(fresh, from)
  local behind, ids = 0, nil
  if keyed then
    behind = redis.call('ZCOUNT', index, '(' .. start, '+inf')
    ids = redis.call('ZRANGEBYSCORE', index, start, start)
  else
    ids = redis.call('ZRANGEBYSCORE', index, start, '+inf')
  end
  for first = 1, #ids, 1000 do
    local entries = redis.call('HMGET', queue, unpack(ids, first, math.min(first + 999, #ids)))
    for _, e in ipairs(entries) do
      if e and not ranks_before(rank(e, now, order, max_wait, grace), mine) then behind = behind + 1 end
    end
  end
  return behind
end

-- How many tickets of the queue go before this entry under the rule, now. Every ticket that has
-- waited max_wait goes before an entry that has not; of the others, only those that can rank
-- behind it are looked at: for a walk-in arriving now under the usual order (green, appointment,
-- walk-in) that is the appointments checked in during the last `grace` and any walk-in of the same
-- millisecond, so the cost does not grow with the queue. The Java mirror is CallingOrder.
local function ahead_of(queue, entry, now, order, max_wait, grace)
  local mine = rank(entry, now, order, max_wait, grace)
  if mine[1] == 0 then return scan_ahead(queue, mine, now, order, max_wait, grace) end
  local g, a, w = order['green'], order['appointment'], order['walk-in']
  -- By class: the categories its tickets can be in while fresh, and the earliest arrival that can
  -- rank at or behind `mine` within mine's own category (key = arrival; an appointment before its
  -- slot has key arrival + grace, one whose slot began has its slot start as key).
  local behind = count_behind(queue, queue .. ':g', mine, now, order, max_wait, grace, g, g, mine[2], true)
      + count_behind(queue, queue .. ':w', mine, now, order, max_wait, grace, w, w, mine[2], true)
  local from = -math.huge
  if a < mine[1] and w == mine[1] then from = mine[2] - grace end
  behind = behind + count_behind(queue, queue .. ':a', mine, now, order, max_wait, grace,
      math.min(a, w), math.max(a, w), from)
  return redis.call('HLEN', queue) - behind
end

-- 1 + how many tickets of the queue go before this entry under the rule, now.
local function position_of(queue, entry, now, order, max_wait, grace)
  return ahead_of(queue, entry, now, order, max_wait, grace) + 1
end

-- A service's moving-average service time in seconds, '' until one is measured.
local function average_of(ctr, service)
  return redis.call('HGET', ctr, 'e:' .. service) or ''
end

-- Folds one measured service time (seconds) into the service's moving average on ctr, weighing
-- the new measure by alpha; `default` stands in for an average never measured.
local function observe(ctr, service, seconds, alpha, default)
  local field = 'e:' .. service
  local old = tonumber(redis.call('HGET', ctr, field) or default)
  redis.call('HSET', ctr, field, string.format('%.3f', alpha * seconds + (1 - alpha) * old))
end

-- What the estimate of a wait needs beyond the ticket's own queue (WaitEstimate.java holds the
-- formula): for each other queue KEYS[first_key..] of service ARGV[first_arg..], appends to
-- `inputs` the service, how many of its tickets go before `entry` by the rule now, and its average.
local function add_ahead(inputs, ctr, first_key, first_arg, entry, now, order, max_wait, grace)
  for i = first_key, #KEYS do
    local service = ARGV[first_arg + i - first_key]
    inputs[#inputs + 1] = service
    inputs[#inputs + 1] = position_of(KEYS[i], entry, now, order, max_wait, grace) - 1
    inputs[#inputs + 1] = average_of(ctr, service)
  end
  return inputs
end

-- The services each open counter of the hall serves, from the hall hash flat (HGETALL): per
-- service the open counters serving it, and per pair "a\0b" those serving both.
local function open_counters(hall_flat)
  local serving, both = {}, {}
  for i = 1, #hall_flat, 2 do
    if string.sub(hall_flat[i], 1, 8) == 'counter:' then
      local c = cjson.decode(hall_flat[i + 1])
      if c.status == 'open' and type(c.services) == 'table' then
        local seen, list = {}, {}
        for _, s in ipairs(c.services) do
          s = tostring(s)
          if not seen[s] then seen[s] = true; list[#list + 1] = s end
        end
        for _, a in ipairs(list) do
          serving[a] = (serving[a] or 0) + 1
          for _, b in ipairs(list) do both[a .. '\0' .. b] = (both[a .. '\0' .. b] or 0) + 1 end
        end
      end
    end
  end
  return serving, both
end

-- What a hall display shows of some queues, as a JSON array of {service, waiting,
-- estimatedWaitSeconds, countersOpen}: a newcomer's wait, with everyone waiting now ahead of it.
-- The formula is WaitEstimate.java's (HallFiguresAgreementTest holds the two to the same figures):
-- the work ahead (each waiting ticket's average service time, times the share of its service's
-- open counters that also serve this one, plus half a service of this one) over the open counters.
-- KEYS[first_key..] the queue of every service of the point; ARGV[first_arg..] per service, in the
-- same order: its id, its catalog service time in seconds (until one is measured), 1 if changed.
-- Reported: every changed queue, and every queue whose estimate counts a changed one's tickets
-- (one that shares an open counter with it), since its figure moved too.
local function queue_figures(ctr, hall_flat, first_key, first_arg)
  local services, seconds, waiting, wanted = {}, {}, {}, {}
  for i = 0, #KEYS - first_key do
    local s = ARGV[first_arg + 3 * i]
    local average = average_of(ctr, s)
    services[#services + 1] = s
    seconds[s] = tonumber(average ~= '' and average or ARGV[first_arg + 3 * i + 1])
    waiting[s] = redis.call('HLEN', KEYS[first_key + i])
    wanted[s] = ARGV[first_arg + 3 * i + 2] == '1'
  end
  local serving, both = open_counters(hall_flat)
  local reported = {}
  for _, s in ipairs(services) do
    for _, t in ipairs(services) do
      if wanted[t] and (t == s or (both[t .. '\0' .. s] or 0) > 0) then reported[s] = true end
    end
  end
  local out = {}
  for _, s in ipairs(services) do
    if reported[s] then
      local work = 0.5 * seconds[s]
      for _, t in ipairs(services) do
        local share = 0
        if t == s then share = 1
        elseif (serving[t] or 0) > 0 then share = (both[t .. '\0' .. s] or 0) / serving[t] end
        work = work + waiting[t] * seconds[t] * share
      end
      local estimate = math.floor(work / math.max(1, serving[s] or 0) + 0.5)
      out[#out + 1] = '{"service":' .. cjson.encode(s) .. ',"waiting":' .. waiting[s]
          .. ',"estimatedWaitSeconds":' .. string.format('%d', estimate)
          .. ',"countersOpen":' .. string.format('%d', serving[s] or 0) .. '}'
    end
  end
  return '[' .. table.concat(out, ',') .. ']'
end

-- Script body follows.
