-- Machine clients' webhooks: the alerts of the organisation are POSTed to url in order; last_delivered is the id of
-- the last user_alert the endpoint acknowledged (2xx).
create table alert_webhook (
    id             uuid primary key,
    org            text        not null,
    url            text        not null,
    created_at     timestamptz not null default now(),
    last_delivered bigint      not null,
    failures       integer     not null default 0,
    next_attempt   timestamptz,
    last_error     text
);
create index alert_webhook_org on alert_webhook (org);
