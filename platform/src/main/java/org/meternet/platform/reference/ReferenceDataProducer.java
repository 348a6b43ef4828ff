package org.meternet.platform.reference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Loads the reference data for the services that use it, failing start-up clearly when it is missing. */
@ApplicationScoped
public class ReferenceDataProducer {
    private static final Logger LOG = Logger.getLogger(ReferenceDataProducer.class);

    @ConfigMapping(prefix = "meternet.reference-data")
    public interface ReferenceDataConfig {
        /** Directory of the ONS reference files; relative paths resolve against the working directory. */
        @WithDefault("data/reference")
        String dir();
    }

    @Produces
    @Singleton
    ReferenceData referenceData(ReferenceDataConfig config) {
        ReferenceData data = ReferenceData.load(Path.of(config.dir()));
        LOG.infof("reference data loaded from %s: %d local authorities", Path.of(config.dir()).toAbsolutePath().normalize(),
                data.localAuthorities().size());
        return data;
    }
}
