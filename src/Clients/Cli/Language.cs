using System.CommandLine;

namespace Tracing.Cli;

/// <summary>
/// The language the CLI speaks to people: Vietnamese by default, English with <c>--lang en</c>. It chooses the
/// server's refusal sentence (the vi-VN <c>LocalizedMessage</c> or the English status message) and the CLI's own.
/// </summary>
internal static class Language
{
    /// <summary>The global <c>--lang</c> option.</summary>
    public static readonly Option<string> Option = CreateOption();

    /// <summary>Whether the caller asked for English.</summary>
    public static bool English(ParseResult parse) => AskedEnglish([.. parse.Tokens.Select(t => t.Value)]);

    /// <summary>The sentence in the caller's language.</summary>
    public static string Pick(ParseResult parse, string vietnamese, string english) => English(parse) ? english : vietnamese;

    // Read from the words typed, so that a command line that does not parse is still answered in its language.
    private static bool AskedEnglish(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "--lang=en" || (words[i] == "--lang" && i + 1 < words.Count && words[i + 1] == "en"))
                return true;
        }
        return false;
    }

    private static Option<string> CreateOption()
    {
        var option = new Option<string>("--lang")
        {
            Description = "Ngôn ngữ của thông báo: vi (tiếng Việt, mặc định) hoặc en (English).",
            DefaultValueFactory = _ => "vi",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("vi", "en");
        return option;
    }
}
