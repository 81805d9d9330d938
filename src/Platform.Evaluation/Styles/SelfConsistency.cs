using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(SelfConsistencyParameters), "sc")]
public abstract partial record StyleParameters;

/// <param name="Samples">k: how many answers are sampled and voted on.</param>
/// <param name="Temperature">Sampling temperature of the k samples; must be above 0 or every sample would be the same.</param>
/// <param name="TieRule">What a tie for the most votes does. Left out of the JSON when it is the default (first), so the
/// parameters, and the experiment hash, of every run made before the rule existed stay as they were.</param>
public sealed record SelfConsistencyParameters(
    int Samples, float Temperature, string InnerName, string InnerVersion, StyleParameters Inner,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] VoteTieRule TieRule = VoteTieRule.First) : StyleParameters;

/// <summary>
/// Self-consistency over any style: k sampled answers, majority vote over the extracted answers. A single-prompt
/// style is sampled as one request with Samples = k, so the engine forks one prompt; a multi-call style (tot) is
/// run k times concurrently, sample i with seed + i. Ties go to the answer first given by the lowest-numbered sample.
/// </summary>
public static partial class SelfConsistency
{
    public const string Name = "sc";
    public const string Version = "1";
    public const float DefaultTemperature = 0.7f;
    public const string TieBreakRule = "most votes; on a tie, the answer whose first vote came from the lowest sample number";
    public const string NoTieBreakRule = "most votes; a tie is no majority, and the item has no answer";

    /// <summary>The tie rule from its setting's text (<c>first</c> or <c>none</c>, case ignored); null or empty is the default.</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static VoteTieRule ParseTieRule(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "first" => VoteTieRule.First,
        "none" => VoteTieRule.None,
        _ => throw new ArgumentException($"The vote tie rule '{text}' is not 'first' (the answer given first wins a tie) or 'none' (a tie is no majority)."),
    };

    public static ThinkingStyle Wrap(ThinkingStyle inner, int samples, float? temperature = null, VoteTieRule tieRule = VoteTieRule.First)
    {
        if (inner.Parameters is SelfConsistencyParameters)
        {
            throw new ArgumentException($"'{inner.Label}' already votes; self-consistency cannot wrap itself.", nameof(inner));
        }
        if (samples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "Self-consistency needs at least 2 samples to vote.");
        }
        var t = temperature ?? DefaultTemperature;
        if (!(t > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), t,
                "Self-consistency needs a temperature above 0; at 0 every sample is the same answer.");
        }
        if (!Enum.IsDefined(tieRule))
        {
            throw new ArgumentOutOfRangeException(nameof(tieRule), tieRule, "The tie rule must be 'first' or 'none'.");
        }
        var parameters = new SelfConsistencyParameters(samples, t, inner.Name, inner.Version, inner.Parameters, tieRule);
        // A vote without tie-breaks is another procedure: its own version keeps the two apart wherever styles are keyed by name and version.
        var version = $"{inner.Version}+{Name}{Version}" + (tieRule == VoteTieRule.None ? "-ties-none" : "");
        return new ThinkingStyle($"{inner.Name}+{Name}", version, parameters, inner.Formats,
            (state, generate, cancellationToken) => inner.SinglePrompt is { } prompt
                ? ForkAsync(prompt, samples, t, tieRule, state, generate, cancellationToken)
                : RepeatAsync(inner, samples, t, tieRule, state, generate, cancellationToken))
        {
            Description = $"Self-consistency: majority vote over {samples} sampled answers of '{inner.Name}'." +
                (tieRule == VoteTieRule.None ? " A tie is no majority." : "") + $" {inner.Description}",
            // Every sample is one of the inner style's sequences (forked or repeated), so a sequence needs what the inner style needs.
            SizingPrompt = inner.PromptToMeasure,
            Budget = inner.Budget,
        };
    }

    private static async Task<TaskState> ForkAsync(
        PromptBuilder prompt, int samples, float temperature, VoteTieRule tieRule, TaskState state, Generate generate, CancellationToken cancellationToken)
    {
        var messages = prompt(state);
        var exchange = await Exchange.RunAsync(generate, "samples",
            new GenerateRequest(messages, state.Sampling with { Temperature = temperature }, samples),
            cancellationToken).ConfigureAwait(false);
        var trace = Vote(state, exchange.Completions.Select(c => (c.Text, c.Truncated)).ToList(), [], tieRule);
        var finished = state.Record(exchange).Finish(messages, exchange.Completions[trace.WinningSample], trace);
        return trace.NoMajority ? finished with { Output = "", Truncated = false } : finished;
    }

    private static async Task<TaskState> RepeatAsync(
        ThinkingStyle inner, int samples, float temperature, VoteTieRule tieRule, TaskState state, Generate generate, CancellationToken cancellationToken)
    {
        var branches = await Task.WhenAll(Enumerable.Range(0, samples).Select(i =>
        {
            var branch = state with
            {
                Sampling = state.Sampling with { Temperature = temperature, Seed = state.Sampling.Seed + (ulong)i },
                Transcript = [],
            };
            return inner.Solve(branch, generate, cancellationToken);
        })).ConfigureAwait(false);

        var trace = Vote(state, branches.Select(b => (b.Output, b.Truncated)).ToList(), branches.Select(b => b.Trace).ToList(), tieRule);
        var winner = branches[trace.WinningSample];
        var transcript = branches.SelectMany((b, i) => b.Transcript.Select(e =>
            e with { Step = $"sample {i.ToString(CultureInfo.InvariantCulture)}: {e.Step}" }));
        return state.Record(transcript) with
        {
            Messages = winner.Messages,
            Output = trace.NoMajority ? "" : winner.Output,
            Truncated = !trace.NoMajority && winner.Truncated,
            Trace = trace,
        };
    }

    /// <summary>
    /// Counts the answers of the given outputs and picks the winner by the tie rule: <see cref="TieBreakRule"/>, or under
    /// <see cref="VoteTieRule.None"/> <see cref="NoTieBreakRule"/> (no winner; the final output is empty, so the item
    /// scores as no answer, and every sample stays in the transcript).
    /// </summary>
    /// <param name="outputs">Each sample's output and whether it stopped at the token limit (a cut output guesses no answer).</param>
    public static VoteTrace Vote(
        TaskState state, IReadOnlyList<(string Text, bool Truncated)> outputs, IReadOnlyList<StyleTrace?> branches,
        VoteTieRule tieRule = VoteTieRule.First)
    {
        var votes = outputs.Select((output, i) =>
        {
            var answer = AnswerExtractor.Flexible(output.Text, state.AnswerKind, state.Item.Choices.Count, output.Truncated).Answer;
            return new SampleVote(i, answer, answer is null ? null : VoteKey(state.AnswerKind, state.Item.Choices.Count, answer));
        }).ToList();
        var tally = votes.Where(v => v.VoteKey is not null)
            .GroupBy(v => v.VoteKey!, StringComparer.Ordinal)
            .Select(g => new VoteCount(g.Key, g.Count(), g.Min(v => v.Sample)))
            .OrderByDescending(c => c.Votes).ThenBy(c => c.FirstSample)
            .ToList();
        var tied = tally.Count > 1 && tally[0].Votes == tally[1].Votes;
        if (tied && tieRule == VoteTieRule.None)
        {
            return new VoteTrace(votes, tally, null, tally[0].FirstSample, false, NoTieBreakRule, branches) { NoMajority = true };
        }
        return new VoteTrace(votes, tally, tally.FirstOrDefault()?.VoteKey, tally.FirstOrDefault()?.FirstSample ?? 0,
            tied, tieRule == VoteTieRule.None ? NoTieBreakRule : TieBreakRule, branches);
    }

    /// <summary>
    /// The form in which two answers count as the same vote: numbers by value ("1,234.50" = "$1234.5"), options by
    /// letter ("(b)" = "B"), anything else by its text with case and spacing ignored. The checker, not this, judges
    /// correctness.
    /// </summary>
    public static string VoteKey(AnswerKind kind, int optionCount, string answer)
    {
        var text = WhitespacePattern().Replace(answer.Trim(), " ");
        if (kind == AnswerKind.Number)
        {
            var plain = text.Replace(",", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal)
                .Replace('−', '-').Trim();
            if (decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var value))
            {
                return (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
            }
        }
        if (kind == AnswerKind.Choice || optionCount > 0)
        {
            var letter = OptionLetterPattern().Match(text);
            if (letter.Success)
            {
                return letter.Groups[1].Value.ToUpperInvariant();
            }
        }
        return text.ToLowerInvariant();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^(?:option\s+)?\(?([A-Za-z])\)?[.:)]?$", RegexOptions.IgnoreCase)]
    private static partial Regex OptionLetterPattern();
}
