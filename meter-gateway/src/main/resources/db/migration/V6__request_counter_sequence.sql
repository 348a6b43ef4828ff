-- Counters the gateway assigns come from one sequence: nextval takes no lock that lasts until commit, where the
-- originator's counter row serialised every request of an organisation behind the previous one's commit. A global
-- sequence still increases strictly for each originator (with gaps). A counter the originator brings itself must be
-- greater than every counter it used, which the (originator_org, counter) index answers.
create sequence service_request_counter;
select setval('service_request_counter', greatest(1, (select coalesce(max(counter), 0) from service_request)));
drop table originator_counter;
