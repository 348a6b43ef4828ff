-- A milestone is the n-th SMETS2 meter of its day (the day found in the roll-out cube): these partial indexes answer
-- it by an index-only scan once the table is vacuumed, for every meter and for one region's. The full-table index
-- they replace served the SQL reports the cube took over.
create index commissioned_meter_smets2_time on commissioned_meter (commissioned_at, device_id) where smets_version = 'SMETS2';
create index commissioned_meter_smets2_region on commissioned_meter (region_code, commissioned_at, device_id)
    where smets_version = 'SMETS2';
drop index commissioned_meter_time;
