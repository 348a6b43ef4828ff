-- Service requests as the gateway took them: the DUIS id, who asked, for which device, and where each stands.
create table service_request (
    request_id     text primary key,
    originator_org text        not null,
    counter        bigint      not null,
    srv            text        not null,
    device_id      text        not null,
    device_type    text,
    chf_id         text,
    region_code    text,
    caller         text        not null,
    params         jsonb,
    state          text        not null,
    response_code  text,
    response       jsonb,
    requested_at   timestamptz not null,
    sent_at        timestamptz,
    delivered_at   timestamptz,
    completed_at   timestamptz,
    expires_at     timestamptz not null,
    unique (originator_org, counter)
);
-- the sweeper looks only at requests still open
create index service_request_open on service_request (state, requested_at) where completed_at is null;

-- The last counter each originator used: a request id must carry a greater one (replays are rejected).
create table originator_counter (
    originator_org text primary key,
    last_counter   bigint not null
);
