using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Registry;

/// <summary>
/// The screening rule at the door against a reference table over every combination of the yes/no answers, and the
/// screening kept with a declaration and on each scan (the one valid when the scan was made), old records included.
/// </summary>
public sealed class HealthScreeningTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Start);

    /// <summary>
    /// The red rule as a table over the only answers it reads (fever, cough, shortness of breath, contact with a
    /// confirmed case): true where the person must stay home.
    /// </summary>
    private static readonly Dictionary<(bool Fever, bool Cough, bool Breath, bool Confirmed), bool> RedTable = new()
    {
        [(false, false, false, false)] = false,
        [(false, false, true, false)] = false,
        [(false, true, false, false)] = false,
        [(false, true, true, false)] = false,
        [(true, false, false, false)] = false,
        [(true, false, true, false)] = true,
        [(true, true, false, false)] = true,
        [(true, true, true, false)] = true,
        [(false, false, false, true)] = true,
        [(false, false, true, true)] = true,
        [(false, true, false, true)] = true,
        [(false, true, true, true)] = true,
        [(true, false, false, true)] = true,
        [(true, false, true, true)] = true,
        [(true, true, false, true)] = true,
        [(true, true, true, true)] = true,
    };

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Every_combination_of_the_answers_is_screened_as_the_reference_table_says()
    {
        // 12 yes/no answers: 6 symptoms, another symptom named, 4 exposures, travel given.
        for (var bits = 0; bits < 1 << 12; bits++)
        {
            bool Yes(int i) => (bits & (1 << i)) != 0;
            var answers = new HealthAnswers
            {
                Fever = Yes(0),
                Cough = Yes(1),
                ShortnessOfBreath = Yes(2),
                SoreThroat = Yes(3),
                LossOfTasteOrSmell = Yes(4),
                Fatigue = Yes(5),
                OtherSymptom = Yes(6) ? "Đau đầu" : "",
                ContactWithConfirmedCase = Yes(7),
                ContactWithSuspectedCase = Yes(8),
                ContactWithTravellerFromOutbreakArea = Yes(9),
                VisitedOutbreakArea = Yes(10),
                TravelHistory = Yes(11) ? "Đà Nẵng" : "",
            };
            var expected = RedTable[(Yes(0), Yes(1), Yes(2), Yes(7))] ? ScreeningColour.Red
                : bits != 0 ? ScreeningColour.Yellow
                : ScreeningColour.Green;

            var screening = HealthScreening.Of(answers);

            Assert.True(expected == screening.Colour, $"answers {Convert.ToString(bits, 2)}: expected {expected}, screened {screening.Colour}");
            // One reason per "yes", none for "no".
            Assert.Equal(System.Numerics.BitOperations.PopCount((uint)bits), screening.Reasons.Count);
            Assert.Equal(HealthScreening.AdviceFor(expected), screening.Advice);
        }
    }

    [Fact]
    public void Reasons_and_advice_are_in_Vietnamese_and_red_advice_names_the_hotline()
    {
        var red = HealthScreening.Of(new HealthAnswers { Fever = true, Cough = true });
        var yellow = HealthScreening.Of(new HealthAnswers { Cough = true });

        Assert.Equal(["Sốt", "Ho"], red.Reasons);
        Assert.Contains("1900 9095", red.Advice, StringComparison.Ordinal);
        Assert.StartsWith("Không vào địa điểm", red.Advice, StringComparison.Ordinal);
        Assert.Equal(["Ho"], yellow.Reasons);
        Assert.StartsWith("Báo nhân viên kiểm tra", yellow.Advice, StringComparison.Ordinal);
        Assert.Equal("Đủ điều kiện vào; tiếp tục thực hiện 5K.", HealthScreening.Of(HealthAnswers.None).Advice);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Không")]
    [InlineData("không.")]
    public void Travel_answered_no_is_not_travel(string travel)
        => Assert.Equal(ScreeningColour.Green, HealthScreening.Of(new HealthAnswers { TravelHistory = travel }).Colour);

    [Fact]
    public async Task A_scan_keeps_the_screening_valid_when_it_was_made_and_a_later_declaration_changes_only_later_scans()
    {
        await using var engine = Open();
        var person = engine.People.RegisterDevice();
        var venue = engine.Venues.Register(
            new VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var filed = engine.Declarations.Submit(person, new DeclarationForm("Khách Ho", 1990, "", 1, false, []) { Answers = new HealthAnswers { Cough = true } });

        var first = engine.CheckIns.Record(new ScanCommand(person.UserId, "e-1", person, venue, _clock.Now, ScanDirection.In, ScanMethod.Self, 0));
        _clock.Now = Start.AddMinutes(30);
        engine.Declarations.Submit(person, new DeclarationForm("Khách Ho", 1990, "", 1, false, []) { Answers = new HealthAnswers { Fever = true, ShortnessOfBreath = true } });
        var second = engine.CheckIns.Record(new ScanCommand(person.UserId, "e-2", person, venue, _clock.Now, ScanDirection.Out, ScanMethod.Self, 0));
        var again = engine.CheckIns.Record(new ScanCommand(person.UserId, "e-1", person, venue, Start, ScanDirection.In, ScanMethod.Self, 0));

        Assert.Equal(ScreeningColour.Yellow, filed.Screening.Colour);
        Assert.Equal(ScreeningColour.Yellow, first.Screening.Colour);
        Assert.Equal(["Ho"], first.Screening.Reasons);
        Assert.Equal(ScreeningColour.Red, second.Screening.Colour);
        Assert.Equal(ScreeningColour.Red, engine.Declarations.Latest(person.UserId)!.Screening.Colour);
        // A repeated delivery answers the screening first recorded, not the declaration now in force.
        Assert.True(again.Duplicate);
        Assert.Equal(ScreeningColour.Yellow, again.Screening.Colour);
        var scans = engine.CheckIns.ScansAt(venue.Number, Start.ToUnixTimeSeconds(), _clock.Now.ToUnixTimeSeconds());
        Assert.Equal([ScreeningColour.Yellow, ScreeningColour.Red], scans.Select(s => s.Screening));
        Assert.All(scans, s => Assert.Equal(ScanOutcome.Accepted, s.Outcome));
        Assert.All(scans, s => Assert.False(s.Flags.HasFlag(ScanFlags.OverDailyCap)));
    }

    [Fact]
    public async Task A_paper_declaration_counts_for_its_scan_only_and_a_scan_without_declaration_is_unscreened()
    {
        await using var engine = Open();
        var walkIn = engine.People.RegisterDevice();
        var venue = engine.Venues.Register(
            new VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var paper = HealthScreening.Of(new HealthAnswers { ContactWithConfirmedCase = true });

        var withPaper = engine.CheckIns.Record(new ScanCommand("u-manager", "p-1", walkIn, venue, _clock.Now, ScanDirection.In, ScanMethod.Manual, 7) { PaperScreening = paper });
        var without = engine.CheckIns.Record(new ScanCommand("u-manager", "p-2", walkIn, venue, _clock.Now, ScanDirection.Out, ScanMethod.Manual, 7));

        Assert.Equal((ScanOutcome.Accepted, ScreeningColour.Red), (withPaper.Outcome, withPaper.Screening.Colour));
        Assert.Equal((ScanOutcome.DeclarationRequired, ScreeningColour.Unscreened), (without.Outcome, without.Screening.Colour));
        Assert.Null(engine.Declarations.Latest(walkIn.UserId));
    }

    [Fact]
    public void Records_stored_before_screening_existed_read_as_unscreened()
    {
        var old = new DeclarationRecord { DeclarationId = "d-old", SubjectUserId = "u-1", SubmittedAt = Start.ToUnixTimeSeconds(), ValidUntil = Start.AddDays(1).ToUnixTimeSeconds(), FullName = "Cũ" };
        var read = Declarations.ToDeclaration(DeclarationRecord.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(old)));
        Assert.Equal(ScreeningColour.Unscreened, read.Screening.Colour);
        Assert.Empty(read.Screening.Reasons);
        Assert.Equal("", read.Screening.Advice);

        var oldScan = new ScanEvent(1, 2, 3, 4, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.OverDailyCap);
        Assert.Equal(ScreeningColour.Unscreened, oldScan.Screening);
        byte[] oldReceipt = [9, 0, 0, 0, (byte)ScanOutcome.Accepted, 0, 0, 0];
        Assert.Equal(new ScanReceipt(9, ScanOutcome.Accepted, ScreeningColour.Unscreened), ScanReceipt.Read(oldReceipt));
        var receipt = new byte[ScanReceipt.Size];
        new ScanReceipt(9, ScanOutcome.Accepted, ScreeningColour.Red).Write(receipt);
        Assert.Equal(ScreeningColour.Red, ScanReceipt.Read(receipt).Screening);
    }

    private TracingEngine Open()
        => TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, _clock);
}
