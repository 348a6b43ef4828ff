package org.meternet.installation.pki;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The device CA's key store. The CA's private key is used here and never leaves it. */
@ConfigMapping(prefix = "meternet.ca")
public interface CaConfig {
    /** PKCS#12 key store holding the CA's key and certificate. */
    String keystore();

    String keystorePassword();

    @WithDefault("device-ca")
    String alias();

    /** How long a hub certificate is valid; hubs renew before it runs out. */
    @WithDefault("P365D")
    Duration hubCertificateValidity();

    /** Where the current CRL is written for the broker ({@code crlfile}); none when absent. */
    java.util.Optional<String> crlFile();
}
