-- A milestone is the n-th SMETS2 meter of its day (the day found in the roll-out cube): this partial index answers
-- it by an index-only scan once the table is vacuumed. The full-table index it replaces served the SQL reports the
-- cube took over.
create index commissioned_meter_smets2_time on commissioned_meter (commissioned_at, device_id) where smets_version = 'SMETS2';
drop index commissioned_meter_time;
