namespace Tracing.Matching.Registry;

/// <summary>The screening of a health declaration at the door, as the 2021 apps showed it (see <see cref="HealthScreening"/>).</summary>
public enum ScreeningColour : byte
{
    /// <summary>Not screened: no declaration counted, or one filed before declarations were screened.</summary>
    Unscreened = 0,

    /// <summary>Nothing declared that needs checking.</summary>
    Green = 1,

    /// <summary>Needs checking by staff before entering.</summary>
    Yellow = 2,

    /// <summary>Should not enter: stay home and call the health station.</summary>
    Red = 3,
}
