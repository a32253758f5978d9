using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Tracing.Harness;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.E2e;

/// <summary>
/// The baseline a team would reach for: PostgreSQL 15 (Debian's package) on a temporary data folder, reached over TCP on
/// loopback as the server's gRPC port is; observations bulk loaded with binary COPY into a table indexed by identifier;
/// a case's key upload as one transaction (<see cref="CaseFlowAsync"/>), its proximity part one SQL query. Started and
/// stopped by the run; as root it runs as the <c>postgres</c> user, as PostgreSQL requires.
/// </summary>
internal sealed class PostgresBaseline : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private readonly NpgsqlDataSource _source;

    private PostgresBaseline(string directory, int port)
    {
        _directory = directory;
        _source = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=bench;Database=postgres;Pooling=true;Include Error Detail=true");
    }

    public static async Task<PostgresBaseline> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException("PostgreSQL 15 is not installed: apt-get install -y postgresql-15 (the e2e run compares against it).");
        var directory = Path.Combine(Path.GetTempPath(), "tracing-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var port = LoopbackPorts.Free();
        if (Environment.UserName == "root")
            await RunAsync("chown", "postgres:postgres", directory).ConfigureAwait(false);
        await AsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", Path.Combine(directory, "data"), "-U", "bench", "-A", "trust", "--no-sync").ConfigureAwait(false);
        await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-w", "-l", Path.Combine(directory, "log"),
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c max_wal_size=8GB -c synchronous_commit=on", "start").ConfigureAwait(false);
        var baseline = new PostgresBaseline(directory, port);
        await baseline.ExecuteAsync("""
            CREATE TABLE observations (rpi bytea NOT NULL, observer integer NOT NULL, seen_at bigint NOT NULL, duration integer NOT NULL, attenuation smallint NOT NULL);
            CREATE INDEX observations_rpi ON observations USING btree (rpi);
            CREATE TABLE cases (case_id bigserial PRIMARY KEY, person integer NOT NULL, code text NOT NULL UNIQUE, used boolean NOT NULL DEFAULT false);
            CREATE TABLE diagnosis_keys (case_id bigint NOT NULL REFERENCES cases, key_data bytea NOT NULL, rolling_start integer NOT NULL, rolling_period integer NOT NULL);
            CREATE TABLE visits (person integer NOT NULL, venue integer NOT NULL, arrived bigint NOT NULL, departed bigint NOT NULL);
            CREATE INDEX visits_person ON visits (person, arrived);
            CREATE INDEX visits_venue ON visits (venue, arrived);
            CREATE TABLE exposures (case_id bigint NOT NULL REFERENCES cases, person integer NOT NULL, kind smallint NOT NULL, day bigint NOT NULL);
            CREATE TABLE notifications (id bigserial PRIMARY KEY, person integer NOT NULL, case_id bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            """).ConfigureAwait(false);
        return baseline;
    }

    /// <summary>Proximity matching as SQL (see <see cref="MatchAsync"/>): rows of (observer, day) with enough weighted minutes.</summary>
    private const string MatchSql = """
        SELECT o.observer, o.seen_at / 86400 AS day
        FROM unnest(@rpis, @intervals) AS k(rpi, iv)
        JOIN observations o ON o.rpi = k.rpi
        WHERE o.seen_at BETWEEN k.iv::bigint * 600 - 7200 AND (k.iv::bigint + 1) * 600 + 7200
          AND o.seen_at >= @from AND o.seen_at < @until
        GROUP BY 1, 2
        HAVING sum(o.duration * CASE WHEN o.attenuation <= 63 THEN 1.0 WHEN o.attenuation <= 73 THEN 0.5 ELSE 0 END) >= 900
        """;

    /// <summary>Loads one batch with binary COPY (the fastest bulk path PostgreSQL has), committed when it returns.</summary>
    public async Task CopyAsync(uint observer, IReadOnlyList<Matching.Ledger.ReportedObservation> batch)
    {
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var writer = await connection.BeginBinaryImportAsync("COPY observations (rpi, observer, seen_at, duration, attenuation) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false);
        foreach (var o in batch)
        {
            await writer.StartRowAsync().ConfigureAwait(false);
            await writer.WriteAsync(o.Rpi, NpgsqlDbType.Bytea).ConfigureAwait(false);
            await writer.WriteAsync((int)observer, NpgsqlDbType.Integer).ConfigureAwait(false);
            await writer.WriteAsync(o.SeenAt.ToUnixTimeSeconds(), NpgsqlDbType.Bigint).ConfigureAwait(false);
            await writer.WriteAsync((int)o.DurationSeconds, NpgsqlDbType.Integer).ConfigureAwait(false);
            await writer.WriteAsync((short)(o.TxPower - o.Rssi), NpgsqlDbType.Smallint).ConfigureAwait(false);
        }
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Refreshes the planner's statistics after the bulk load, as a team would (autovacuum does it later on its own).</summary>
    public Task AnalyzeAsync() => ExecuteAsync("ANALYZE observations");

    /// <summary>
    /// Proximity matching as SQL: the case's identifiers with their intervals joined to the observations (interval ± 2 h,
    /// inside the window), weighted by attenuation, summed per observer and day, at least 15 weighted minutes.
    /// Returns the number of observers with at least one such day (a case file holds one exposure per person).
    /// </summary>
    public async Task<int> MatchAsync(byte[][] rpis, int[] intervals, long from, long until)
    {
        await using var command = _source.CreateCommand(MatchSql);
        AddMatchParameters(command, rpis, intervals, from, until);
        var observers = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
            observers.Add(reader.GetInt32(0));
        return observers.Count;
    }

    /// <summary>Reports a case for <paramref name="person"/> (as the health department's <c>ReportCase</c> does, untimed); returns its verification code.</summary>
    public async Task<string> ReportCaseAsync(int person)
    {
        var code = System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        await using var command = _source.CreateCommand("INSERT INTO cases (person, code) VALUES (@person, @code)");
        command.Parameters.AddWithValue("person", person);
        command.Parameters.AddWithValue("code", code);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// A case's key upload as the server's <c>UploadDiagnosisKeys</c> does it, in one transaction committed durably:
    /// the verification code checked and locked, the keys stored, their identifiers derived (<paramref name="derive"/>,
    /// in this process as an application server would), the proximity contacts matched (<see cref="MatchSql"/>) and
    /// the venue contacts (visits overlapping the case's at the same venue), an exposure and a notification stored for
    /// each person found, the code spent. Returns the number of people exposed.
    /// </summary>
    public async Task<int> CaseFlowAsync(string code, IReadOnlyList<DiagnosisKey> keys, Func<IReadOnlyList<DiagnosisKey>, (byte[][] Rpis, int[] Intervals)> derive, long from, long until)
    {
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        long caseId;
        int person;
        await using (var check = new NpgsqlCommand("SELECT case_id, person FROM cases WHERE code = @code AND NOT used FOR UPDATE", connection, transaction))
        {
            check.Parameters.AddWithValue("code", code);
            await using var reader = await check.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
                throw new InvalidOperationException($"No unused case has the code {code}.");
            (caseId, person) = (reader.GetInt64(0), reader.GetInt32(1));
        }
        await using (var store = new NpgsqlCommand("INSERT INTO diagnosis_keys SELECT @case, k, s, p FROM unnest(@keys, @starts, @periods) AS t(k, s, p)", connection, transaction))
        {
            store.Parameters.AddWithValue("case", caseId);
            store.Parameters.AddWithValue("keys", keys.Select(k => k.KeyData).ToArray());
            store.Parameters.AddWithValue("starts", keys.Select(k => (int)k.RollingStartInterval).ToArray());
            store.Parameters.AddWithValue("periods", keys.Select(k => (int)k.RollingPeriod).ToArray());
            await store.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        var (rpis, intervals) = derive(keys);
        var exposed = new Dictionary<int, (short Kind, long Day)>();
        await using (var proximity = new NpgsqlCommand(MatchSql, connection, transaction))
        {
            AddMatchParameters(proximity, rpis, intervals, from, until);
            await using var reader = await proximity.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
                exposed.TryAdd(reader.GetInt32(0), (1, reader.GetInt64(1)));
        }
        await using (var venues = new NpgsqlCommand("""
            SELECT DISTINCT o.person, c.arrived / 86400 FROM visits c
            JOIN visits o ON o.venue = c.venue AND o.arrived < c.departed AND c.arrived < o.departed AND o.person <> c.person
            WHERE c.person = @person AND c.arrived BETWEEN @from AND @until
            """, connection, transaction))
        {
            venues.Parameters.AddWithValue("person", person);
            venues.Parameters.AddWithValue("from", from);
            venues.Parameters.AddWithValue("until", until);
            await using var reader = await venues.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
                exposed.TryAdd(reader.GetInt32(0), (2, reader.GetInt64(1)));
        }
        await using (var record = new NpgsqlCommand("""
            INSERT INTO exposures SELECT @case, p, k, d FROM unnest(@people, @kinds, @days) AS t(p, k, d);
            INSERT INTO notifications (person, case_id) SELECT p, @case FROM unnest(@people) AS t(p);
            UPDATE cases SET used = true WHERE case_id = @case;
            """, connection, transaction))
        {
            record.Parameters.AddWithValue("case", caseId);
            record.Parameters.AddWithValue("people", exposed.Keys.ToArray());
            record.Parameters.AddWithValue("kinds", exposed.Values.Select(e => e.Kind).ToArray());
            record.Parameters.AddWithValue("days", exposed.Values.Select(e => e.Day).ToArray());
            await record.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return exposed.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        try
        {
            await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop").ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void AddMatchParameters(NpgsqlCommand command, byte[][] rpis, int[] intervals, long from, long until)
    {
        command.Parameters.AddWithValue("rpis", rpis);
        command.Parameters.AddWithValue("intervals", intervals);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("until", until);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static Task AsPostgresAsync(string program, params string[] arguments)
        => Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
    }
}
