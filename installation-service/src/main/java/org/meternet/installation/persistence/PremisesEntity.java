package org.meternet.installation.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

@Entity
@Table(name = "premises")
public class PremisesEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String postcode;
    public String uprn;
    @Column(name = "local_authority_code")
    public String localAuthorityCode;
    @Column(name = "region_code")
    public String regionCode;
    @Column(name = "registered_by")
    public String registeredBy;
}
