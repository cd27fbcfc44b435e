-- enqueue: put a ticket (back) into a queue: a call whose record failed, or a transfer.
-- KEYS[1] ctr   KEYS[2] q:<service>
-- ARGV[1] ticket id   ARGV[2] entry   ARGV[3] epoch it must belong to, or '' for the current one
-- Keeps: a ticket given back to a rebuilt state is not added twice (the rebuild has it already).
-- Returns {'NOTREADY'} | {'STALE'} | {'OK', epoch}
local ctr, queue = KEYS[1], KEYS[2]
local epoch = ready_epoch(ctr)
if not epoch then return {'NOTREADY'} end
if ARGV[3] ~= '' and ARGV[3] ~= epoch then return {'STALE'} end
queue_put(queue, ARGV[1], ARGV[2])
return {'OK', epoch}
