using System.CommandLine;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Tracing.Matching.Registry;

namespace Tracing.Cli.Rpc;

/// <summary>
/// Venue codes as people meet them in the CLI: printed as on the poster (<c>V-7K3M9-Q2X4T-C</c>) in every answer,
/// JSON included, and read in any form a person types (case, dashes and spaces do not matter).
/// </summary>
internal static class VenueCodes
{
    /// <summary>A venue code as printed for people; anything that is not a venue code is left as it is.</summary>
    public static string Shown(string id) => VenueCode.TryRead(id, out var code, out _) ? VenueCode.Display(code) : id;

    /// <summary>A typed venue code in the contract's form; a mistyped one is sent as typed, for the server to say what is wrong.</summary>
    public static string Typed(string typed) => VenueCode.TryRead(typed, out var code, out _) ? code : typed.Trim();

    /// <summary>An option that takes one venue code (or several, when <typeparamref name="T"/> is an array).</summary>
    public static Option<T> Option<T>(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => (T)(object)(typeof(T) == typeof(string[])
            ? result.Tokens.Select(t => Typed(t.Value)).ToArray()
            : Typed(result.Tokens[^1].Value)),
    };

    /// <summary>A copy of <paramref name="message"/> whose venue codes (fields named <c>*venue_id</c>, <c>venue_ids</c>) are in the printed form.</summary>
    public static IMessage ForPeople(IMessage message)
    {
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        Rewrite(copy);
        return copy;
    }

    /// <summary>Whether a field holds venue codes.</summary>
    public static bool Holds(FieldDescriptor field)
        => field.FieldType == FieldType.String && (field.Name.EndsWith("venue_id", StringComparison.Ordinal) || field.Name == "venue_ids");

    private static void Rewrite(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (Holds(field))
            {
                if (field.IsRepeated)
                {
                    var list = (System.Collections.IList)field.Accessor.GetValue(message);
                    for (var i = 0; i < list.Count; i++)
                        list[i] = Shown((string)list[i]!);
                }
                else if ((string)field.Accessor.GetValue(message) is { Length: > 0 } id)
                {
                    field.Accessor.SetValue(message, Shown(id));
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                if (field.IsRepeated)
                {
                    foreach (var item in (System.Collections.IList)field.Accessor.GetValue(message))
                        Rewrite((IMessage)item!);
                }
                else if (field.Accessor.GetValue(message) is IMessage nested)
                {
                    Rewrite(nested);
                }
            }
        }
    }
}
