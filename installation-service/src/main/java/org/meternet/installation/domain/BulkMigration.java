package org.meternet.installation.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.persistence.InventoryWriter;
import org.meternet.installation.persistence.InventoryWriter.Outcome;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.event.EventType;
import org.meternet.platform.id.InvalidIdentifierException;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.platform.security.Caller;

/**
 * Migration of an estate: installations arrive one per line, are checked, written in chunks and
 * answered one result per line, in order, then a summary. A bad line never stops the others.
 */
@ApplicationScoped
public class BulkMigration {
    static final int CHUNK = 500;
    static final ObjectReader REQUEST = EventCodec.MAPPER.readerFor(InstallationPlan.Request.class);
    private static final Logger LOG = Logger.getLogger(BulkMigration.class);

    private final InventoryWriter writer;
    private final ReferenceData reference;
    private final Clock clock = Clock.systemUTC();

    private final InventoryService inventory;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public BulkMigration(InventoryWriter writer, ReferenceData reference, InventoryService inventory,
            io.vertx.mutiny.sqlclient.Pool pool) {
        this.writer = writer;
        this.reference = reference;
        this.inventory = inventory;
        this.pool = pool;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineResult(Long line, String result, UUID installationId, UUID premisesId, Integer devices, String code,
            String field, String detail, Summary summary) {
        static LineResult stored(long line, Outcome o) {
            return new LineResult(line, "stored", o.plan().installationId(), o.premises().id(), o.plan().devices().size(),
                    null, null, null, null);
        }

        static LineResult rejected(long line, String code, String field, String detail) {
            return new LineResult(line, "rejected", null, null, null, code, field, detail, null);
        }
    }

    public record Summary(long lines, long stored, long rejected, long devices, long millis, double installationsPerSecond) {
    }

    /** Reads lines until {@code nextLine} returns null; blocks, so subscribe on a worker thread. */
    public Multi<LineResult> migrate(Supplier<String> nextLine, Caller caller) {
        InventoryAccess.require(caller, InventoryAccess.Operation.MIGRATE, InventoryAccess.Relation.NOT_APPLICABLE, null,
                "migrating installations: only a supplier can be a device's registered supplier");
        return Multi.createFrom().emitter(emitter -> run(nextLine, caller, emitter));
    }

    private void run(Supplier<String> nextLine, Caller caller, MultiEmitter<? super LineResult> out) {
        long started = System.nanoTime();
        long lineNo = 0;
        long stored = 0;
        long rejected = 0;
        long devices = 0;
        long nextProgress = 10_000;
        try {
            boolean more = true;
            while (more) {
                List<Long> planLines = new ArrayList<>(CHUNK);
                List<Plan> plans = new ArrayList<>(CHUNK);
                List<LineResult> results = new ArrayList<>(CHUNK);
                while (plans.size() + results.size() < CHUNK) {
                    String line = nextLine.get();
                    if (line == null) {
                        more = false;
                        break;
                    }
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        InstallationPlan.Request request = REQUEST.readValue(line);
                        Plan plan = InstallationPlan.of(request, caller.org(), caller.isOperator(), reference, clock.instant());
                        if (plan.premises().existing()) {
                            inventory.requireAtPremises(pool, plan.premises().id(), caller).await().indefinitely();
                        }
                        plans.add(plan);
                        planLines.add(lineNo);
                    } catch (ProblemException e) {
                        results.add(LineResult.rejected(lineNo, e.code(), e.field(), e.getMessage()));
                    } catch (InvalidIdentifierException e) {
                        results.add(LineResult.rejected(lineNo, e.code(), e.field(), e.getMessage()));
                    } catch (JsonProcessingException e) {
                        results.add(LineResult.rejected(lineNo, "INVALID_JSON", org.meternet.platform.problem.JsonField.of(e), e.getOriginalMessage()));
                    }
                }
                if (!plans.isEmpty()) {
                    List<Outcome> outcomes = writer.write(plans, SmiStatus.COMMISSIONED, EventType.DEVICE_COMMISSIONED,
                            caller.org() + " (migration)").await().indefinitely();
                    for (int i = 0; i < outcomes.size(); i++) {
                        Outcome o = outcomes.get(i);
                        if (o.written()) {
                            results.add(LineResult.stored(planLines.get(i), o));
                            devices += o.plan().devices().size();
                        } else {
                            results.add(LineResult.rejected(planLines.get(i), o.problem().code(), o.problem().field(),
                                    o.problem().getMessage()));
                        }
                    }
                }
                results.sort(java.util.Comparator.comparing(LineResult::line));
                for (LineResult r : results) {
                    if ("stored".equals(r.result())) {
                        stored++;
                    } else {
                        rejected++;
                    }
                    out.emit(r);
                }
                if (lineNo >= nextProgress) {
                    double secs = (System.nanoTime() - started) / 1e9;
                    LOG.infof("migration by %s: %d lines, %d installations stored (%d devices), %d rejected, %.0f installations/s",
                            caller.org(), lineNo, stored, devices, rejected, stored / secs);
                    nextProgress += 10_000;
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Summary s = new Summary(lineNo, stored, rejected, devices, millis, millis == 0 ? stored : stored * 1000.0 / millis);
            LOG.infof("migration by %s finished: %d installations stored (%d devices commissioned), %d lines rejected, in %d ms",
                    caller.org(), stored, devices, rejected, millis);
            out.emit(new LineResult(null, "summary", null, null, null, null, null, null, s));
            out.complete();
        } catch (RuntimeException e) {
            LOG.errorf(e, "migration by %s stopped at line %d", caller.org(), lineNo);
            out.fail(e);
        }
    }

}
