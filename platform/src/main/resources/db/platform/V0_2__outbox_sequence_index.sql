-- The relay looks for the rows not yet numbered (sequence is null) every cycle. The unique constraint's index on
-- sequence held an entry for each of them, dead row versions included, and the planner chose it: a bitmap scan over
-- every row version ever inserted (it cannot learn which entries are dead), 10-30 ms a cycle under load. Only numbered
-- rows need be unique; the rows to number are found by outbox_unsequenced alone.
alter table outbox drop constraint outbox_sequence_key;
create unique index outbox_sequence_key on outbox (sequence) where sequence is not null;
