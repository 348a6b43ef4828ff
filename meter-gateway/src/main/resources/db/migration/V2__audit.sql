-- Every call through the gateway: who, which service request variant, which device, the outcome and how long it took.
create table audit_entry (
    id          bigserial primary key,
    at          timestamptz not null,
    subject     text,
    org         text,
    method      text        not null,
    path        text        not null,
    srv         text,
    device_id   text,
    request_id  text,
    status      integer     not null,
    code        text,
    latency_ms  integer     not null
);
create index audit_entry_at on audit_entry (at);
create index audit_entry_org on audit_entry (org, id);
create index audit_entry_device on audit_entry (device_id, id);
