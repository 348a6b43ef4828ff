package org.meternet.reporting.api;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.reporting.domain.Geography;

/** The reference data's authorities with the successions reports apply at a date (geography/local-authority-successions.csv). */
public class GeographyProducer {
    @Produces
    @Singleton
    Geography geography(ReferenceData reference) {
        try (InputStream in = GeographyProducer.class.getResourceAsStream("/geography/local-authority-successions.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return new Geography(reference.localAuthorities(), Geography.parse(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
