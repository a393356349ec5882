package com.vendhub.realtime.testbroker.hivemq;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The main of the child JVM that the broker module's cluster tests start ({@code cluster.HiveMqCe}):
 * HiveMQ Community Edition embedded, with
 * the configuration folder (its {@code config.xml} names the listener), data and extensions folders
 * of the arguments, and an extension that admits only the service credentials of the arguments
 * (without one, embedded HiveMQ CE admits every CONNECT, whatever its credentials). It prints
 * {@value #READY} once the listener is up and stops when its standard input closes, so a broker never
 * outlives the test JVM that started it.
 *
 * <p>Arguments: {@code <config folder> <data folder> <extensions folder> <username> <password>}.
 */
public final class HiveMqCeMain {

    public static final String READY = "hivemq-ce ready";
    /** The resource of this module that lists HiveMQ CE's runtime classpath (maven-dependency-plugin). */
    public static final String CLASSPATH_RESOURCE = "hivemq-ce.classpath";
    /** The logback configuration of the child JVM (a resource of this module). */
    public static final String LOGBACK_RESOURCE = "hivemq-ce-test-broker-logback.xml";

    private HiveMqCeMain() {
    }

    public static void main(String[] args) throws Exception {
        String username = args[3];
        byte[] password = args[4].getBytes(StandardCharsets.UTF_8);
        EmbeddedExtension auth = EmbeddedExtension.builder()
                .withId("vendhub-test-service-credentials").withName("service credentials").withVersion("1")
                .withPriority(1000).withStartPriority(1000).withAuthor("vendhub")
                .withExtensionMain(new CredentialsExtension(username, password)).build();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(Path.of(args[0]))
                .withDataFolder(Path.of(args[1]))
                .withExtensionsFolder(Path.of(args[2]))
                .withEmbeddedExtension(auth)
                // Logging stays as -Dlogback.configurationFile says; HiveMQ's bootstrap would rewire the root logger.
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        System.out.println(READY);
        System.out.flush();
        try {
            // Blocks until the parent closes the pipe (or dies): then the broker goes too.
            while (System.in.read() >= 0) {
                // Nothing is sent on standard input; only its end counts.
            }
        } finally {
            hivemq.close();
            System.exit(0); // HiveMQ leaves non-daemon threads behind after close
        }
    }

    /** Admits a CONNECT only with the service username and password. */
    private record CredentialsExtension(String username, byte[] password) implements ExtensionMain {

        @Override
        public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
            SimpleAuthenticator authenticator = this::authenticate;
            Services.securityRegistry().setAuthenticatorProvider(provider -> authenticator);
        }

        private void authenticate(SimpleAuthInput in, SimpleAuthOutput out) {
            boolean userOk = in.getConnectPacket().getUserName().map(username::equals).orElse(false);
            boolean passwordOk = in.getConnectPacket().getPassword().map(HiveMqCeMain::bytes)
                    .map(p -> java.util.Arrays.equals(p, password)).orElse(false);
            if (userOk && passwordOk) {
                out.authenticateSuccessfully();
            } else {
                out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "service credentials required");
            }
        }

        @Override
        public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
