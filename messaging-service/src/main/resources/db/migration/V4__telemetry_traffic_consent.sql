-- The metering point of a meter, so that its consent level applies to its data.
alter table device_projection add column mpxn text;

-- The daily read log: cumulative registers at the start of each day, once per device and date.
create table daily_read (
    device_id   text        not null,
    read_date   date        not null,
    message_id  text        not null,
    chf_id      text        not null,
    import_wh   bigint,
    export_wh   bigint,
    gas_m3      double precision,
    received_at timestamptz not null default now(),
    primary key (device_id, read_date)
) partition by range (read_date);
create table daily_read_default partition of daily_read default;

-- Half-hourly profile data: the consumption of each half hour, once per device and interval.
create table profile_interval (
    device_id      text        not null,
    interval_start timestamptz not null,
    message_id     text        not null,
    chf_id         text        not null,
    import_wh      bigint,
    export_wh      bigint,
    gas_m3         double precision,
    received_at    timestamptz not null default now(),
    primary key (device_id, interval_start)
) partition by range (interval_start);
create table profile_interval_default partition of profile_interval default;

-- Device alerts as received, with whom they were routed to.
create table device_alert (
    device_id     text        not null,
    message_id    text        not null,
    device_time   timestamptz not null,
    chf_id        text        not null,
    alert_code    text        not null,
    alert_name    text        not null,
    category      text        not null,
    detail        text,
    entitled_orgs text[]      not null,
    received_at   timestamptz not null default now(),
    primary key (device_id, message_id, device_time)
);
create index device_alert_received on device_alert (received_at);

-- Messages to and from meters per minute of receipt; a minute is published as traffic.counted
-- once it has closed, and again if a late message changes it.
create table traffic_minute (
    minute      timestamptz not null,
    direction   text        not null,
    kind        text        not null,
    supplier    text        not null,
    region      text        not null,
    device_type text        not null,
    messages    bigint      not null,
    published   boolean     not null default false,
    primary key (minute, direction, kind, supplier, region, device_type)
);
create index traffic_minute_unpublished on traffic_minute (minute) where not published;

-- The consumer's choice of how finely its metering point's consumption may be read.
create table metering_point_consent (
    mpxn        text primary key,
    level       text        not null check (level in ('MONTHLY', 'DAILY', 'HALF_HOURLY')),
    recorded_by text        not null,
    recorded_at timestamptz not null default now()
);

-- The field a dead letter was refused for, where one is to blame.
alter table dead_letter add column field text;
