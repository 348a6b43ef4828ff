-- Device alerts for users, from messaging-service's alert.raised: id is the server-sent event id a client resumes from.
create table user_alert (
    id            bigserial primary key,
    alert_id      text        not null unique,
    entitled_orgs text[]      not null,
    data          jsonb       not null,
    raised_at     timestamptz not null
);
create index user_alert_orgs on user_alert using gin (entitled_orgs);
