-- The roll-out cube (RolloutCube) is kept in memory by every replica and rebuilt from these changes: one row per
-- change of a day's counts, read in id order. Writers hold an advisory lock (RolloutStore.CUBE_LOCK) from reading a
-- premises' meters to commit, so ids become visible in order and no change is computed from a stale premises.
create table meter_change (
    id                   bigserial primary key,
    day                  date    not null,
    local_authority_code text    not null,
    region_code          text    not null,
    supplier_org         text    not null,
    device_type          text    not null,
    fuel                 text    not null,
    installs             integer not null,
    removals             integer not null
);

create table premises_change (
    id                   bigserial primary key,
    day                  date    not null,
    local_authority_code text    not null,
    region_code          text    not null,
    premises             integer not null
);

-- Bumped by every rebuild of the changes, so that replicas start their cube again. 0: never built (the service
-- builds it from commissioned_meter at start).
create table rollout_cube_generation (generation bigint not null);
insert into rollout_cube_generation values (0);

create index commissioned_meter_premises on commissioned_meter (premises_id);

-- Changes of supplier per day, so that a year of them is a few thousand rows whatever the churn.
create table supplier_change_day (
    day              date    not null,
    losing_supplier  text    not null,
    gaining_supplier text    not null,
    changes          integer not null,
    primary key (day, losing_supplier, gaining_supplier)
);
insert into supplier_change_day
select (effective_from at time zone 'Europe/London')::date, losing_supplier, gaining_supplier, count(*)
from supplier_change group by 1, 2, 3;
