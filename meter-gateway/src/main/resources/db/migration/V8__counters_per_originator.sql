-- Counters belong to their originator (issue 14): a counter an organisation brings no longer moves the platform's
-- sequence, and no counter is greater than 2^53 - 1 (what a JSON client reads back exactly). A counter the gateway
-- assigns is the greater of the sequence's next value and one more than the originator's greatest counter, so that
-- what one organisation sends cannot change what another gets.
--
-- Before this version a counter brought moved the sequence past it: one organisation could push it to its maximum
-- (every assigned counter then failed, for everyone) or beyond 2^53 - 1. Any value of the sequence is correct now (the
-- originator's own greatest counter is the floor), so a sequence beyond the maximum is set back to the greatest
-- counter in range. Requests numbered beyond it by then keep their ids; an originator's order continues from its
-- greatest counter in range.
select setval('service_request_counter', greatest(1, coalesce(
        (select max(counter) from service_request where counter <= 9007199254740991), 0)))
from service_request_counter where last_value > 9007199254740991;
alter sequence service_request_counter maxvalue 9007199254740991;
