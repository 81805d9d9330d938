using System.Text.Json.Serialization;
using Platform.Evaluation.Styles;

namespace Platform.Evaluation.Solving;

/// <summary>
/// What a style decided while solving one item, beyond the raw transcript: the searched tree, the votes.
/// A closed set of records so it serializes with a stable shape and a leaderboard cell can show it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TreeSearchTrace), "tree")]
[JsonDerivedType(typeof(VoteTrace), "vote")]
[JsonDerivedType(typeof(SketchTrace), "sketch")]
public abstract record StyleTrace;

/// <summary>One candidate thought of a tree search. The root (depth 0, empty text) is not listed.</summary>
/// <param name="Id">Position in <see cref="TreeSearchTrace.Nodes"/>; parents always come before their children.</param>
/// <param name="ParentId">Null for thoughts proposed directly from the question.</param>
/// <param name="Sample">Which forked sample of the proposal request produced this thought.</param>
/// <param name="Rating">The parsed rating, or <see cref="TreeSearchTrace.UnparsedRating"/> when the reply had none.</param>
/// <param name="RatingReply">The model's rating reply as received, so an odd rating can be audited.</param>
/// <param name="Kept">Whether the thought survived the beam and was expanded (or, at the last depth, considered for the final answer).</param>
public sealed record ThoughtNode(
    int Id, int? ParentId, int Depth, int Sample, string Text, double Rating, string RatingReply, bool Kept);

/// <param name="BestPath">Node ids from depth 1 to the leaf whose path was used for the final answer.</param>
public sealed record TreeSearchTrace(IReadOnlyList<ThoughtNode> Nodes, IReadOnlyList<int> BestPath) : StyleTrace
{
    /// <summary>Below every valid rating, so an unparseable rating always loses.</summary>
    public const double UnparsedRating = 0;
}

/// <summary>One sample's contribution to a self-consistency vote.</summary>
/// <param name="Answer">The answer extracted from the sample (flexible extraction), or null when it had none.</param>
/// <param name="VoteKey">The normalised form that was counted; equal keys are the same vote.</param>
public sealed record SampleVote(int Sample, string? Answer, string? VoteKey);

/// <param name="Tally">Vote key and count, most votes first, ties in the order the tie-break ranks them.</param>
/// <param name="Winner">The winning vote key, or null when no sample produced an answer.</param>
/// <param name="WinningSample">The sample whose output became the final output (the first sample that voted for the winner).</param>
/// <param name="TieBroken">True when several keys shared the top count and the tie-break decided.</param>
/// <param name="TieBreakRule">The rule used, recorded so the choice can be reproduced.</param>
/// <param name="Branches">For styles that run several model calls per sample, each sample's own trace; empty otherwise.</param>
public sealed record VoteTrace(
    IReadOnlyList<SampleVote> Votes,
    IReadOnlyList<VoteCount> Tally,
    string? Winner,
    int WinningSample,
    bool TieBroken,
    string TieBreakRule,
    IReadOnlyList<StyleTrace?> Branches) : StyleTrace
{
    /// <summary>Several answers shared the most votes and the rule lets none win: the item has no answer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoMajority { get; init; }
}

public sealed record VoteCount(string VoteKey, int Votes, int FirstSample);

/// <summary>Which Sketch-of-Thought paradigm an item was given, so a run can be split by paradigm.</summary>
public sealed record SketchTrace(SketchParadigm Paradigm) : StyleTrace;
