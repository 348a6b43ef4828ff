-- One index serves both the uniqueness of a reading and the readings API's scans by device and time:
-- every stored reading then updates one index instead of two.
alter table reading drop constraint reading_pkey;
drop index reading_device_time;
alter table reading add primary key (device_id, device_time, message_id);
