-- Consent choices are kept, not overwritten: the one in force for a supplier is the last recorded during its
-- registration, so a supplier never sees the choice recorded under another one.
alter table metering_point_consent drop constraint metering_point_consent_pkey;
alter table metering_point_consent add primary key (mpxn, recorded_at);
