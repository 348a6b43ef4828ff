-- The relay's progress is one row instead of a column of every event: marking each released row published was a
-- second update of every row (its WAL, a dead row version, vacuum to catch up), and under millions of
-- registrations that work stretched the single registrations' tail (issue 15). Rows are now updated once (numbered).
create table outbox_relay (
    id              int    primary key check (id = 1),
    published_up_to bigint not null
);
-- published rows form a prefix of the numbered ones (the relay marks only an acknowledged prefix)
insert into outbox_relay (id, published_up_to)
select 1, coalesce((select min(sequence) - 1 from outbox where published_at is null and sequence is not null),
                   (select max(sequence) from outbox), 0);
drop index outbox_unpublished;
alter table outbox drop column published_at;
