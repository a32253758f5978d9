using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Tracing.Cli;

/// <summary>
/// Command lines that do not parse (a required option missing, a number that is not one, an unknown word), said in
/// Vietnamese by default (System.CommandLine speaks English only), with where to read the command's help.
/// </summary>
internal static partial class ParseErrors
{
    /// <summary>Writes each error of <paramref name="parse"/> and a pointer to the help; the exit code is 1.</summary>
    public static int Write(ParseResult parse, TextWriter error)
    {
        var english = Language.English(parse);
        foreach (var message in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            error.WriteLine((english ? "error: " : "lỗi: ") + (english ? message : Vietnamese(message)));
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Command is not RootCommand && result.Parent is CommandResult parent; result = parent)
            names.Insert(0, result.Command.Name);
        var help = string.Join(' ', ["tracing", .. names, "--help"]);
        error.WriteLine(english ? $"  see `{help}`" : $"  xem hướng dẫn: `{help}`");
        return 1;
    }

    /// <summary>System.CommandLine's English sentence in Vietnamese (unknown sentences are left as they are).</summary>
    public static string Vietnamese(string message)
    {
        if (Required().Match(message) is { Success: true } required)
            return $"thiếu tùy chọn bắt buộc {required.Groups[1].Value}.";
        if (MissingArgument().Match(message) is { Success: true } missing)
            return $"lệnh {missing.Groups[1].Value} cần thêm một giá trị (xem hướng dẫn của lệnh).";
        if (MissingOptionValue().Match(message) is { Success: true } empty)
            return $"tùy chọn {empty.Groups[1].Value} cần một giá trị.";
        if (CannotParse().Match(message) is { Success: true } wrong)
            return $"giá trị '{wrong.Groups[1].Value}' của {wrong.Groups[2].Value} không đúng kiểu ({Kind(wrong.Groups[3].Value)}).";
        if (Unrecognized().Match(message) is { Success: true } unknown)
            return $"không hiểu lệnh hoặc giá trị '{unknown.Groups[1].Value}'.";
        if (NotAmong().Match(message) is { Success: true } among)
            return $"'{among.Groups[1].Value}' không hợp lệ; chỉ nhận một trong:{among.Groups[2].Value}";
        if (SingleArgument().Match(message) is { Success: true } single)
            return $"tùy chọn {single.Groups[1].Value} chỉ nhận một giá trị nhưng có {single.Groups[2].Value}.";
        return message;
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "cần một số nguyên",
        "System.Double" => "cần một số",
        "System.DateTimeOffset" or "System.Nullable`1[System.DateTimeOffset]" => "cần ngày giờ dạng ISO 8601, ví dụ 2026-01-31T09:30+07:00",
        "System.Boolean" => "cần true hoặc false",
        _ => type,
    };

    [GeneratedRegex(@"^Option '([^']+)' is required\.$")]
    private static partial Regex Required();

    [GeneratedRegex(@"^Required argument missing for command: '([^']+)'\.$")]
    private static partial Regex MissingArgument();

    [GeneratedRegex(@"^Required argument missing for option: '([^']+)'\.$")]
    private static partial Regex MissingOptionValue();

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for (?:option|command) '([^']+)' as expected type '([^']+)'\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(.*)'\.$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Argument '(.*)' not recognized\. Must be one of:(.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAmong();

    [GeneratedRegex(@"^Option '([^']+)' expects a single argument but (\d+) were provided\.$")]
    private static partial Regex SingleArgument();
}
