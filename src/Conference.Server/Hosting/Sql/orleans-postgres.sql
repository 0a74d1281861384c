-- Conference: the PostgreSQL schema for Orleans 10.4 ADO.NET clustering, grain persistence and reminders.
-- The Orleans packages ship no SQL; this script is ours. It is applied by the program at start
-- (PostgresSchema.cs) inside one transaction holding an advisory lock, so it is idempotent and safe when
-- several silos start at once. Orleans reads the query texts from OrleansQuery by key and binds parameters
-- and result columns by name: those names are the contract, everything else is ours to tune.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- ---------------------------------------------------------------- membership (clustering)

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Each membership write bumps the table version only if the caller saw the current one (optimistic
-- concurrency of the extended membership protocol); a zero row count tells Orleans the write lost.
CREATE OR REPLACE FUNCTION conference_membership_insert(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz,
    p_version integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
    UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
     WHERE DeploymentId = p_deployment AND Version = p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RETURN QUERY SELECT 0; RETURN; END IF;
    INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
                                        ProxyPort, StartTime, IAmAliveTime)
    VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
            p_start, p_alive)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION 'membership row exists' USING ERRCODE = 'unique_violation';
    END IF;
    RETURN QUERY SELECT n;
EXCEPTION WHEN unique_violation THEN
    RETURN QUERY SELECT 0;
END
$fn$;

CREATE OR REPLACE FUNCTION conference_membership_update(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect varchar, p_alive timestamptz, p_version integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
    UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
     WHERE DeploymentId = p_deployment AND Version = p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RETURN QUERY SELECT 0; RETURN; END IF;
    UPDATE OrleansMembershipTable
       SET Status = p_status, SuspectTimes = p_suspect, IAmAliveTime = GREATEST(IAmAliveTime, p_alive)
     WHERE DeploymentId = p_deployment AND Address = p_address AND Port = p_port AND Generation = p_generation;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION 'membership row missing' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY SELECT n;
EXCEPTION WHEN no_data_found THEN
    RETURN QUERY SELECT 0;
END
$fn$;

-- ---------------------------------------------------------------- grain state

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer       NOT NULL,
    GrainIdN0              bigint        NOT NULL,
    GrainIdN1              bigint        NOT NULL,
    GrainTypeHash          integer       NOT NULL,
    GrainTypeString        varchar(512)  NOT NULL,
    GrainIdExtensionString varchar(512)  NULL,
    ServiceId              varchar(150)  NOT NULL,
    PayloadBinary          bytea         NULL,
    PayloadXml             xml           NULL,
    PayloadJson            text          NULL,
    ModifiedOn             timestamp     NOT NULL,
    Version                integer       NULL
);
CREATE INDEX IF NOT EXISTS ix_orleansstorage ON OrleansStorage (GrainIdHash, GrainTypeHash);
-- One row per grain state: this makes the first-write race between two activations fail cleanly.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain ON OrleansStorage
    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdHash, COALESCE(GrainIdExtensionString, ''));

-- Returns the new version, or the unchanged one when the caller's version was stale (Orleans then raises
-- InconsistentStateException).
CREATE OR REPLACE FUNCTION conference_storage_write(
    p_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type varchar, p_ext varchar,
    p_service varchar, p_version integer, p_binary bytea, p_json text, p_xml xml)
RETURNS TABLE(newgrainstateversion integer) LANGUAGE plpgsql AS $fn$
DECLARE n integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                    GrainIdExtensionString, ServiceId, PayloadBinary, PayloadJson, PayloadXml,
                                    ModifiedOn, Version)
        VALUES (p_hash, p_n0, p_n1, p_type_hash, p_type, p_ext, p_service, p_binary, p_json, p_xml,
                now() AT TIME ZONE 'utc', 1)
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN QUERY SELECT CASE WHEN n > 0 THEN 1 ELSE NULL::integer END;
        RETURN;
    END IF;
    UPDATE OrleansStorage
       SET PayloadBinary = p_binary, PayloadJson = p_json, PayloadXml = p_xml,
           ModifiedOn = now() AT TIME ZONE 'utc', Version = Version + 1
     WHERE GrainIdHash = p_hash AND GrainTypeHash = p_type_hash AND GrainIdN0 = p_n0 AND GrainIdN1 = p_n1
       AND GrainTypeString = p_type AND ServiceId = p_service
       AND GrainIdExtensionString IS NOT DISTINCT FROM p_ext
       AND Version = p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN QUERY SELECT CASE WHEN n > 0 THEN p_version + 1 ELSE p_version END;
END
$fn$;

-- ---------------------------------------------------------------- reminders

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE OR REPLACE FUNCTION conference_reminder_upsert(
    p_service varchar, p_grain varchar, p_name varchar, p_start timestamptz, p_period bigint, p_hash integer)
RETURNS TABLE(version integer) LANGUAGE sql AS $fn$
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (p_service, p_grain, p_name, p_start, p_period, p_hash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
            Version = OrleansRemindersTable.Version + 1
    RETURNING OrleansRemindersTable.Version;
$fn$;

-- ---------------------------------------------------------------- the queries Orleans runs, by key
-- Orleans 10.4 binds only binary payloads (our serializer is the Orleans binary one), so the JSON and XML
-- payload columns exist for the read query's shape but are always written as NULL.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH i AS (INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
               ON CONFLICT DO NOTHING RETURNING 1)
    SELECT COUNT(*)::integer AS row_count FROM i;
$q$),
('InsertMembershipKey', $q$
    SELECT row_count FROM conference_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName,
        @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT row_count FROM conference_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version);
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
           AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),
-- Status 6 is Dead: only silos declared dead and quiet since the cut-off are pruned.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = '' AND Status = 6;
$q$),
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6 AND Address = @Address AND Port = @Port
       AND Generation = @Generation AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$),
('WriteToStorageKey', $q$
    SELECT newgrainstateversion AS NewGrainStateVersion FROM conference_storage_write(@GrainIdHash, @GrainIdN0,
        @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion,
        @PayloadBinary, NULL::text, NULL::xml);
$q$),
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, PayloadXml, PayloadJson, (now() AT TIME ZONE 'utc'), Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('ClearStorageKey', $q$
    UPDATE OrleansStorage SET PayloadBinary = NULL, PayloadJson = NULL, PayloadXml = NULL, Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$),
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$),
('UpsertReminderRowKey', $q$
    SELECT version AS Version FROM conference_reminder_upsert(@ServiceId, @GrainId, @ReminderName, @StartTime,
        @Period::bigint, @GrainHash);
$q$),
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
    WITH d AS (DELETE FROM OrleansRemindersTable
                WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
                  AND Version = @Version RETURNING 1)
    SELECT COUNT(*)::integer AS row_count FROM d;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ---------------------------------------------------------------- grain directory
-- Where each grain is activated (Orleans.GrainDirectory.AdoNet, the cluster's default directory): kept here
-- rather than in Orleans' in-memory directory, whose partitions are spread over every silo, SFU silos included,
-- so that losing an SFU silo never stalls a lookup or a registration of a domain grain (issue 13).
-- Register returns the row that holds the key: the new one, or the activation that won a race.

CREATE TABLE IF NOT EXISTS OrleansGrainDirectory
(
    ClusterId    varchar(150)  NOT NULL,
    ProviderId   varchar(150)  NOT NULL,
    GrainId      varchar(2404) NOT NULL,
    SiloAddress  varchar(100)  NOT NULL,
    ActivationId varchar(100)  NOT NULL,
    CreatedOn    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (ClusterId, ProviderId, GrainId)
);

CREATE INDEX IF NOT EXISTS ix_orleansgraindirectory_silo ON OrleansGrainDirectory (ClusterId, ProviderId, SiloAddress);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('RegisterGrainActivationKey', $q$
    INSERT INTO OrleansGrainDirectory (ClusterId, ProviderId, GrainId, SiloAddress, ActivationId)
    VALUES (@ClusterId, @ProviderId, @GrainId, @SiloAddress, @ActivationId)
    ON CONFLICT (ClusterId, ProviderId, GrainId) DO UPDATE SET GrainId = excluded.GrainId
    RETURNING ClusterId, ProviderId, GrainId, SiloAddress, ActivationId;
$q$),
('UnregisterGrainActivationKey', $q$
    WITH d AS (DELETE FROM OrleansGrainDirectory
                WHERE ClusterId = @ClusterId AND ProviderId = @ProviderId AND GrainId = @GrainId
                  AND ActivationId = @ActivationId RETURNING 1)
    SELECT COUNT(*)::integer FROM d;
$q$),
('LookupGrainActivationKey', $q$
    SELECT ClusterId, ProviderId, GrainId, SiloAddress, ActivationId FROM OrleansGrainDirectory
     WHERE ClusterId = @ClusterId AND ProviderId = @ProviderId AND GrainId = @GrainId;
$q$),
('UnregisterGrainActivationsKey', $q$
    WITH d AS (DELETE FROM OrleansGrainDirectory
                WHERE ClusterId = @ClusterId AND ProviderId = @ProviderId
                  AND SiloAddress = ANY (string_to_array(@SiloAddresses, '|')) RETURNING 1)
    SELECT COUNT(*)::integer FROM d;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
