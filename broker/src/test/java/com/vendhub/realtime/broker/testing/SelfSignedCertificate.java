package com.vendhub.realtime.broker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1/localhost, made by the JDK's keytool for the test that
 * needs it and written as the PEM certificate and PKCS#8 key the server is configured with. No
 * private key is ever committed.
 */
public record SelfSignedCertificate(Path certificate, Path key, KeyStore store) {

    private static final char[] PASSWORD = "test-only".toCharArray();

    /** A certificate in a new temporary directory; for a static field, where checked exceptions cannot go. */
    public static SelfSignedCertificate createTemporary() {
        try {
            return create(Files.createTempDirectory("vendhub-tls-"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("no test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("no test certificate", e);
        }
    }

    public static SelfSignedCertificate create(Path dir) throws IOException, GeneralSecurityException,
            InterruptedException {
        Path p12 = dir.resolve("broker.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD);
        }
        Certificate cert = store.getCertificate("broker");
        PrivateKey key = (PrivateKey) store.getKey("broker", PASSWORD);
        Path certFile = dir.resolve("broker.crt");
        Path keyFile = dir.resolve("broker.key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("broker", cert);
        return new SelfSignedCertificate(certFile, keyFile, trust);
    }

    /** Trusts exactly this certificate. */
    public TrustManagerFactory trust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
