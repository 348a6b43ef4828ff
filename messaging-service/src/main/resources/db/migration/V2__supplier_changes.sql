-- A change of supplier may be dated ahead: until then the current supplier keeps access.
alter table device_projection add column next_supplier_org text;
alter table device_projection add column next_supplier_from timestamptz;
