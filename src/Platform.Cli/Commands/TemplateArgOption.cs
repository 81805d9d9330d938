using System.Text.Json;
using Platform.Jobs.Runs;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary><c>--template-arg name=value</c>, repeatable: keyword arguments of the model's chat template.</summary>
public static class TemplateArgOption
{
    public const string Usage = "[--template-arg NAME=VALUE ...]";

    /// <exception cref="CommandLineException">A value without a name, a name given twice, or arguments the rules refuse.</exception>
    public static IReadOnlyDictionary<string, JsonElement> Read(CommandArgs args)
    {
        var (given, parseError) = TemplateArguments.ParseAssignments(args.Values("template-arg"));
        var (arguments, error) = parseError is null ? TemplateArguments.Validate(given) : (null, parseError);
        return error is null ? arguments! : throw new CommandLineException($"--template-arg: {error}");
    }
}
