using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;

namespace Platform.Jobs.Runs;

/// <summary>How a run's style is built from its name and sampling choices, the same for a stored run and the command line.</summary>
public static class RunStyles
{
    /// <exception cref="ArgumentException">An unknown style, fewer than one sample, or parameters the style refuses.</exception>
    public static ThinkingStyle Resolve(string name, int samples, float temperature, VoteTieRule tieRule = VoteTieRule.First)
    {
        if (samples < 1)
        {
            throw new ArgumentException($"The number of samples must be at least 1, not {samples}.", nameof(samples));
        }
        try
        {
            // The voters need a temperature above 0; a greedy run asks for none, so self-consistency keeps its default.
            return StyleTable.Create(name.Trim().ToLowerInvariant(), samples, temperature > 0 ? temperature : null, tieRule);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException(ex.Message, ex.ParamName, ex);
        }
    }
}
