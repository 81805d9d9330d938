namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Whole numbers written in English words: "twelve", "twenty-five", "one hundred and five", "two thousand
/// three hundred". Only consulted when an answer has no digits, so "3 (three)" is never read twice.
/// </summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, int> Small = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40,
        ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly Dictionary<string, long> Scales = new(StringComparer.Ordinal)
    {
        ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000,
    };

    public static IReadOnlyList<NumberReading> FindAll(string text)
    {
        var words = text.ToLowerInvariant().Split((char[])[' ', '-', ',', '.', '!', '?', ';', ':', '\n', '\t', '(', ')', '"', '\''],
            StringSplitOptions.RemoveEmptyEntries);
        var found = new List<NumberReading>();
        var run = new List<string>();
        void Close()
        {
            while (run.Count > 0 && run[^1] == "and") run.RemoveAt(run.Count - 1);
            if (run.Count > 0) found.Add(new NumberReading(Value(run), false, string.Join(' ', run)));
            run.Clear();
        }
        foreach (var word in words)
        {
            var isNumberWord = Small.ContainsKey(word) || Scales.ContainsKey(word) || word == "hundred";
            if (isNumberWord || (word == "and" && run.Count > 0)) run.Add(word);
            else Close();
        }
        Close();
        return found;
    }

    private static long Value(List<string> words)
    {
        long total = 0, current = 0;
        foreach (var word in words)
        {
            if (Small.TryGetValue(word, out var small)) current += small;
            else if (word == "hundred") current = (current == 0 ? 1 : current) * 100;
            else if (Scales.TryGetValue(word, out var scale)) { total += (current == 0 ? 1 : current) * scale; current = 0; }
        }
        return total + current;
    }
}
