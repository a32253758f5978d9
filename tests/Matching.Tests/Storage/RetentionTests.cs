using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>Nothing of a person is kept past the retention period: visits and observations go, day by day.</summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Visits_and_observations_older_than_the_retention_period_are_deleted_and_newer_ones_kept()
    {
        var clock = new ManualClock(Start);
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, clock);
        var town = engine.Venues.Register(
            new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var person = engine.People.RegisterDevice();
        var rpi = RandomNumberGenerator.GetBytes(16);

        // Day 0: a visit and a sighting. Day 10: another of each.
        Visit(Start);
        engine.Contacts.Ingest(person.UserId, person.Number, "", [new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, Start, 300, -60, -5)]);
        Visit(Start.AddDays(10));
        engine.Contacts.Ingest(person.UserId, person.Number, "", [new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, Start.AddDays(10), 300, -60, -5)]);
        await engine.CommitAsync();

        // 22 days after day 0 (21-day retention): day 0 is gone, day 10 stays.
        clock.Now = Start.AddDays(22);
        await engine.ApplyRetentionAsync(clock.Now);

        var visits = engine.CheckIns.VisitsOf(person.Number, Start.AddDays(-1).ToUnixTimeSeconds(), clock.Now.ToUnixTimeSeconds());
        Assert.Equal([Start.AddDays(10).ToUnixTimeSeconds()], visits.Select(v => v.Start));
        Assert.Equal([(uint)Start.AddDays(10).ToUnixTimeSeconds()], engine.Contacts.SightingsOf(rpi).Select(o => o.SeenAt));
        // Whole days go: the scans' day store (venue buckets, itineraries and receipts) is deleted with its folder.
        var firstDay = Start.ToUnixTimeSeconds() / 86_400;
        Assert.Equal([firstDay + 10], engine.ScanDays());
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "partitions", "0", "scans", $"day-{firstDay}")));

        void Visit(DateTimeOffset at)
        {
            clock.Now = at.AddHours(1);
            engine.CheckIns.Record(new ScanCommand(person.UserId, Guid.NewGuid().ToString(), person, town, at, Model.ScanDirection.In, Model.ScanMethod.Self, 0));
            engine.CheckIns.Record(new ScanCommand(person.UserId, Guid.NewGuid().ToString(), person, town, at.AddMinutes(30), Model.ScanDirection.Out, Model.ScanMethod.Self, 0));
        }
    }

    [Fact]
    public async Task A_persons_records_of_days_past_retention_are_deleted_and_a_later_declaration_stays()
    {
        var clock = new ManualClock(Start);
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, clock);
        var person = engine.People.RegisterDevice();
        var child = engine.People.RegisterDevice();
        var rpi = RandomNumberGenerator.GetBytes(16);
        var heard = new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, Start.AddMinutes(-30), 300, -60, -5);

        // Day 0: the person declares, uploads batch "b-1", and is reported (a case and its verification code).
        engine.Declarations.Submit(person, new Matching.Registry.DeclarationForm("Nguyễn Văn Cũ", 1980, "0901234567", 1, false, []));
        engine.Declarations.Submit(child, new Matching.Registry.DeclarationForm("Nguyễn Văn Con", 2015, "", 1, false, []));
        engine.Contacts.Ingest(person.UserId, person.Number, "b-1", [heard]);
        var report = engine.Cases.Report(person, Start, null, Matching.Tracing.ReportKind.ConfirmedTest, "79");
        Notify(child, Start);
        await engine.CommitAsync();
        engine.Contacts.CatchUp();
        Assert.True(engine.Contacts.Ingest(person.UserId, person.Number, "b-1", [heard]).Duplicate);
        // Day 10: the child declares again.
        clock.Now = Start.AddDays(10);
        engine.Declarations.Submit(child, new Matching.Registry.DeclarationForm("Nguyễn Văn Con", 2015, "", 1, false, []));
        Notify(child, clock.Now);

        clock.Now = Start.AddDays(22);
        var deleted = await engine.ApplyRetentionAsync(clock.Now);

        Assert.True(deleted >= 5, $"{deleted} records deleted");
        Assert.Null(engine.Declarations.Latest(person.UserId));
        Assert.Equal(Start.AddDays(10), engine.Declarations.Latest(child.UserId)?.SubmittedAt);
        Assert.Null(engine.Cases.Find(report.CaseId));
        // The batch's marker went with its day: the same batch id is taken as new (its sighting is too old to keep).
        Assert.False(engine.Contacts.Ingest(person.UserId, person.Number, "b-1", [heard]).Duplicate);
        // Exposure notifications of day 0 are gone from the feeds and the person's list; a reader from the start
        // gets the kept one, at its position.
        Assert.Equal([Start.AddDays(10)], engine.Notifications.OfPerson(child.Number).Select(n => n.CreatedAt));
        Assert.Equal([2UL], engine.Notifications.Read("79", 0, 10).Select(n => n.FeedPosition));
        Assert.Equal([2UL], engine.Notifications.Read(Matching.Tracing.Notifications.National, 0, 10).Select(n => n.FeedPosition));

        void Notify(Matching.Registry.Person exposed, DateTimeOffset at)
        {
            clock.Now = at;
            engine.Notifications.Publish(exposed.Number, new Matching.Tracing.Exposure(exposed.UserId, Matching.Tracing.ExposureTier.F1, Matching.Tracing.ExposureKind.Venue, "v-1", "Chợ", at.AddHours(-2), at.AddHours(-1), 60, 100, "79"));
        }
    }

    [Fact]
    public async Task A_person_who_declared_once_keeps_no_name_past_retention_but_is_still_themselves()
    {
        var clock = new ManualClock(Start);
        var options = new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small };
        await using var engine = TracingEngine.Open(options, clock);
        var person = engine.People.RegisterDevice();
        var stays = engine.People.RegisterDevice();
        engine.Declarations.Submit(person, Form("Qwzxy Mộtlần", "ID-424242424"));
        engine.Declarations.Submit(stays, Form("Trần Thị Còn", "ID-737373737"));
        await engine.CommitAsync();
        Assert.True(FilesHolding("Qwzxy Mộtlần").Count > 0);
        clock.Now = Start.AddDays(10);
        engine.Declarations.Submit(stays, Form("Trần Thị Còn", "ID-737373737"));
        await engine.CommitAsync();

        clock.Now = Start.AddDays(22);
        await engine.ApplyRetentionAsync(clock.Now);

        // Nothing the first declared of themselves is kept, in their record or anywhere on disk; they are still a person.
        Assert.Empty(FilesHolding("Qwzxy Mộtlần"));
        Assert.Empty(FilesHolding("ID-424242424"));
        var forgotten = engine.People.Find(person.UserId);
        Assert.NotNull(forgotten);
        Assert.Equal(("", 0), (forgotten.FullName, forgotten.BirthYear));
        // Whoever declared within retention keeps their name.
        Assert.Equal("Trần Thị Còn", engine.People.Find(stays.UserId)?.FullName);
    }

    [Fact]
    public async Task A_deleted_declarations_name_and_id_number_leave_every_file_of_the_data_folder()
    {
        var clock = new ManualClock(Start);
        var options = new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small };
        var engine = TracingEngine.Open(options, clock);
        try
        {
            var person = engine.People.RegisterDevice();
            // Day 0: a declaration with a name and an ID number found nowhere else; an hour later the person declares again
            // under another name (their record now holds that one), so the only copies of the first are the declaration's
            // own and the identity version that names the scans received in that hour. (A name superseded on day 5 would
            // rightly stay until day 26: it names scans of days 1 to 5, which retention keeps until then.) Day 5: a
            // declaration under the same name, which retention keeps.
            engine.Declarations.Submit(person, Form("Zyxwq Testperson", "ID-987654321"));
            await engine.CommitAsync();
            clock.Now = Start.AddHours(1);
            engine.Declarations.Submit(person, Form("Nguyễn Văn Bình", "ID-111222333"));
            await engine.CommitAsync();
            clock.Now = Start.AddDays(5);
            var kept = engine.Declarations.Submit(person, Form("Nguyễn Văn Bình", "ID-555666777"));
            await engine.CommitAsync();
            // They did reach the disk (this test would see them).
            Assert.True(FilesHolding("Zyxwq Testperson").Count > 0);
            Assert.True(FilesHolding("ID-987654321").Count > 0);

            clock.Now = Start.AddDays(22);
            await engine.ApplyRetentionAsync(clock.Now);

            Assert.Empty(FilesHolding("Zyxwq Testperson"));
            Assert.Empty(FilesHolding("ID-987654321"));
            // What is within retention stays, readable, on disk and after a restart.
            Assert.NotEmpty(FilesHolding("ID-555666777"));
            await engine.DisposeAsync();
            engine = TracingEngine.Open(options, clock);
            Assert.Equal(kept.DeclarationId, engine.Declarations.Latest(person.UserId)?.DeclarationId);
            Assert.Equal("Nguyễn Văn Bình", engine.People.Find(person.UserId)?.FullName);
            Assert.Empty(FilesHolding("Zyxwq Testperson"));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    /// <summary>A declaration whose stored form holds the name and the ID number as text.</summary>
    private static Matching.Registry.DeclarationForm Form(string name, string idNumber)
        => new(name, 1980, "", 1, false, System.Text.Encoding.UTF8.GetBytes($"{{name: {name}, id_number: {idNumber}, symptoms: ho, sốt}}"));

    [Fact]
    public async Task A_scan_past_retention_leaves_every_file_the_scan_log_included()
    {
        var clock = new ManualClock(Start.AddHours(1));
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, clock);
        var town = engine.Venues.Register(
            new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var person = engine.People.RegisterDevice();
        engine.CheckIns.Record(new ScanCommand("u-zyxwq", "zyxwq-scan-1", person, town, Start, Model.ScanDirection.In, Model.ScanMethod.Self, 0));
        await engine.CommitAsync();
        // The scan's receipt (a hash of the device and its event id) is in the scan log on disk (and its day store).
        var receipt = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("u-zyxwq\nzyxwq-scan-1"))[..16];
        Assert.NotEmpty(FilesHolding(receipt));

        // 22 days on: retention deletes day 0; scans go on and the day stores are checkpointed, as every 30 s.
        clock.Now = Start.AddDays(22);
        await engine.ApplyRetentionAsync(clock.Now);
        for (var i = 0; i < 40; i++)
            engine.CheckIns.Record(new ScanCommand(person.UserId, $"later-{i}", person, town, clock.Now.AddMinutes(-i), Model.ScanDirection.In, Model.ScanMethod.Self, 0));
        await engine.CommitAsync();
        await engine.CheckpointDaysAsync();

        Assert.Empty(FilesHolding(receipt));
        Assert.Equal(40, engine.CheckIns.ScansOf(person.Number, clock.Now.AddHours(-1).ToUnixTimeSeconds(), clock.Now.ToUnixTimeSeconds()).Length);
    }

    /// <summary>The files under the data folder holding <paramref name="text"/> (UTF-8, as protobuf stores strings), byte for byte.</summary>
    private List<string> FilesHolding(string text) => FilesHolding(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The files under the data folder holding <paramref name="needle"/>, byte for byte.</summary>
    private List<string> FilesHolding(byte[] needle)
    {
        var holding = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            if (bytes.AsSpan().IndexOf(needle) >= 0)
                holding.Add(path);
        }
        return holding;
    }
}
