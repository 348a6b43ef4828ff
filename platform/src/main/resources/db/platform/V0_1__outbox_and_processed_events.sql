-- Platform tables every service carries (db/platform, versions 0.x; services number theirs from 1).

-- Transactional outbox: written in the producer's own transaction, released by the relay.
-- sequence is given by the relay in release order, so that it is strictly increasing in the order
-- consumers can see rows (an id from bigserial can commit out of order).
create table outbox (
    id           bigserial primary key,
    event_id     uuid        not null,  -- random UUIDs: no index to maintain on the hot path
    type         text        not null,
    version      int         not null,
    occurred_at  timestamptz not null,
    source       text        not null,
    subject      text        not null,
    data         text        not null,
    traceparent  text,
    recorded_at  timestamptz not null default now(),
    sequence     bigint unique,
    published_at timestamptz
);
-- every row is updated twice (numbered, then published): vacuum early so the relay's scans stay short
alter table outbox set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 10000,
                        autovacuum_vacuum_insert_scale_factor = 0.05);
create index outbox_unsequenced on outbox (id) where sequence is null;
create index outbox_unpublished on outbox (sequence) where published_at is null and sequence is not null;

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
