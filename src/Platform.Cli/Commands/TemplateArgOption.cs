using System.Text.Json;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary><c>--template-arg name=value</c>, repeatable: keyword arguments of the model's chat template.</summary>
public static class TemplateArgOption
{
    public const string Usage = "[--template-arg NAME=VALUE ...]";

    /// <exception cref="CommandLineException">A value without a name, a name given twice, or arguments the rules refuse.</exception>
    public static IReadOnlyDictionary<string, JsonElement> Read(CommandArgs args)
    {
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var text in args.Values("template-arg"))
        {
            if (TemplateArguments.ParseAssignment(text) is not var (name, value))
                throw new CommandLineException($"--template-arg takes NAME=VALUE (e.g. enable_thinking=false), not '{text}'.");
            if (!given.TryAdd(name, value))
                throw new CommandLineException($"--template-arg {name} is given twice.");
        }
        var (arguments, error) = TemplateArguments.Validate(given);
        return error is null ? arguments! : throw new CommandLineException($"--template-arg: {error}");
    }
}
