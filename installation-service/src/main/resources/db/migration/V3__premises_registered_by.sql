-- Who registered a premises: until a device is registered at it, the registrant is the only organisation
-- (besides the operator) that may read it; afterwards the devices' registered suppliers and the network operator
-- of their area may. Premises registered before this column existed have none.
alter table premises add column registered_by text;
