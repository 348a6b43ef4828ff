-- Installations (one visit, several devices), associations, supplier registrations over time,
-- the inventory's uniqueness rules, and idempotent creates.

create table installation (
    id           uuid primary key,
    premises_id  uuid        not null references premises (id),
    supplier_org text        not null,
    installed_at timestamptz not null,
    created_at   timestamptz not null default now()
);
create index installation_premises on installation (premises_id);

alter table device add column installation_id uuid references installation (id);
alter table device add column gpf_id text;      -- a GSME's gas proxy function
alter table device add column meter_id text;    -- an IHD's, PPMID's, CAD's or HCALCS's meter

-- One active ESME per import MPAN (and one active GSME per MPRN); one CHF per premises.
create unique index one_active_esme_per_mpan on device (mpxn)
    where device_type = 'ESME' and status not in ('DECOMMISSIONED', 'WITHDRAWN');
create unique index one_active_gsme_per_mprn on device (mpxn)
    where device_type = 'GSME' and status not in ('DECOMMISSIONED', 'WITHDRAWN');
create unique index one_chf_per_premises on device (premises_id)
    where device_type = 'CHF' and status not in ('DECOMMISSIONED', 'WITHDRAWN');

-- The registered supplier over time: the one whose period covers an instant is registered then.
create table supplier_registration (
    id             bigserial primary key,
    device_id      text        not null references device (id),
    supplier_org   text        not null,
    effective_from timestamptz not null,
    recorded_at    timestamptz not null default now(),
    unique (device_id, effective_from)
);
-- a change of supplier that is due later: device.supplier_org is the one registered now
alter table device add column next_supplier_org text;
alter table device add column next_supplier_from timestamptz;

create table idempotency_key (
    org           text        not null,
    key           text        not null,
    request_hash  text        not null,
    status        int,
    location      text,
    response      text,
    created_at    timestamptz not null default now(),
    primary key (org, key)
);

insert into supplier_registration (device_id, supplier_org, effective_from)
select id, supplier_org, created_at from device;
