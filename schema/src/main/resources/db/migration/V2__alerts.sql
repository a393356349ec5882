-- Low-level inventory alerts (issue 6; contract, "inventory:low" / "inventory:restored").
-- One row per raise. The reading that clears it sets cleared_at once. Every transition is a
-- conditional statement, so a redelivered or late reading, a restart or a second ingest worker
-- never makes a second active alert or clears one twice (README, "Alerts, forecasts and machine errors").
CREATE TABLE inventory_alerts (
    id               bigserial        PRIMARY KEY,
    organization_id  uuid             NOT NULL,
    machine_id       uuid             NOT NULL,
    bunker_id        uuid             NOT NULL,
    ingredient_id    uuid             NOT NULL,
    ingredient_name  text             NOT NULL,
    -- The threshold (percent) in force when the alert was raised.
    threshold        double precision NOT NULL,
    -- Timestamp of the reading that raised the alert (device time, the order readings are judged in).
    raised_at        timestamptz      NOT NULL,
    -- The level as of level_at: the raising reading, refreshed while the alert is active, and the clearing one.
    current_level    double precision NOT NULL,
    max_level        double precision NOT NULL,
    percentage       double precision NOT NULL,
    -- The forecast time the bunker runs empty, as of level_at; null when there is none.
    empty_at         timestamptz,
    level_at         timestamptz      NOT NULL,
    cleared_at       timestamptz,
    -- 'recovered' (back above threshold + hysteresis) or 'refill' (a level jump up).
    clear_reason     text,
    CHECK (cleared_at IS NULL OR cleared_at > raised_at)
);
-- At most one active alert per bunker, whoever raises it.
CREATE UNIQUE INDEX inventory_alerts_active_idx ON inventory_alerts (machine_id, bunker_id) WHERE cleared_at IS NULL;
-- One raise per reading; also serves "is there a newer transition" checks.
CREATE UNIQUE INDEX inventory_alerts_raise_idx ON inventory_alerts (machine_id, bunker_id, raised_at);
-- GET /api/v1/alerts?active=true per organization.
CREATE INDEX inventory_alerts_org_active_idx ON inventory_alerts (organization_id) WHERE cleared_at IS NULL;
