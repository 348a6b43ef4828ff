-- What the SMI says about each device, projected from installation-service's events.
create table device_projection (
    device_id         text primary key,
    device_type       text        not null,
    status            text        not null,
    chf_id            text,
    supplier_org      text        not null,
    distribution_area int,
    region_code       text,
    local_authority   text,
    source_sequence   bigint      not null,
    updated_at        timestamptz not null default now()
);
create index device_projection_chf on device_projection (chf_id);

-- Register reads, stored once per (device, messageId) whatever the redeliveries.
create table reading (
    device_id   text        not null,
    message_id  text        not null,
    chf_id      text        not null,
    device_time timestamptz not null,
    import_wh   bigint,
    export_wh   bigint,
    gas_m3      double precision,
    received_at timestamptz not null default now(),
    primary key (device_id, message_id)
);
create index reading_device_time on reading (device_id, device_time);

-- Hub traffic the SMI does not allow, or that cannot be read, kept with its reason.
create table dead_letter (
    id          bigserial primary key,
    topic       text        not null,
    payload     bytea       not null,
    code        text        not null,
    reason      text        not null,
    received_at timestamptz not null default now()
);
create index dead_letter_code on dead_letter (code, received_at);
