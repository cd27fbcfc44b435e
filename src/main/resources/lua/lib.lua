-- lib.lua: prepended by ScriptRunner to every script below; it is not a script of its own.
-- State of one point and day lives under one hash tag {P001:2026-07-01}:
--   ctr  hash: epoch; n:<prefix> last number; w:<service> waiting count;
--              p:<pool> highest place handed out; f:<pool> free places below it ("3 7").
--   cap  hash: <pool> capacity in force; v:<service> version of that service's capacities.
-- A pool is "w:<service>" (the walk-in quota) or "s:<service>:<HH:MM>" (one slot).
-- Places run 1..capacity, so a place never exceeds the capacity in force when it was taken.

local function ready_epoch(ctr)
  return redis.call('HGET', ctr, 'epoch')
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

-- Script body follows.
