-- Tables and queries for Orleans' ADO.NET clustering and reminder providers (Microsoft.Orleans.Clustering.AdoNet and
-- .Reminders.AdoNet 10.4.2), which ship no SQL. Written for this project from what those providers send and read
-- (docs/orleans-providers.md): each provider loads its statements from orleansquery by key, binds the parameters named
-- below (@DeploymentId, @Address, ...) and reads result columns by name, case-insensitively. Plain statements, no
-- stored functions; a change that must move the table version does the version compare-and-swap first, in the same
-- statement, so two silos can never both succeed against one version.

CREATE TABLE orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- One row per cluster: the membership table's version, moved by compare-and-swap with every membership change.
CREATE TABLE orleans_membership_version (
    deployment_id text        PRIMARY KEY,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    version       integer     NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE orleans_membership (
    deployment_id  text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address        varchar(45) NOT NULL,
    port           integer     NOT NULL,
    generation     integer     NOT NULL,
    silo_name      text        NOT NULL,
    host_name      text        NOT NULL,
    status         integer     NOT NULL,
    proxy_port     integer,
    suspect_times  text,
    start_time     timestamptz NOT NULL,
    i_am_alive     timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Reminders of a service. grain_hash is the grain id's uniform hash as a signed integer (what the provider binds);
-- version is the reminder's etag.
CREATE TABLE orleans_reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

-- Membership rows as the provider reads them: the version row outer-joined with the silos, so a cluster with no
-- silo yet still answers its version (a row whose StartTime is null means "no silo").
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', '
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted)'),

('MembershipReadAllKey', '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId'),

('MembershipReadRowKey', '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId'),

('InsertMembershipKey', '
    WITH moved AS (
        UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
        WHERE deployment_id = @DeploymentId AND version = @Version
        RETURNING deployment_id),
    inserted AS (
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                        proxy_port, start_time, i_am_alive)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime,
               @IAmAliveTime
        FROM moved
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted)'),

('UpdateMembershipKey', '
    WITH moved AS (
        UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
        WHERE deployment_id = @DeploymentId AND version = @Version
        RETURNING deployment_id),
    updated AS (
        UPDATE orleans_membership m
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive = @IAmAliveTime
        FROM moved
        WHERE m.deployment_id = moved.deployment_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM updated)'),

('UpdateIAmAlivetimeKey', '
    UPDATE orleans_membership SET i_am_alive = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId'),

('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND i_am_alive < @IAmAliveTime AND status <> 3'),

('GatewaysQueryKey', '
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),

('ReadReminderRowsKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
           version AS Version
    FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId'),

('ReadReminderRowKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName'),

-- The provider picks the first range query when (int)begin < (int)end, else the wrapping one: ranges are (begin, end].
('ReadRangeRows1Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash'),

('ReadRangeRows2Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)'),

('UpsertReminderRowKey', '
    INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
        start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
        version = orleans_reminders.version + 1
    RETURNING version AS Version'),

('DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM orleans_reminders
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted)'),

('DeleteReminderRowsKey', '
    DELETE FROM orleans_reminders WHERE service_id = @ServiceId');
