using System.Globalization;

namespace Platform.Cli.Commands;

/// <summary>A bad command line; the message is shown with the command's usage and the exit code is 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary>
/// Parsed arguments: <c>--name value</c> options, <c>--flag</c> switches and positionals. An option may
/// repeat; <see cref="Values"/> returns every value. Unread options are reported by <see cref="EnsureAllRead"/>.
/// </summary>
public sealed class CommandArgs
{
    private readonly List<(string Name, string? Value)> _options = [];
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; }

    private CommandArgs(List<string> positionals) => Positionals = positionals;

    public static CommandArgs Parse(IEnumerable<string> args)
    {
        var list = args.ToList();
        var positionals = new List<string>();
        var parsed = new CommandArgs(positionals);
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg == "--")
            {
                positionals.AddRange(list.Skip(i + 1));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                parsed._options.Add((name[..equals], name[(equals + 1)..]));
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed._options.Add((name, list[++i]));
            }
            else
            {
                parsed._options.Add((name, null));
            }
        }
        return parsed;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        var matches = _options.Where(o => o.Name == name).ToList();
        if (matches.Any(m => m.Value is not null))
        {
            throw new CommandLineException($"--{name} takes no value.");
        }
        return matches.Count > 0;
    }

    public IReadOnlyList<string> Values(string name)
    {
        _read.Add(name);
        return _options.Where(o => o.Name == name)
            .Select(o => o.Value ?? throw new CommandLineException($"--{name} needs a value."))
            .ToList();
    }

    public string? Optional(string name)
    {
        var values = Values(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new CommandLineException($"--{name} is given more than once."),
        };
    }

    public string Required(string name) =>
        Optional(name) ?? throw new CommandLineException($"--{name} is required.");

    public int? OptionalInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CommandLineException($"--{name} must be a whole number between {min} and {max}, not '{text}'.");
        }
        return value;
    }

    public double? OptionalDouble(string name, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CommandLineException($"--{name} must be a number between {min} and {max}, not '{text}'.");
        }
        return value;
    }

    /// <summary>Fails on any option the command did not ask for, so a typo is never silently ignored.</summary>
    public void EnsureAllRead(int maxPositionals = 0)
    {
        var unknown = _options.Select(o => o.Name).Distinct().Where(n => !_read.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandLineException($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
        if (Positionals.Count > maxPositionals)
        {
            throw new CommandLineException($"unexpected argument '{Positionals[maxPositionals]}'.");
        }
    }
}
