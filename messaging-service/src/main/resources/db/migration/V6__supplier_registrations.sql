-- Who was each device's registered supplier from when: one row per registration, each lasting until the next one
-- begins; the first is dated -infinity (registered since the device was first known). Readings, consent and alerts are
-- served to a supplier only for the times it was registered.
create table device_supplier (
    device_id       text        not null,
    effective_from  timestamptz not null,
    supplier_org    text        not null,
    -- the installation event that recorded it; 0 for rows taken from the projection below
    source_sequence bigint      not null,
    primary key (device_id, effective_from)
);

-- Devices projected before the history was kept: the supplier registered now, and a change dated ahead. Rows at
-- sequence 0 are rewritten by a projection rebuild (POST /api/v1/projection/rebuild), which brings the real history.
insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
select device_id, '-infinity', supplier_org, 0 from device_projection;
insert into device_supplier (device_id, effective_from, supplier_org, source_sequence)
select device_id, next_supplier_from, next_supplier_org, 0 from device_projection
where next_supplier_org is not null and next_supplier_from is not null
on conflict do nothing;
