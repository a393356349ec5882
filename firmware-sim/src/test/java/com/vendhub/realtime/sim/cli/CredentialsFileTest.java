package com.vendhub.realtime.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    private static final String A = "123e4567-e89b-12d3-a456-426614174000";
    private static final String B = "00000000-0000-4000-8000-000000000002";

    @Test
    void readsOneMachinePerLine() throws IOException {
        assertThat(parse(A + ",tok-a\n" + B + ",tok-b\n")).containsExactly(
                new DeviceCredentials(UUID.fromString(A), "tok-a"), new DeviceCredentials(UUID.fromString(B), "tok-b"));
    }

    @Test
    void skipsBlankLinesCommentsAHeaderAndSurroundingSpaceAndAcceptsUpperCaseIds() throws IOException {
        String text = "\uFEFFmachineId,token\n# provisioned 2025-03-01\n\n   \n  " + A.toUpperCase() + " ,  tok-a  \r\n  # " + B + ",x\n";
        List<DeviceCredentials> devices = parse(text);
        assertThat(devices).containsExactly(new DeviceCredentials(UUID.fromString(A), "tok-a"));
        assertThat(devices.get(0).machineId().toString()).isEqualTo(A);
    }

    @Test
    void aBadLineIsAnErrorNamingTheFileAndTheLine() {
        assertThatThrownBy(() -> parse("# ok\n" + A + ",tok\nnot-a-uuid,tok\n"))
                .isInstanceOf(CredentialsFileException.class)
                .hasMessageStartingWith("machines.csv, line 3: ")
                .hasMessageContaining("not-a-uuid");
        assertThatThrownBy(() -> parse(A + "\n")).hasMessage("machines.csv, line 1: expected 'machineId,token' but found 1 field");
        assertThatThrownBy(() -> parse(A + ",a,b\n")).hasMessageContaining("line 1").hasMessageContaining("3 fields");
        assertThatThrownBy(() -> parse("\n" + A + ",  \n")).hasMessageContaining("line 2").hasMessageContaining("token");
        assertThatThrownBy(() -> parse("1-2-3-4-5,tok\n")).hasMessageContaining("line 1").hasMessageContaining("not a machine id");
        assertThatThrownBy(() -> parse(A + ",x\n" + B + ",y\n" + A + ",z\n"))
                .hasMessage("machines.csv, line 3: machine " + A + " is already listed on line 1");
    }

    @Test
    void readsFilesAndNamesAMissingOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("fleet.csv"), A + ",tok\n");
        assertThat(CredentialsFile.read(file)).hasSize(1);
        assertThatThrownBy(() -> CredentialsFile.read(dir.resolve("missing.csv")))
                .isInstanceOf(CredentialsFileException.class)
                .hasMessageContaining("missing.csv");
    }

    private static List<DeviceCredentials> parse(String text) throws IOException {
        return CredentialsFile.parse(new StringReader(text), "machines.csv");
    }
}
