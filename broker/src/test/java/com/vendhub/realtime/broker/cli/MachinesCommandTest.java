package com.vendhub.realtime.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * An operator provisions a fleet with {@code vendhub machines}, lists it, and rotates a token; the
 * printed credentials work at the broker at once, and a rotated token stops working at once, also for
 * the machine connected with it.
 */
class MachinesCommandTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    /** What one command printed. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Run vendhub(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Vendhub());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] withServer(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api-url";
        all[args.length + 1] = vendhub.server().httpBase();
        all[args.length + 2] = "--jwt-secret";
        all[args.length + 3] = RunningServer.JWT_SECRET;
        return all;
    }

    @Test
    void aFleetIsProvisionedListedAndItsCredentialsConnect(RunningServer server) {
        UUID org = UUID.randomUUID();
        Run added = vendhub(withServer("machines", "add", "--org", org.toString(), "--name", "Lobby", "--lat", "41.3",
                "--lng", "69.2", "--count", "3", "--format", "csv"));
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.lines()).hasSize(3).allMatch(l -> l.matches("[0-9a-f-]{36},[A-Za-z0-9_-]{43}"));

        for (String line : added.lines()) {
            String[] f = line.split(",");
            Mqtt3BlockingClient device = server.device(f[0], f[0], f[1]);
            device.connect();
            assertThat(device.getState().isConnected()).isTrue();
            device.disconnect();
        }

        Run listed = vendhub(withServer("machines", "list", "--org", org.toString()));
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.lines()).hasSize(4).first().isEqualTo("id,name,status,lat,lng,lastSeenAt");
        assertThat(listed.out()).contains("Lobby 1", "Lobby 2", "Lobby 3", "41.3");
        // Tokens are shown once and never listed.
        assertThat(listed.out()).doesNotContain(added.lines().get(0).split(",")[1]);
    }

    @Test
    void rotatingATokenDisconnectsTheMachineAndOnlyTheNewTokenWorks(RunningServer server) {
        UUID org = UUID.randomUUID();
        String admin = server.userToken(org, "admin");
        Run added = vendhub("machines", "add", "--name", "Gate", "--format", "csv", "--api-url", server.httpBase(),
                "--admin-token", admin);
        assertThat(added.exit()).as(added.err()).isZero();
        String[] creds = added.lines().get(0).split(",");
        Mqtt3BlockingClient device = server.device(creds[0], creds[0], creds[1]);
        device.connect();

        Run rotated = vendhub("machines", "rotate-token", creds[0], "--format", "csv", "--api-url", server.httpBase(),
                "--admin-token", admin);
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        String newToken = rotated.lines().get(0).split(",")[1];
        assertThat(newToken).isNotEqualTo(creds[1]).hasSize(43);

        await().atMost(Duration.ofSeconds(10)).until(() -> !device.getState().isConnected());
        assertThatThrownBy(() -> server.device(creds[0], creds[0], creds[1]).connect())
                .isInstanceOf(Mqtt3ConnAckException.class);
        Mqtt3BlockingClient renewed = server.device(creds[0], creds[0], newToken);
        renewed.connect();
        assertThat(renewed.getState().isConnected()).isTrue();
        renewed.disconnect();
    }

    @Test
    void onlyAnAdminOfTheMachinesOrganizationMayRotateItsToken(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        String id = server.provision(org, "Kiosk").machine().id().toString();
        assertThat(rotate(id, server.userToken(org, "operator"))).isEqualTo(403);
        assertThat(rotate(id, server.userToken(UUID.randomUUID(), "admin"))).isEqualTo(404);
        assertThat(rotate(UUID.randomUUID().toString(), server.userToken(org, "admin"))).isEqualTo(404);
        assertThat(rotate(id, "not-a-jwt")).isEqualTo(401);
        assertThat(rotate(id, server.userToken(org, "admin"))).isEqualTo(200);

        Run refused = vendhub("machines", "rotate-token", id, "--api-url", server.httpBase(), "--admin-token",
                server.userToken(org, "viewer"));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("403");
    }

    private static int rotate(String id, String token) throws Exception {
        return vendhub.server().post("/api/v1/machines/" + id + "/token", token, null).statusCode();
    }
}
