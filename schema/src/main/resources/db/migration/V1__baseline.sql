-- VendHub Realtime baseline schema (contract, "Storage").
-- Rows are idempotent on (machine, time[, bunker]): a redelivered reading never makes a second row.

CREATE TABLE machines (
    id                uuid PRIMARY KEY,
    organization_id   uuid             NOT NULL,
    name              text             NOT NULL,
    lat               double precision,
    lng               double precision,
    -- SHA-256 of the device token; the token itself is shown once and never stored.
    token_hash        bytea            NOT NULL,
    created_at        timestamptz      NOT NULL DEFAULT now(),
    token_rotated_at  timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX machines_organization_idx ON machines (organization_id);

CREATE TABLE telemetry (
    machine_id   uuid             NOT NULL,
    ts           timestamptz      NOT NULL,
    received_at  timestamptz      NOT NULL,
    status       text             NOT NULL,
    temperature  double precision NOT NULL,
    humidity     double precision NOT NULL,
    uptime_s     bigint           NOT NULL,
    last_sale    timestamptz,
    PRIMARY KEY (machine_id, ts)
);

CREATE TABLE bunker_levels (
    machine_id       uuid             NOT NULL,
    ts               timestamptz      NOT NULL,
    bunker_id        uuid             NOT NULL,
    ingredient_id    uuid             NOT NULL,
    ingredient_name  text             NOT NULL,
    current_level    double precision NOT NULL,
    max_level        double precision NOT NULL,
    percentage       double precision NOT NULL,
    low_level        boolean          NOT NULL,
    PRIMARY KEY (machine_id, ts, bunker_id)
);

CREATE TABLE machine_errors (
    machine_id   uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    code         text        NOT NULL,
    message      text        NOT NULL,
    severity     text        NOT NULL,
    reported_at  timestamptz NOT NULL,
    PRIMARY KEY (machine_id, occurred_at, code)
);

-- The newest reading per machine; late readings never overwrite it (guarded upsert on ts).
CREATE TABLE machine_latest (
    machine_id   uuid PRIMARY KEY,
    ts           timestamptz NOT NULL,
    telemetry    jsonb       NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Status history: one row per real change.
CREATE TABLE machine_status_changes (
    machine_id   uuid        NOT NULL,
    changed_at   timestamptz NOT NULL,
    status       text        NOT NULL,
    source       text        NOT NULL,
    PRIMARY KEY (machine_id, changed_at)
);

CREATE TABLE dead_letters (
    id            bigserial PRIMARY KEY,
    received_at   timestamptz NOT NULL,
    topic         text        NOT NULL,
    client_id     text,
    reason        text        NOT NULL,
    detail        text        NOT NULL,
    payload_size  integer     NOT NULL,
    -- Capped (README, "Bounds"); payload_size keeps the original length.
    payload       bytea       NOT NULL
);
CREATE INDEX dead_letters_received_idx ON dead_letters (received_at);
