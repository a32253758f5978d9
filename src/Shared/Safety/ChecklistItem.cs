namespace Tracing.Matching.Safety;

/// <summary>
/// One measure a facility checks every day: its key (what clients send), what it says, its weight in the 0–100
/// score, and whether a facility lacking it cannot be rated safe whatever its score.
/// </summary>
public sealed record ChecklistItem(string Key, string Label, int Weight, bool Critical = false);
