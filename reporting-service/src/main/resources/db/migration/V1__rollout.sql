-- Roll-out read model: one row per smart meter ever commissioned, from installation events.
create table commissioned_meter (
    device_id            text primary key,
    device_type          text        not null,
    fuel                 text,
    premises_id          text        not null,
    -- the local authority the installation was made under, kept through later geography changes
    local_authority_code text        not null,
    region_code          text        not null,
    supplier_org         text        not null,
    smets_version        text        not null,
    commissioned_at      timestamptz not null,
    decommissioned_at    timestamptz,
    source_sequence      bigint      not null
);
create index commissioned_meter_la on commissioned_meter (local_authority_code, commissioned_at);
