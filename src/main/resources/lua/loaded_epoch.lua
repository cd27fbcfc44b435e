-- loaded_epoch: the epoch of the point-day's state, 0 when it is not loaded (or of another layout).
-- KEYS[1] ctr
-- Returns epoch
return tonumber(ready_epoch(KEYS[1]) or '0')
