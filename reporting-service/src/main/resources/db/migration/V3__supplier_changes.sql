-- Changes of supplier, as installation-service announced them (installation.supplier-changed).
create table supplier_change (
    device_id        text        not null,
    effective_from   timestamptz not null,
    device_type      text        not null,
    losing_supplier  text        not null,
    gaining_supplier text        not null,
    primary key (device_id, effective_from)
);
create index supplier_change_time on supplier_change (effective_from);
create index commissioned_meter_decommissioned on commissioned_meter (decommissioned_at) where decommissioned_at is not null;
