package org.meternet.reporting.persistence;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.meternet.reporting.domain.RolloutCube;

/**
 * This replica's roll-out cube, brought up to date from meter_change and premises_change before every answer. The
 * id reads are plain queries with the numbers written in: as prepared statements their generic plan sorts the whole
 * table. Each statement reads the cube's generation with its rows, so rows of a
 * rebuilt cube are never added to the old one.
 */
@ApplicationScoped
public class RolloutCubeReader {
    private static final Logger LOG = Logger.getLogger(RolloutCubeReader.class);
    private static final int PAGE = 50_000;

    private final Pool pool;
    private final RolloutStore store;
    private final RolloutCube cube = new RolloutCube();
    private long generation = -1;
    private long lastMeterChange;
    private long lastPremisesChange;

    public RolloutCubeReader(Pool pool, RolloutStore store) {
        this.pool = pool;
        this.store = store;
    }

    /** Builds the cube's changes on first start, then loads them, so that the first report does not wait. */
    void onStart(@Observes StartupEvent start) {
        pool.query("select generation from rollout_cube_generation").execute()
                .chain(rows -> rows.iterator().next().getLong(0) == 0 ? store.rebuildCube() : Uni.createFrom().item(0L))
                .chain(this::current)
                .subscribe().with(c -> LOG.infof("Roll-out cube loaded: %,d SMETS2 meters commissioned so far",
                        c.commissioned(RolloutCube.Filter.ALL)), e -> LOG.error("Roll-out cube not loaded; reports will load it", e));
    }

    /** The cube with every change committed before the call: one cheap look at the newest ids, a read only when new. */
    public Uni<RolloutCube> current() {
        return pool.query("select generation, (select coalesce(max(id), 0) from meter_change), "
                + "(select coalesce(max(id), 0) from premises_change) from rollout_cube_generation").execute()
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    synchronized (this) {
                        if (r.getLong(0) == generation && r.getLong(1) <= lastMeterChange && r.getLong(2) <= lastPremisesChange) {
                            return Uni.createFrom().item(cube);
                        }
                    }
                    return meterChanges().chain(this::premisesChanges).replaceWith(cube);
                });
    }

    private Uni<Void> meterChanges() {
        long after;
        synchronized (this) {
            after = lastMeterChange;
        }
        return pool.query("""
                select g.generation, c.* from rollout_cube_generation g left join lateral (
                    select id, day, local_authority_code, region_code, supplier_org, device_type, fuel, installs, removals
                    from meter_change where id > %d order by id limit %d) c on true""".formatted(after, PAGE)).execute()
                .chain(rows -> {
                    int applied = 0;
                    synchronized (this) {
                        if (!sameGeneration(rows)) {
                            return meterChanges();
                        }
                        for (Row r : rows) {
                            Long id = r.getLong("id");
                            if (id != null && id > lastMeterChange) {
                                cube.apply(new RolloutCube.CellChange(r.getLocalDate("day"), new RolloutCube.Cell(
                                        r.getString("local_authority_code"), r.getString("region_code"), r.getString("supplier_org"),
                                        r.getString("device_type"), r.getString("fuel")), r.getInteger("installs"),
                                        r.getInteger("removals")));
                                lastMeterChange = id;
                                applied++;
                            }
                        }
                    }
                    return applied > 0 && rows.size() == PAGE ? meterChanges() : Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> premisesChanges() {
        long after;
        synchronized (this) {
            after = lastPremisesChange;
        }
        return pool.query("""
                select g.generation, c.* from rollout_cube_generation g left join lateral (
                    select id, day, local_authority_code, region_code, premises
                    from premises_change where id > %d order by id limit %d) c on true""".formatted(after, PAGE)).execute()
                .chain(rows -> {
                    int applied = 0;
                    synchronized (this) {
                        if (!sameGeneration(rows)) {
                            return meterChanges().chain(this::premisesChanges);
                        }
                        for (Row r : rows) {
                            Long id = r.getLong("id");
                            if (id != null && id > lastPremisesChange) {
                                cube.apply(new RolloutCube.PremisesChange(r.getLocalDate("day"),
                                        new RolloutCube.Place(r.getString("local_authority_code"), r.getString("region_code")),
                                        r.getInteger("premises")));
                                lastPremisesChange = id;
                                applied++;
                            }
                        }
                    }
                    return applied > 0 && rows.size() == PAGE ? premisesChanges() : Uni.createFrom().voidItem();
                });
    }

    /** False when the rows belong to a newer generation: the cube is emptied to be read again from the start. */
    private boolean sameGeneration(RowSet<Row> rows) {
        long read = rows.iterator().next().getLong("generation");
        if (read > generation) {
            if (generation >= 0) {
                LOG.infof("Roll-out cube rebuilt (generation %d): reading it again", read);
            }
            cube.clear();
            generation = read;
            lastMeterChange = 0;
            lastPremisesChange = 0;
            return false;
        }
        return read == generation;
    }
}
