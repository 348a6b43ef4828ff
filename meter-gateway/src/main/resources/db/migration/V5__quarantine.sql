-- Organisations whose service requests are held after going over an anomaly threshold, until an operator releases them.
create table quarantine (
    id          bigserial primary key,
    org         text        not null,
    srv         text        not null,
    requests    bigint      not null,
    threshold   bigint      not null,
    since       timestamptz not null default now(),
    released_at timestamptz,
    released_by text
);
-- one open quarantine per organisation
create unique index quarantine_open on quarantine (org) where released_at is null;
create index service_request_originator_srv on service_request (originator_org, srv, requested_at);
