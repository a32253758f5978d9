using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Tracing.Bench.E2e;

/// <summary>
/// The baseline a team would reach for: PostgreSQL 15 (Debian's package) on a temporary data folder, observations bulk
/// loaded with binary COPY into a table indexed by identifier, proximity matching as one SQL query per case. Started and
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
        _source = NpgsqlDataSource.Create($"Host={directory};Port={port};Username=bench;Database=postgres;Pooling=true;Include Error Detail=true");
    }

    public static async Task<PostgresBaseline> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException("PostgreSQL 15 is not installed: apt-get install -y postgresql-15 (the e2e run compares against it).");
        var directory = Path.Combine(Path.GetTempPath(), "tracing-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var port = E2eRun.FreePort();
        if (Environment.UserName == "root")
            await RunAsync("chown", "postgres:postgres", directory).ConfigureAwait(false);
        await AsPostgresAsync(Path.Combine(Bin, "initdb"), "-D", Path.Combine(directory, "data"), "-U", "bench", "-A", "trust", "--no-sync").ConfigureAwait(false);
        await AsPostgresAsync(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-w", "-l", Path.Combine(directory, "log"),
            "-o", $"-p {port} -k {directory} -c listen_addresses='' -c shared_buffers=2GB -c max_wal_size=8GB -c synchronous_commit=on", "start").ConfigureAwait(false);
        var baseline = new PostgresBaseline(directory, port);
        await baseline.ExecuteAsync("""
            CREATE TABLE observations (rpi bytea NOT NULL, observer integer NOT NULL, seen_at bigint NOT NULL, duration integer NOT NULL, attenuation smallint NOT NULL);
            CREATE INDEX observations_rpi ON observations USING btree (rpi);
            """).ConfigureAwait(false);
        return baseline;
    }

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
        await using var command = _source.CreateCommand("""
            SELECT o.observer, o.seen_at / 86400 AS day
            FROM unnest(@rpis, @intervals) AS k(rpi, iv)
            JOIN observations o ON o.rpi = k.rpi
            WHERE o.seen_at BETWEEN k.iv::bigint * 600 - 7200 AND (k.iv::bigint + 1) * 600 + 7200
              AND o.seen_at >= @from AND o.seen_at < @until
            GROUP BY 1, 2
            HAVING sum(o.duration * CASE WHEN o.attenuation <= 63 THEN 1.0 WHEN o.attenuation <= 73 THEN 0.5 ELSE 0 END) >= 900
            """);
        command.Parameters.AddWithValue("rpis", rpis);
        command.Parameters.AddWithValue("intervals", intervals);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("until", until);
        var observers = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
            observers.Add(reader.GetInt32(0));
        return observers.Count;
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
