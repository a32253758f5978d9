using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Demo;

/// <summary>How the demo writes tiers, kinds and times for people.</summary>
internal static class CityText
{
    /// <summary>"F1", "F2", or the raw enum name for anything else.</summary>
    public static string Tier(Tier tier) => tier switch
    {
        V1.Tier.F1 => "F1",
        V1.Tier.F2 => "F2",
        _ => tier.ToString(),
    };

    /// <summary>"venue", "proximity", or the raw enum name for anything else.</summary>
    public static string Kind(ExposureKind kind) => kind switch
    {
        ExposureKind.Venue => "venue",
        ExposureKind.Proximity => "proximity",
        _ => kind.ToString(),
    };

    /// <summary>A local wall-clock time, e.g. "09:35".</summary>
    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A local wall-clock time of a protobuf timestamp, or "?" when it is missing.</summary>
    public static string Time(Timestamp? time) => time is null ? "?" : Time(time.ToDateTimeOffset());

    /// <summary>A window "09:35–10:35".</summary>
    public static string Window(Timestamp? start, Timestamp? end) => $"{Time(start)}–{Time(end)}";

    /// <summary>A phone number grouped as people read it, e.g. "0966 323 123".</summary>
    public static string Phone(string phone) =>
        phone.Length == 10 ? $"{phone[..4]} {phone[4..7]} {phone[7..]}" : phone;

    /// <summary>Minutes with one decimal, e.g. "20.0".</summary>
    public static string Minutes(double minutes) => minutes.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A multi-line server message on one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
