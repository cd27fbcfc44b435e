-- A ticket changes state three or four times (called, serving, completed): make those updates cheap.

-- No query reads ticket_waiting: waiting tickets are read per point and day, which the leading part
-- of ticket_number_unique serves. It cost an index entry per ticket, and because its predicate names
-- status, every transition was a non-HOT update that wrote a new entry into every index of the ticket.
DROP INDEX ticket_waiting;

-- With no index on the columns a transition changes (status, counter, times), a transition is a
-- HOT update when the ticket's page has room for the new version: leave room on each page.
ALTER TABLE ticket SET (fillfactor = 70);
