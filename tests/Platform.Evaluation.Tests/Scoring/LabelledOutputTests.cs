using System.Runtime.CompilerServices;
using System.Text;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Scoring;

/// <summary>
/// The extractor against a labelled corpus of realistic outputs (corpus/outputs.txt, format in corpus/README.md):
/// every entry's strict and flexible extraction must be what a careful grader reads under the documented rules.
/// </summary>
public class LabelledOutputTests
{
    internal sealed record Entry(
        string Id, AnswerKind Kind, int Options, AnswerFormats Formats, bool Truncated, string Output, string? Strict, string? Flexible);

    private static string CorpusPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "corpus", "outputs.txt");

    internal static IReadOnlyList<Entry> Read()
    {
        var lines = File.ReadAllLines(CorpusPath(), Encoding.UTF8);
        var entries = new List<Entry>();
        var i = 0;
        while (i < lines.Length)
        {
            var header = lines[i++].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (header.Length < 3 || header[0] != "===")
                throw new FormatException($"outputs.txt line {i}: expected '=== id kind ...', got '{lines[i - 1]}'");
            if (lines[i++] != "<<<")
                throw new FormatException($"outputs.txt line {i}: expected '<<<' after the header of {header[1]}");
            var output = new List<string>();
            while (lines[i] != ">>>")
                output.Add(lines[i++]);
            i++;
            string? Expect(string label)
            {
                var line = lines[i++];
                if (!line.StartsWith(label + ": ", StringComparison.Ordinal))
                    throw new FormatException($"outputs.txt line {i}: expected '{label}: ...' in {header[1]}");
                var value = line[(label.Length + 2)..];
                return value == "none" ? null : value.Replace("\\n", "\n", StringComparison.Ordinal);
            }
            var strict = Expect("strict");
            var flexible = Expect("flexible");
            var kind = Enum.Parse<AnswerKind>(header[2], ignoreCase: true);
            var flags = header.Skip(3).ToHashSet();
            var options = flags.FirstOrDefault(f => f.StartsWith("options=", StringComparison.Ordinal)) is { } o
                ? int.Parse(o["options=".Length..], System.Globalization.CultureInfo.InvariantCulture)
                : kind == AnswerKind.Choice ? 4 : 0;
            var formats = flags.Contains("boxed") ? AnswerFormats.AnswerTag | AnswerFormats.Boxed : AnswerFormats.AnswerTag;
            entries.Add(new Entry(header[1], kind, options, formats, flags.Contains("truncated"), string.Join('\n', output), strict, flexible));
        }
        return entries;
    }

    [Fact]
    public void Corpus_is_large_and_covers_every_answer_kind_and_truncation()
    {
        var entries = Read();
        Assert.True(entries.Count >= 200, $"{entries.Count} entries");
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
        foreach (var kind in new[] { AnswerKind.Number, AnswerKind.Choice, AnswerKind.Expression, AnswerKind.Plan, AnswerKind.List, AnswerKind.Text })
            Assert.Contains(entries, e => e.Kind == kind);
        Assert.True(entries.Count(e => e.Truncated) >= 25);
        Assert.Contains(entries, e => e.Flexible is null);
    }

    [Fact]
    public void Extractor_reads_every_labelled_output_as_a_careful_grader_does()
    {
        var disagreements = new List<string>();
        foreach (var entry in Read())
        {
            var strict = AnswerExtractor.Strict(entry.Output, entry.Formats).Answer;
            var flexible = AnswerExtractor.Flexible(entry.Output, entry.Kind, entry.Options, entry.Truncated).Answer;
            if (strict != entry.Strict)
                disagreements.Add($"{entry.Id} strict: expected {Show(entry.Strict)}, got {Show(strict)}");
            if (flexible != entry.Flexible)
                disagreements.Add($"{entry.Id} flexible: expected {Show(entry.Flexible)}, got {Show(flexible)}");
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreement(s):\n" + string.Join('\n', disagreements));
    }

    private static string Show(string? answer) => answer is null ? "none" : $"'{answer.Replace("\n", "\\n", StringComparison.Ordinal)}'";
}
