using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Asserts that a refusal speaks to a person in Vietnamese: its status details carry a <c>google.rpc.LocalizedMessage</c>
/// (vi-VN), and that sentence (and each invalid field's) names what people see — no contract field name
/// (<c>venue_id</c>), enum value, RPC or service name (<c>AddManagedVenue</c>) of the tracing.v1 contract, and no
/// English.
/// </summary>
internal static partial class VietnameseRefusals
{
    private static readonly Lazy<ContractNames> s_names = new(ContractNames.Collect);

    /// <summary>The contract's field names with an underscore, enum values, RPC and service names (what a sentence must not name).</summary>
    public static IReadOnlySet<string> ForbiddenNames => s_names.Value.All;

    /// <summary>Asserts the refusal's Vietnamese sentence and its fields' are there and readable; returns the sentence.</summary>
    public static string Check(RpcException refusal, string context = "")
    {
        var vietnamese = refusal.Vietnamese();
        CheckSentence(vietnamese, $"{context} {refusal.StatusCode} \"{refusal.Status.Detail}\"");
        foreach (var field in refusal.InvalidFields())
            CheckSentence(field.Vietnamese, $"{context} field {field.Field} of {refusal.StatusCode} \"{refusal.Status.Detail}\"");
        return vietnamese!;
    }

    /// <summary>Asserts one Vietnamese sentence a person reads: present, no contract name, no English word.</summary>
    public static void CheckSentence(string? vietnamese, string context)
    {
        var problem = Problem(vietnamese);
        Assert.True(problem is null, $"{context}: {problem}");
    }

    /// <summary>What is wrong with a Vietnamese sentence a person reads (missing, a contract name, an English word), or null.</summary>
    public static string? Problem(string? vietnamese)
    {
        if (string.IsNullOrWhiteSpace(vietnamese))
            return "no vi-VN LocalizedMessage in the status details.";
        if (s_names.Value.Named(vietnamese) is { } named)
            return $"the Vietnamese \"{vietnamese}\" names the contract's {named}; name what the person sees instead.";
        var english = EnglishWord().Match(vietnamese);
        return english.Success ? $"the Vietnamese \"{vietnamese}\" has the English word \"{english.Value}\"." : null;
    }

    /// <summary>Words of the English refusals that no Vietnamese sentence has (short Vietnamese words such as "to", "in", "an" are left out).</summary>
    [GeneratedRegex(@"\b(the|is|are|was|were|must|required|your|please|venue|venues|phone|call|sign|request|invalid|field|error|only|with|for|and|of|cannot|try|again|not|this|that|send|wrong|tries|left|expired|already|missing|allowed|denied)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWord();

    private sealed class ContractNames(HashSet<string> snakeCase, HashSet<string> pascalCase)
    {
        public IReadOnlySet<string> All { get; } = snakeCase.Concat(pascalCase).ToHashSet(StringComparer.Ordinal);

        /// <summary>The first contract name <paramref name="sentence"/> contains, or null.</summary>
        public string? Named(string sentence)
        {
            foreach (Match word in Regex.Matches(sentence, @"[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9]"))
            {
                var text = word.Value.TrimEnd('.');
                if (snakeCase.Contains(text.ToLowerInvariant()) || pascalCase.Contains(text))
                    return $"name \"{text}\"";
                if (text.Split('.').FirstOrDefault(p => snakeCase.Contains(p.ToLowerInvariant())) is { } part)
                    return $"name \"{part}\"";
            }
            return null;
        }

        public static ContractNames Collect()
        {
            var files = typeof(AuthService).Assembly.GetTypes()
                .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
                .Where(p => p?.PropertyType == typeof(FileDescriptor))
                .Select(p => (FileDescriptor)p!.GetValue(null)!)
                .Where(f => f.Package == "tracing.v1")
                .ToList();
            var snake = new HashSet<string>(StringComparer.Ordinal);
            var pascal = new HashSet<string>(StringComparer.Ordinal);
            void AddEnum(EnumDescriptor e)
            {
                foreach (var value in e.Values)
                    snake.Add(value.Name.ToLowerInvariant());
            }
            void AddMessage(MessageDescriptor m)
            {
                foreach (var field in m.Fields.InDeclarationOrder())
                {
                    if (field.Name.Contains('_', StringComparison.Ordinal))
                        snake.Add(field.Name);
                }
                foreach (var nested in m.NestedTypes)
                    AddMessage(nested);
                foreach (var e in m.EnumTypes)
                    AddEnum(e);
            }
            foreach (var file in files)
            {
                foreach (var message in file.MessageTypes)
                    AddMessage(message);
                foreach (var e in file.EnumTypes)
                    AddEnum(e);
                foreach (var service in file.Services)
                {
                    pascal.Add(service.Name);
                    foreach (var method in service.Methods)
                        pascal.Add(method.Name);
                }
            }
            Assert.True(snake.Count > 50 && pascal.Count > 27, $"Only {snake.Count} field names and {pascal.Count} RPC names found in the tracing.v1 descriptors.");
            return new ContractNames(snake, pascal);
        }
    }
}
