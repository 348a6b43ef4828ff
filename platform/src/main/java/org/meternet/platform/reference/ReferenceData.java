package org.meternet.platform.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.meternet.platform.id.Postcode;

/**
 * ONS/OS reference data (Open Government Licence): local authorities with households, postcode
 * sector and district lookups, distribution areas. Loaded once from a directory; never copied
 * into the project.
 */
public final class ReferenceData {
    /** To be shown wherever figures derived from this data are shown. */
    public static final String ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0. "
            + "Source: Office for National Statistics; National Records of Scotland (Crown copyright); "
            + "OS Code-Point Open 2018 (Crown copyright, Royal Mail copyright, National Statistics data).";

    private final Map<String, LocalAuthority> localAuthorities;
    private final Map<String, String> sectorToLad;
    private final Map<String, String> districtToLad;
    private final Map<Integer, DistributionArea> distributionAreas;

    private ReferenceData(Map<String, LocalAuthority> las, Map<String, String> sectors, Map<String, String> districts,
            Map<Integer, DistributionArea> areas) {
        this.localAuthorities = las;
        this.sectorToLad = sectors;
        this.districtToLad = districts;
        this.distributionAreas = areas;
    }

    public static ReferenceData load(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (String f : new String[] {"local_authorities.csv", "postcode_sectors.csv", "postcode_districts.csv", "distribution_areas.csv"}) {
            if (!Files.isReadable(abs.resolve(f))) {
                throw new IllegalStateException("reference data missing: " + abs.resolve(f)
                        + " is not readable. Set meternet.reference-data.dir (env METERNET_REFERENCE_DATA_DIR) to the "
                        + "directory holding the ONS reference files (data/reference in the repository).");
            }
        }
        try {
            Map<String, LocalAuthority> las = new HashMap<>();
            for (Map<String, String> r : Csv.read(abs.resolve("local_authorities.csv"))) {
                las.put(r.get("code"), new LocalAuthority(r.get("code"), r.get("name"), r.get("region_code"),
                        r.get("region_name"), r.get("country"), Long.parseLong(r.get("households")), r.get("households_source_year")));
            }
            Map<String, String> sectors = new HashMap<>();
            for (Map<String, String> r : Csv.read(abs.resolve("postcode_sectors.csv"))) {
                sectors.put(r.get("postcode_sector"), r.get("lad_code"));
            }
            Map<String, String> districts = new HashMap<>();
            for (Map<String, String> r : Csv.read(abs.resolve("postcode_districts.csv"))) {
                districts.put(r.get("outward_code"), r.get("lad_code"));
            }
            Map<Integer, DistributionArea> areas = new HashMap<>();
            for (Map<String, String> r : Csv.read(abs.resolve("distribution_areas.csv"))) {
                int id = Integer.parseInt(r.get("distributor_id"));
                areas.put(id, new DistributionArea(id, r.get("gsp_group"), r.get("area_name"), r.get("dno")));
            }
            return new ReferenceData(Map.copyOf(las), Map.copyOf(sectors), Map.copyOf(districts), Map.copyOf(areas));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("reference data in " + abs + " cannot be read: " + e.getMessage(), e);
        }
    }

    public Optional<LocalAuthority> localAuthority(String code) {
        return Optional.ofNullable(localAuthorities.get(code));
    }

    public Collection<LocalAuthority> localAuthorities() {
        return localAuthorities.values();
    }

    /** The local authority of a postcode: by its sector where known (more precise), else its district. */
    public Optional<LocalAuthority> localAuthorityOf(Postcode postcode) {
        String lad = sectorToLad.get(postcode.sector());
        if (lad == null) {
            lad = districtToLad.get(postcode.outward());
        }
        return lad == null ? Optional.empty() : localAuthority(lad);
    }

    public Optional<DistributionArea> distributionArea(int distributorId) {
        return Optional.ofNullable(distributionAreas.get(distributorId));
    }
}
