using System.Globalization;

namespace Platform.Jobs;

/// <summary>
/// Collects the settings of one configuration section that are out of range, each as "Section:Key must ... (it is
/// ...)", so that start-up can refuse with one message naming every bad setting.
/// </summary>
public sealed class SettingsProblems(string section)
{
    private readonly List<string> _found = [];

    public IReadOnlyList<string> Found => _found;

    public SettingsProblems Check(bool ok, string key, string rule, object? value)
    {
        if (!ok)
            _found.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{key} must be {rule} (it is {value ?? "empty"})"));
        return this;
    }

    /// <exception cref="InvalidOperationException">At least one problem; the message lists them all.</exception>
    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new InvalidOperationException($"Invalid settings: {string.Join("; ", problems)}.");
    }
}
