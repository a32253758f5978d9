using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Tracing.Cli.Rpc;

/// <summary>
/// Prints answers: for people, one <c>label: value</c> line per set field, with Vietnamese labels and words (the
/// contract's names with <c>--lang en</c>), nested messages indented, times in Vietnam's time labelled "(GMT+7)",
/// binary as its size; with <c>--json</c>, each message as one line of protobuf JSON. Venue codes are printed as on the
/// poster, <c>V-XXXXX-XXXXX-X</c>, in both.
/// </summary>
internal sealed class Printer(TextWriter output, bool json, bool english = false)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    // Vietnam's time, as people there read it (no daylight saving).
    private static readonly TimeSpan VietnamOffset = Matching.VietnamTime.Offset;

    public bool Json => json;

    public void Print(IMessage message)
    {
        message = VenueCodes.ForPeople(message);
        if (json)
            output.WriteLine(Formatter.Format(message));
        else
            Write(message, "");
    }

    /// <summary>Whether the caller asked for English (<c>--lang en</c>).</summary>
    public bool English => english;

    /// <summary>A line for people only (a heading, a count); JSON output stays pure.</summary>
    public void Say(string text)
    {
        if (!json)
            output.WriteLine(text);
    }

    /// <summary>A line for people only, in Vietnamese, or in English with <c>--lang en</c>.</summary>
    public void Say(string vietnamese, string english) => Say(English ? english : vietnamese);

    private void Write(IMessage message, string indent)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (var item in (System.Collections.IList)value)
                    WriteValue(field, item, indent);
            }
            else if (field.HasPresence ? field.Accessor.HasValue(message) : !IsDefault(value))
            {
                WriteValue(field, value, indent);
            }
        }
    }

    private void WriteValue(FieldDescriptor field, object value, string indent)
    {
        var label = Labels.Field(field.Name, english);
        switch (value)
        {
            case Timestamp time:
                output.WriteLine($"{indent}{label}: {time.ToDateTimeOffset().ToOffset(VietnamOffset).ToString("yyyy-MM-dd HH:mm:ss '(GMT+7)'", CultureInfo.InvariantCulture)}");
                break;
            case IMessage nested:
                output.WriteLine($"{indent}{label}:");
                Write(nested, indent + "  ");
                break;
            case ByteString bytes:
                output.WriteLine($"{indent}{label}: ({bytes.Length:N0} {(english ? "bytes" : "byte")})");
                break;
            case System.Enum named:
                var name = field.EnumType.FindValueByNumber(Convert.ToInt32(named, CultureInfo.InvariantCulture))?.Name ?? named.ToString();
                output.WriteLine($"{indent}{label}: {Labels.Value(name, english)}");
                break;
            case bool flag:
                output.WriteLine($"{indent}{label}: {Labels.YesNo(flag, english)}");
                break;
            default:
                output.WriteLine($"{indent}{label}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");
                break;
        }
    }

    private static bool IsDefault(object value) => value switch
    {
        string s => s.Length == 0,
        bool b => !b,
        ByteString b => b.IsEmpty,
        IMessage => false,
        System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) == 0,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) == 0,
    };
}
