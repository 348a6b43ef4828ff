package org.meternet.reporting.api;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.meternet.platform.reference.LocalAuthority;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.Geography;
import org.meternet.reporting.domain.RolloutCube;
import org.meternet.reporting.domain.TakeUpRanking;
import org.meternet.reporting.persistence.RolloutQueries;

/** Take-up of every local authority at the end of a GB day: the read model's counts over ONS households. */
@ApplicationScoped
public class TakeUpRankings {
    private final RolloutQueries queries;
    private final ReferenceData reference;
    private final Geography geography;

    public TakeUpRankings(RolloutQueries queries, ReferenceData reference, Geography geography) {
        this.queries = queries;
        this.reference = reference;
        this.geography = geography;
    }

    public Uni<TakeUpRanking> at(LocalDate day) {
        return queries.cube().map(cube -> at(cube, day));
    }

    /** Counted under the authorities valid at the day: installations made under a predecessor count for its successor. */
    public TakeUpRanking at(RolloutCube cube, LocalDate day) {
        Map<String, TakeUpRanking.Counted> counted = new HashMap<>();
        queries.perLocalAuthority(cube, day).forEach((code, share) -> counted.merge(geography.codeAt(code, day),
                new TakeUpRanking.Counted(share.meters(), share.premises()),
                (a, b) -> new TakeUpRanking.Counted(a.meters() + b.meters(), a.premises() + b.premises())));
        return new TakeUpRanking(geography.authoritiesAt(day), counted);
    }

    /** Where the household counts come from, as shown beside the figures. */
    public String householdSources() {
        return reference.localAuthorities().stream().map(LocalAuthority::householdsSource).distinct().sorted()
                .collect(Collectors.joining("; "));
    }
}
