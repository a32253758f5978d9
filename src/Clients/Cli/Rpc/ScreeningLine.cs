using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>The screening of a declaration or a scan as a line people read, in Vietnamese (empty when there is none).</summary>
internal static class ScreeningLine
{
    public static string Of(Screening? screening)
    {
        if (screening is null)
            return "";
        var level = screening.Level switch
        {
            ScreeningLevel.Green => "XANH",
            ScreeningLevel.Yellow => "VÀNG (cần kiểm tra)",
            ScreeningLevel.Red => "ĐỎ (không vào)",
            _ => "",
        };
        if (level.Length == 0)
            return "";
        var why = screening.Reasons.Count > 0 ? " — lý do: " + string.Join(", ", screening.Reasons) : "";
        return $"Sàng lọc: {level}{why}. {screening.Advice}";
    }

    /// <summary>Says the line after an answer (never in <c>--json</c> output).</summary>
    public static void Say(Printer printer, Screening? screening)
    {
        if (Of(screening) is { Length: > 0 } line)
            printer.Say(line);
    }
}
