-- The gateway's copy of what the SMI says about each device, kept from installation-service's events
-- (platform DeviceProjection; messaging-service keeps the same): a service request to a device the
-- copy shows commissioned and the caller's is authorised without a call to installation-service.
create table device_projection (
    device_id          text primary key,
    device_type        text        not null,
    status             text        not null,
    chf_id             text,
    supplier_org       text        not null,
    next_supplier_org  text,
    next_supplier_from timestamptz,
    distribution_area  int,
    region_code        text,
    local_authority    text,
    mpxn               text,
    source_sequence    bigint      not null,
    updated_at         timestamptz not null default now()
);
