-- take_ticket: take one given ticket out of its queue (a counter calls it by number, or a failed
-- transfer is undone).
-- KEYS[1] ctr   KEYS[2] q:<service>
-- ARGV[1] ticket id
-- Keeps: a waiting ticket is taken once; a second taker gets GONE.
-- Returns {'NOTREADY'} | {'GONE'} | {'OK', epoch, entry}
local ctr, queue = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
local entry = queue_remove(queue, ARGV[1])
if not entry then return {'GONE'} end
return {'OK', epoch, entry}
