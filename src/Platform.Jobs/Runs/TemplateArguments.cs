using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Jobs.Runs;

/// <summary>
/// Keyword arguments for a model's chat template (llama.cpp's <c>chat_template_kwargs</c>), e.g.
/// <c>enable_thinking=false</c>. They change the prompt, so they are part of an experiment's identity. One set of
/// rules for every way in (API, submit page, command line, a stored run): booleans, finite numbers and short
/// strings only, a bounded count, identifier names, and none of the variables the chat layer itself sets.
/// </summary>
public static partial class TemplateArguments
{
    public const int MaxCount = 16;
    public const int MaxNameLength = 64;
    public const int MaxStringLength = 256;

    /// <summary>Set by the chat layer for every conversation; overriding them would change what is being evaluated.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "messages", "add_generation_prompt", "bos_token", "eos_token", "tools", "raise_exception", "strftime_now", "range", "namespace",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>
    /// The arguments in canonical form (sorted by name, so equal sets serialise and hash alike), or the first problem
    /// in words a submitter can act on.
    /// </summary>
    public static (SortedDictionary<string, JsonElement>? Arguments, string? Error) Validate(IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        var sorted = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (arguments is null)
            return (sorted, null);
        if (arguments.Count > MaxCount)
            return (null, $"Give at most {MaxCount} template arguments, not {arguments.Count}.");
        foreach (var (name, value) in arguments)
        {
            string shown = name.Length > MaxNameLength ? name[..MaxNameLength] + "…" : name;
            if (name.Length > MaxNameLength || !Identifier().IsMatch(name))
                return (null, $"Template argument '{shown}' is not a name: use letters, digits and '_' (not first a digit), at most {MaxNameLength} characters.");
            if (Reserved.Contains(name))
                return (null, $"Template argument '{name}' is set by the chat layer itself and cannot be given ({string.Join(", ", Reserved.Order(StringComparer.Ordinal))}).");
            switch (value.ValueKind)
            {
                case JsonValueKind.True or JsonValueKind.False:
                    break;
                case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                    break;
                case JsonValueKind.String when value.GetString()!.Length <= MaxStringLength:
                    break;
                case JsonValueKind.String:
                    return (null, $"Template argument '{name}' is a string of more than {MaxStringLength} characters.");
                default:
                    return (null, $"Template argument '{name}' must be a boolean, a number or a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
            }
            sorted[name] = value.Clone();
        }
        return (sorted, null);
    }

    /// <summary>
    /// Reads <c>name=value</c> as the command line gives it: a value that is a JSON boolean, number or string
    /// (<c>false</c>, <c>0.5</c>, <c>"42"</c>) is that; anything else is taken as text. Null for text without a name.
    /// </summary>
    public static (string Name, JsonElement Value)? ParseAssignment(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            return null;
        string name = text[..equals], raw = text[(equals + 1)..];
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number or JsonValueKind.String)
                return (name, document.RootElement.Clone());
        }
        catch (JsonException)
        {
            // Plain text, such as low or a sentence.
        }
        return (name, JsonSerializer.SerializeToElement(raw));
    }

    /// <summary>
    /// <c>name=value</c> texts (the command line's options, the submit page's field) as arguments, not yet
    /// <see cref="Validate"/>d; or why they cannot be: a text without a name, or a name given twice.
    /// </summary>
    public static (Dictionary<string, JsonElement>? Arguments, string? Error) ParseAssignments(IEnumerable<string> texts)
    {
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (ParseAssignment(text) is not var (name, value))
                return (null, $"A template argument is NAME=VALUE (e.g. enable_thinking=false), not '{text}'.");
            if (!given.TryAdd(name, value))
                return (null, $"Template argument '{name}' is given twice.");
        }
        return (given, null);
    }

    /// <summary>The arguments as one canonical JSON object, for hashes and the run log; "{}" when there are none.</summary>
    public static string ToJson(IReadOnlyDictionary<string, JsonElement>? arguments) =>
        JsonSerializer.Serialize(new SortedDictionary<string, JsonElement>(
            (arguments ?? new Dictionary<string, JsonElement>()).ToDictionary(), StringComparer.Ordinal));
}
