package com.vendhub.realtime.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which SQL states are the rows' fault (isolated) and which the database's (retried). */
class SqlRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22008", "22007", "22P05", "22003", "23514", "23502", "23503", "23505", "54000"})
    void dataClassesAreRefusals(String state) {
        assertThat(SqlRefusal.isDataRefusal(new SQLException("x", state))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "08003", "57P01", "57P03", "53300", "53100", "40001", "40P01", "42P01",
            "3D000", "25P02", "XX000"})
    void theDatabaseBeingAwayOrBrokenIsNot(String state) {
        assertThat(SqlRefusal.isDataRefusal(new SQLException("x", state))).isFalse();
    }

    @Test
    void noStateIsNotARefusalAndAChainedStateIsFound() {
        assertThat(SqlRefusal.isDataRefusal(new SQLException("COPY failed"))).isFalse();
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "22000", new int[0]);
        assertThat(SqlRefusal.isDataRefusal(batch)).isTrue();
        BatchUpdateException wrapping = new BatchUpdateException("batch failed", null, new int[0]);
        wrapping.setNextException(new SQLException("invalid byte sequence", "22021"));
        assertThat(SqlRefusal.isDataRefusal(wrapping)).isTrue();
        assertThat(SqlRefusal.describe(wrapping)).isEqualTo("SQL state 22021: invalid byte sequence");
        assertThat(SqlRefusal.isDataRefusal(new SQLException("wrapped", null,
                new SQLException("out of range", "22008")))).isTrue();
    }

    @Test
    void theDescriptionEscapesDeviceTextAndStaysShort() {
        String d = SqlRefusal.describe(new SQLException("bad \"a\u0000b\nc\u009b\ud800\" " + "x".repeat(1000), "22P02"));
        assertThat(d).startsWith("SQL state 22P02: bad \"a\\u0000b\\u000ac\\u009b\\ud800\" ")
                .doesNotContain("\u0000", "\n").hasSizeLessThan(SqlRefusal.MAX_MESSAGE + 40);
    }

    @Test
    void anInstantJavaSqlTimestampCannotHoldIsRefusedAsTheDatabaseWould() {
        assertThatThrownBy(() -> SqlRefusal.timestamp(Instant.MAX)).isInstanceOf(SQLDataException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22008"));
    }
}
