using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>Between the contract's declaration answers and screening and the engine's (<see cref="HealthScreening"/>).</summary>
internal static class ScreeningMapping
{
    /// <summary>The answers a declaration (or a paper declaration at a door) is screened by.</summary>
    public static HealthAnswers Answers(Symptoms? symptoms, ExposureHistory? exposure, string travelHistory)
    {
        symptoms ??= new Symptoms();
        exposure ??= new ExposureHistory();
        return new HealthAnswers
        {
            Fever = symptoms.Fever,
            Cough = symptoms.Cough,
            ShortnessOfBreath = symptoms.ShortnessOfBreath,
            SoreThroat = symptoms.SoreThroat,
            LossOfTasteOrSmell = symptoms.LossOfTasteOrSmell,
            Fatigue = symptoms.Fatigue,
            OtherSymptom = symptoms.Other,
            ContactWithConfirmedCase = exposure.ContactWithConfirmedCase,
            ContactWithSuspectedCase = exposure.ContactWithSuspectedCase,
            ContactWithTravellerFromOutbreakArea = exposure.ContactWithTravellerFromOutbreakArea,
            VisitedOutbreakArea = exposure.VisitedOutbreakArea,
            TravelHistory = travelHistory,
        };
    }

    /// <summary>The contract's level of an engine colour.</summary>
    public static ScreeningLevel Level(ScreeningColour colour) => colour switch
    {
        ScreeningColour.Green => ScreeningLevel.Green,
        ScreeningColour.Yellow => ScreeningLevel.Yellow,
        ScreeningColour.Red => ScreeningLevel.Red,
        _ => ScreeningLevel.Unspecified,
    };

    /// <summary>The contract's screening, or null (left unset) when unscreened.</summary>
    public static Screening? ToProto(ScreeningOutcome outcome)
        => outcome.Colour == ScreeningColour.Unscreened ? null : new Screening { Level = Level(outcome.Colour), Advice = outcome.Advice, Reasons = { outcome.Reasons } };

    /// <summary>
    /// What a scan's message adds for a visitor who needs checking (yellow or red): what the screening found and what
    /// to do; empty for green or unscreened.
    /// </summary>
    public static string DoorAdvice(ScreeningOutcome outcome)
    {
        var why = outcome.Reasons.Count > 0 ? " (" + string.Join(", ", outcome.Reasons) + ")" : "";
        return outcome.Colour switch
        {
            ScreeningColour.Red => $"Sàng lọc: ĐỎ{why}. {outcome.Advice}",
            ScreeningColour.Yellow => $"Sàng lọc: VÀNG{why}. {outcome.Advice}",
            _ => "",
        };
    }
}
