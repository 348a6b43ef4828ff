-- Readings partitioned by month of device time: old months are dropped whole (retention), and a
-- month's index stays small. A default partition takes months that have no partition of their own
-- (a migrated estate's history); ReadingPartitions creates the months around now.
alter table reading rename to reading_unpartitioned;
alter table reading_unpartitioned rename constraint reading_pkey to reading_unpartitioned_pkey;
alter index reading_device_time rename to reading_unpartitioned_device_time;

create table reading (
    device_id   text        not null,
    message_id  text        not null,
    chf_id      text        not null,
    device_time timestamptz not null,
    import_wh   bigint,
    export_wh   bigint,
    gas_m3      double precision,
    received_at timestamptz not null default now(),
    -- a hub's retry repeats the message whole, device time included
    primary key (device_id, message_id, device_time)
) partition by range (device_time);
create index reading_device_time on reading (device_id, device_time);
create table reading_default partition of reading default;

insert into reading select * from reading_unpartitioned;
drop table reading_unpartitioned;
