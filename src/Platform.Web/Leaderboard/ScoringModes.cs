using Platform.Data.Entities;

namespace Platform.Web.Leaderboard;

/// <summary>A scoring mode as a query string gives it: the pages, the board and the API read it alike.</summary>
public static class ScoringModes
{
    /// <summary>
    /// Reads <c>strict</c> or <c>flexible</c> (any case); absent or empty is strict. Anything else is strict too, with
    /// the reason in <paramref name="problem"/>, so a page can say so and an API can refuse it.
    /// </summary>
    public static ScoringMode Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(text))
            return ScoringMode.Strict;
        if (Enum.TryParse<ScoringMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _))
            return mode;
        problem = $"'{text}' is not a scoring mode; use strict or flexible.";
        return ScoringMode.Strict;
    }
}
