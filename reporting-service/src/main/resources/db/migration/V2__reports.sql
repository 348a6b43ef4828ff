-- Milestones and installs per period walk the meters in commissioning order.
create index commissioned_meter_time on commissioned_meter (commissioned_at, device_id);
create index commissioned_meter_supplier on commissioned_meter (supplier_org, commissioned_at);

-- Traffic per minute as messaging-service states it in traffic.counted (a later statement of a
-- minute replaces the earlier one).
create table traffic_minute (
    minute      timestamptz not null,
    direction   text        not null,
    kind        text        not null,
    supplier    text        not null,
    region      text        not null,
    device_type text        not null,
    messages    bigint      not null,
    primary key (minute, direction, kind, supplier, region, device_type)
);

-- Service requests as meter-gateway completed them (service-request.completed).
create table service_request (
    request_id     text primary key,
    srv            text        not null,
    device_type    text        not null,
    region_code    text        not null,
    originator_org text        not null,
    outcome        text        not null,
    response_code  text,
    latency_ms     bigint      not null,
    completed_at   timestamptz not null
);
create index service_request_completed on service_request (completed_at);
