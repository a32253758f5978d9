using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Nobody but the server's own user can read the data folder: after the server has signed people in (the SMS
/// outbox), stored declarations, scans and observations, audited a health department's read and checkpointed, every
/// folder under it is 0700 and every file 0600, also those the store engine created itself; a folder left wider by
/// an older version is brought back at start.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderAccessTests
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Every_folder_and_file_the_running_server_wrote_is_its_owners_only()
    {
        await using var server = await ServerProcess.StartAsync();
        await UseEverythingAsync(server);
        await server.RestartAsync();
        await UseEverythingAsync(server);

        AssertOwnerOnly(server.DataDir);
    }

    [Fact]
    public async Task A_data_folder_others_could_read_is_made_owner_only_at_start()
    {
        await using var server = await ServerProcess.StartAsync();
        await UseEverythingAsync(server);
        var wide = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(server.DataDir, FolderMode | wide | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(server.OutboxPath, FileMode | wide);
        File.SetUnixFileMode(Path.GetDirectoryName(server.OutboxPath)!, FolderMode | wide | UnixFileMode.OtherExecute);

        await server.RestartAsync();

        AssertOwnerOnly(server.DataDir);
    }

    private static void AssertOwnerOnly(string dataDir)
    {
        Assert.Equal(FolderMode, File.GetUnixFileMode(dataDir));
        var entries = Directory.GetFileSystemEntries(dataDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        Assert.Contains(entries, e => e.EndsWith(Path.Combine("outbox", "sms.jsonl"), StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains(Path.DirectorySeparatorChar + "audit" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains(Path.DirectorySeparatorChar + "store" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var wider = new List<string>();
        foreach (var entry in entries)
        {
            UnixFileMode mode;
            try
            {
                mode = File.GetUnixFileMode(entry);
            }
            catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
            {
                continue; // A checkpoint the store replaced while the folder was walked.
            }
            if (mode != (Directory.Exists(entry) ? FolderMode : FileMode))
                wider.Add($"{Path.GetRelativePath(dataDir, entry)} {Convert.ToString((int)mode, 8)}");
        }
        Assert.True(wider.Count == 0, $"Not owner-only under {dataDir}:{Environment.NewLine}{string.Join(Environment.NewLine, wider)}");
    }

    /// <summary>A sign-in, a declaration, a scan, an audited read, an observation upload: each store writes files.</summary>
    private static async Task UseEverythingAsync(ServerProcess server)
    {
        var (manager, _) = await Citizens.SignedInAsync(server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Quyền Tệp");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(server, "Ngô Thì Nhậm");
        await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow);
        using var health = server.WithApiKey(ServerProcess.HealthKey);
        await Citizens.HistoryAsync(health, venue.VenueId);
        var (phone, _) = await Citizens.DeviceAsync(server);
        var observation = new ContactObservation
        {
            Rpi = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
            SeenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            DurationSeconds = 300,
            Rssi = -60,
            TxPower = -5,
        };
        Assert.Equal(1, (await phone.UploadContactsAsync([new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { observation } }])).Accepted);
        phone.Dispose();
        visitor.Dispose();
        manager.Dispose();
    }
}
