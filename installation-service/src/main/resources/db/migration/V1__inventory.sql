-- The Smart Metering Inventory.

create table premises (
    id                   uuid primary key,
    postcode             text        not null,
    uprn                 text,
    -- kept as resolved when the premises was registered: geography changes later do not move it
    local_authority_code text        not null,
    region_code          text        not null,
    created_at           timestamptz not null default now()
);
create index premises_la on premises (local_authority_code);

create table device (
    id                  text primary key,           -- EUI-64, canonical DUIS text form
    device_type         text        not null,
    manufacturer        text,
    model               text,
    firmware_version    text,
    smets_version       text        not null default 'SMETS2',
    status              text        not null,
    status_effective_at timestamptz not null,
    premises_id         uuid        not null references premises (id),
    mpxn                text,
    fuel                text,
    distribution_area   int,
    chf_id              text,                        -- the comms hub a meter is associated with
    supplier_org        text        not null,        -- registered supplier
    version             bigint      not null default 0,
    created_at          timestamptz not null default now()
);
create index device_supplier on device (supplier_org);
create index device_premises on device (premises_id);
create index device_chf on device (chf_id);

create table device_status_history (
    id           bigserial primary key,
    device_id    text        not null references device (id),
    status       text        not null,
    effective_at timestamptz not null,
    recorded_at  timestamptz not null default now(),
    changed_by   text        not null
);
create index device_status_history_device on device_status_history (device_id, effective_at);

create table hub_certificate (
    serial_number text primary key,
    chf_id        text        not null references device (id),
    not_before    timestamptz not null,
    not_after     timestamptz not null,
    issued_to_org text        not null,
    revoked_at    timestamptz
);
create index hub_certificate_chf on hub_certificate (chf_id);
