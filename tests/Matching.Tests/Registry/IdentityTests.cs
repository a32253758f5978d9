using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Registry;

/// <summary>
/// SPEC §2 identity rules in the engine: a declaration on behalf makes a dependent and never changes the phone's
/// owner, a declared phone is a contact phone outside the phone index, and each scan keeps the identity of its time.
/// </summary>
public sealed class IdentityTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_declaration_on_behalf_with_a_verified_phone_makes_a_dependent_and_leaves_the_owner_as_they_were()
    {
        await using var engine = Open();
        var owner = engine.People.ForPhone("0966323123", verified: true);
        var own = engine.Declarations.Submit(owner, Form("Chủ Số Thật", 1980, "0966323123"));
        var stranger = engine.People.RegisterDevice();

        var forged = engine.Declarations.Submit(stranger, Form("Người Khác", 2001, "0966323123", onBehalf: true));
        var again = engine.Declarations.Submit(stranger, Form("Người Khác Nữa", 2001, "0966323123", onBehalf: true));

        Assert.Equal(("Chủ Số Thật", 1980), (engine.People.Find(owner.UserId)!.FullName, engine.People.Find(owner.UserId)!.BirthYear));
        Assert.Equal(own.DeclarationId, engine.Declarations.Latest(owner.UserId)!.DeclarationId);
        Assert.Equal(owner.UserId, engine.People.FindByPhone("0966323123")!.UserId);
        var dependent = engine.People.Find(forged.SubjectUserId)!;
        Assert.Equal(forged.SubjectUserId, again.SubjectUserId);
        Assert.Equal(stranger.UserId, dependent.GuardianUserId);
        Assert.Equal(("Người Khác Nữa", "", "0966323123"), (dependent.FullName, dependent.Phone, dependent.ContactPhone));
        Assert.True(engine.Declarations.IsValid(dependent.UserId, _clock.Now));
        Assert.Equal(dependent.UserId, engine.People.SelfOrDependent(stranger, dependent.UserId).UserId);
        Assert.Equal(TracingError.PermissionDenied, Assert.Throws<TracingException>(() => engine.People.SelfOrDependent(owner, dependent.UserId)).Error);
    }

    [Fact]
    public async Task A_declared_phone_is_a_contact_phone_outside_the_phone_index_and_never_replaces_a_verified_one()
    {
        await using var engine = Open();
        var device = engine.People.RegisterDevice();
        var verified = engine.People.ForPhone("0966323124", verified: true);

        engine.Declarations.Submit(device, Form("Khách Web", 1995, "0966323125"));
        engine.Declarations.Submit(verified, Form("Người Đã Xác Minh", 1990, "0966323126"));

        Assert.Equal("0966323125", engine.People.Find(device.UserId)!.ContactPhone);
        Assert.Null(engine.People.FindByPhone("0966323125"));
        Assert.Equal(("0966323124", "0966323124"), (engine.People.Find(verified.UserId)!.Phone, engine.People.Find(verified.UserId)!.ContactPhone));
        Assert.Null(engine.People.FindByPhone("0966323126"));
    }

    [Fact]
    public async Task Each_time_sees_the_identity_in_force_then_and_a_manual_entry_keeps_what_was_typed()
    {
        await using var engine = Open();
        var person = engine.People.RegisterDevice();
        var before = Start.ToUnixTimeSeconds();
        _clock.Now = Start.AddHours(1);
        engine.Declarations.Submit(person, Form("Tên Cũ", 1970, "0966323127"));
        _clock.Now = Start.AddHours(5);
        engine.Declarations.Submit(person, Form("Tên Mới", 1971, ""));

        var timeline = engine.People.IdentitiesOf(person.Number);
        Assert.Equal(PersonIdentity.None, timeline.At(before));
        Assert.Equal(new PersonIdentity("Tên Cũ", 1970, "0966323127"), timeline.At(Start.AddHours(2).ToUnixTimeSeconds()));
        Assert.Equal(new PersonIdentity("Tên Mới", 1971, "0966323127"), timeline.At(Start.AddHours(6).ToUnixTimeSeconds()));

        var venue = engine.Venues.Register(
            new VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var command = new ScanCommand("u-manager", "e-1", person, venue, _clock.Now, ScanDirection.In, ScanMethod.Manual, 7);
        engine.People.RecordTypedIdentity(command, new PersonIdentity("Gõ Tại Cửa", 1950, "0966323127"));
        engine.CheckIns.Record(command);
        var scan = Assert.Single(engine.CheckIns.ScansAt(venue.Number, Start.ToUnixTimeSeconds(), _clock.Now.ToUnixTimeSeconds()));
        Assert.Equal(new PersonIdentity("Gõ Tại Cửa", 1950, "0966323127"), engine.People.TypedIdentity(scan));
        Assert.Null(engine.People.TypedIdentity(scan with { Method = ScanMethod.Self }));
    }

    [Fact]
    public async Task Identity_versions_expire_with_retention_and_so_does_the_latest_identity()
    {
        await using var engine = Open();
        var person = engine.People.RegisterDevice();
        engine.Declarations.Submit(person, Form("Tên Ngày Đầu", 1970, ""));
        _clock.Now = Start.AddDays(10);
        engine.Declarations.Submit(person, Form("Tên Ngày Mười", 1970, ""));

        _clock.Now = Start.AddDays(22);
        await engine.ApplyRetentionAsync(_clock.Now);
        // Still needed: scans of days 1–10 (within retention) show the first name.
        Assert.Equal("Tên Ngày Đầu", engine.People.IdentitiesOf(person.Number).At(Start.AddDays(5).ToUnixTimeSeconds()).FullName);

        _clock.Now = Start.AddDays(32);
        await engine.ApplyRetentionAsync(_clock.Now);
        // Past retention of the last declaration, nothing declared is kept: no versions, and no name for any time.
        Assert.Equal("", engine.People.IdentitiesOf(person.Number).At(Start.AddDays(5).ToUnixTimeSeconds()).FullName);
        Assert.Equal("", engine.People.IdentitiesOf(person.Number).At(_clock.Now.ToUnixTimeSeconds()).FullName);
        Assert.Equal("", engine.People.Find(person.UserId)?.FullName);
    }

    private TracingEngine Open()
        => TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, _clock);

    private static DeclarationForm Form(string name, int birthYear, string phone, bool onBehalf = false) => new(name, birthYear, phone, 1, onBehalf, []);
}
