package org.meternet.installation.pki;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.meternet.platform.id.DeviceId;
import org.meternet.platform.problem.ProblemException;

/**
 * The platform's device CA (as the DCC's SMKI): signs a hub's certificate signing request with
 * the hub's EUI-64 as the subject CN, whatever subject the request asked for, so the broker can
 * take the CN as the hub's identity.
 */
@ApplicationScoped
public class DeviceCertificateAuthority {
    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private final Duration validity;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    public DeviceCertificateAuthority(CaConfig config) {
        try (InputStream in = Files.newInputStream(Path.of(config.keystore()))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            char[] password = config.keystorePassword().toCharArray();
            ks.load(in, password);
            this.caKey = (PrivateKey) ks.getKey(config.alias(), password);
            this.caCert = (X509Certificate) ks.getCertificate(config.alias());
            if (caKey == null || caCert == null) {
                throw new IllegalStateException("key store " + config.keystore() + " has no key entry '" + config.alias() + "'");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the device CA key store " + config.keystore() + " cannot be opened: " + e.getMessage(), e);
        }
        this.validity = config.hubCertificateValidity();
    }

    public IssuedCertificate signHub(DeviceId chf, String csrPem) {
        PKCS10CertificationRequest csr = parseCsr(csrPem);
        try {
            JcaPKCS10CertificationRequest jcaCsr = new JcaPKCS10CertificationRequest(csr);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jcaCsr.getPublicKey()))) {
                throw ProblemException.badRequest("INVALID_CSR", "csr", "the CSR's signature does not match its public key");
            }
            Instant notBefore = clock.instant().minus(Duration.ofMinutes(5));
            Instant notAfter = notBefore.plus(validity);
            BigInteger serial = new BigInteger(127, random);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "meternet hubs").addRDN(BCStyle.CN, chf.value()).build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, jcaCsr.getPublicKey());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(jcaCsr.getPublicKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm()).build(caKey);
            X509CertificateHolder holder = builder.build(signer);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            return new IssuedCertificate(serial.toString(16), pem(cert), notBefore, notAfter);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw ProblemException.badRequest("INVALID_CSR", "csr", "the CSR cannot be signed: " + e.getMessage());
        }
    }

    /** A CRL naming every revoked hub certificate, signed by the CA, valid for 30 days. */
    public String crlPem(java.util.List<Revoked> revoked) {
        try {
            Date now = Date.from(clock.instant());
            org.bouncycastle.cert.X509v2CRLBuilder b = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(caCert, now);
            b.setNextUpdate(Date.from(clock.instant().plus(Duration.ofDays(30))));
            for (Revoked r : revoked) {
                b.addCRLEntry(new BigInteger(r.serialNumber(), 16), Date.from(r.revokedAt()),
                        org.bouncycastle.asn1.x509.CRLReason.cessationOfOperation);
            }
            org.bouncycastle.cert.X509CRLHolder crl = b.build(new JcaContentSignerBuilder(signatureAlgorithm()).build(caKey));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(crl));
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("the device CA cannot sign its CRL", e);
        }
    }

    public record Revoked(String serialNumber, Instant revokedAt) {
    }

    public String caCertificatePem() {
        return pem(caCert);
    }

    private String signatureAlgorithm() {
        return "EC".equals(caKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    private static PKCS10CertificationRequest parseCsr(String pem) {
        if (pem == null || pem.isBlank()) {
            throw ProblemException.badRequest("INVALID_CSR", "csr", "csr is required: a PEM-encoded PKCS#10 request");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        } catch (IOException e) {
            // fall through to the problem below
        }
        throw ProblemException.badRequest("INVALID_CSR", "csr", "csr is not a PEM-encoded PKCS#10 certificate signing request");
    }

    private static String pem(X509Certificate cert) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    public record IssuedCertificate(String serialNumber, String certificatePem, Instant notBefore, Instant notAfter) {
    }
}
