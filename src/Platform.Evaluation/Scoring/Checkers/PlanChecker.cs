using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Blocksworld plan simulator. Metadata <c>initial</c> and <c>goal</c> hold arrangements in
/// <see cref="BlocksWorld"/> text form. The plan is simulated from the initial arrangement; every action must be
/// legal, and the answer is correct iff the goal arrangement is reached with an empty hand after the last action.
/// Any valid plan counts. The accepted grammar is <see cref="GrammarForQuestions"/>; see docs/suites.md.
/// </summary>
public sealed partial class PlanChecker : IAnswerChecker
{
    public const string InitialKey = "initial";
    public const string GoalKey = "goal";

    /// <summary>The plan format, worded for a question; suites paste it verbatim so the model and the checker agree.</summary>
    public const string GrammarForQuestions =
        "Write the plan as one action per line, using only these actions (X and Y are block names):\n" +
        "pick up X   (X is clear and on the table, your hand is empty)\n" +
        "put down X   (you hold X; it goes on the table)\n" +
        "unstack X from Y   (X is clear and on Y, your hand is empty)\n" +
        "stack X on Y   (you hold X and Y is clear)\n" +
        "You hold at most one block. Instead of these four actions you may write moves: \"move X onto Y\" or \"move X onto table\" (X must be clear, and Y too).";

    public string Version => "plan/1";

    public AnswerCheck Check(Item item, string answer)
    {
        if (!item.Metadata.TryGetValue(InitialKey, out var initialText) || !item.Metadata.TryGetValue(GoalKey, out var goalText))
            return AnswerCheck.Wrong("the item has no 'initial' and 'goal' metadata to simulate");
        BlocksWorld world, goal;
        try { world = BlocksWorld.Parse(initialText); goal = BlocksWorld.Parse(goalText); }
        catch (FormatException error) { return AnswerCheck.Wrong($"the item's arrangement is invalid: {error.Message}"); }

        if (!TryParsePlan(answer, out var actions, out var problem)) return AnswerCheck.Wrong(problem);

        string? holding = null;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var error = Apply(ref world, ref holding, action);
            if (error is not null) return AnswerCheck.Wrong($"step {i + 1} '{action.Text}': {error}");
        }
        if (holding is not null) return AnswerCheck.Wrong($"the plan ends holding {holding}; the goal needs every block placed");
        return world.SameArrangement(goal)
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"the plan ends in '{world}', not the goal '{goal}'");
    }

    private static string? Apply(ref BlocksWorld world, ref string? holding, PlanAction action)
    {
        foreach (var block in new[] { action.Block, action.Target, action.From })
            if (block is not null && block != BlocksWorld.Table && !world.Contains(block))
                return $"there is no block {block} in this problem";

        var x = action.Block;
        switch (action.Verb)
        {
            case Verb.PickUp:
                if (holding is not null) return $"the hand already holds {holding}";
                if (world.Below(x) != BlocksWorld.Table) return $"{x} is not on the table (it is on {world.Below(x)}); use unstack";
                if (!world.IsClear(x)) return $"{x} is not clear";
                holding = x;
                world = world.With(x, Held);
                return null;
            case Verb.PutDown:
                if (holding != x) return holding is null ? $"the hand is empty, not holding {x}" : $"the hand holds {holding}, not {x}";
                holding = null;
                world = world.With(x, BlocksWorld.Table);
                return null;
            case Verb.Unstack:
                if (holding is not null) return $"the hand already holds {holding}";
                if (world.Below(x) != action.From) return $"{x} is not on {action.From} (it is on {Where(world.Below(x))})";
                if (!world.IsClear(x)) return $"{x} is not clear";
                holding = x;
                world = world.With(x, Held);
                return null;
            case Verb.Stack:
                if (holding != x) return holding is null ? $"the hand is empty, not holding {x}" : $"the hand holds {holding}, not {x}";
                if (action.Target == x) return $"{x} cannot be stacked on itself";
                if (!world.IsClear(action.Target!)) return $"{action.Target} is not clear";
                holding = null;
                world = world.With(x, action.Target!);
                return null;
            default: // Move
                if (holding is not null) return $"the hand holds {holding}; put it down before moving";
                if (action.From is not null && world.Below(x) != action.From) return $"{x} is not on {Where(action.From)} (it is on {Where(world.Below(x))})";
                if (!world.IsClear(x)) return $"{x} is not clear";
                if (action.Target == x) return $"{x} cannot be moved onto itself";
                if (action.Target != BlocksWorld.Table && !world.IsClear(action.Target!)) return $"{action.Target} is not clear";
                world = world.With(x, action.Target!);
                return null;
        }
    }

    // A held block stands on a pseudo-place so that nothing counts as being on it and it is not on the table.
    private const string Held = "\u0000hand";

    private static string Where(string place) => place == BlocksWorld.Table ? "the table" : place;

    private enum Verb { PickUp, PutDown, Unstack, Stack, Move }

    private sealed record PlanAction(Verb Verb, string Block, string? Target, string? From, string Text);

    [GeneratedRegex(@"\r?\n|;|\s/\s|,\s*(?:and\s+)?(?:then\s+)?|(?<![0-9])\.\s+|\s+then\s+|\s+and\s+(?=(?:pick|put|unstack|stack|move)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepSeparator();

    [GeneratedRegex(@"^(?:step\s*[0-9]+\s*[:.)-]?|[0-9]+\s*[.):-]|[-*•]|then\b|and\b|first\b|next\b|finally\b|,)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepPrefix();

    [GeneratedRegex(@"\b(?:the|block)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    [GeneratedRegex(@"^\(?\s*(?:pick[\s-]?up\s+(?<x>\w+)|put[\s-]?down\s+(?<x>\w+)|put\s+(?<x>\w+)\s+down)\s*\)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PickOrPut();

    [GeneratedRegex(@"^\(?\s*unstack\s+(?<x>\w+)\s+(?:(?:from|off)\s+(?:on\s+top\s+of\s+|of\s+)?)?(?<y>\w+)\s*\)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnstackPattern();

    [GeneratedRegex(@"^\(?\s*(?:stack|put)\s+(?<x>\w+)\s+(?:(?:on\s+top\s+of|onto|on)\s+)?(?<y>\w+)\s*\)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StackPattern();

    [GeneratedRegex(@"^\(?\s*move\s+(?<x>\w+)(?:\s+from\s+(?<from>\w+))?\s+(?:on\s+top\s+of|onto|on|to)\s+(?<y>\w+)\s*\)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MovePattern();

    private static bool TryParsePlan(string answer, out List<PlanAction> actions, out string problem)
    {
        actions = [];
        problem = "";
        var steps = StepSeparator().Split(answer)
            .Select(s => s.Trim().Trim('`', '*').Trim())
            .Where(s => s.Length > 0)
            .ToList();
        foreach (var raw in steps)
        {
            var step = raw;
            for (var previous = ""; previous != step;) { previous = step; step = StepPrefix().Replace(step, "").Trim(); }
            step = Filler().Replace(step.TrimEnd('.', '!', ';'), "").Trim();
            if (step.Length == 0) continue;
            var action = ParseAction(step, raw);
            if (action is null)
            {
                problem = $"step {actions.Count + 1} '{NumberText.Shorten(raw)}' is not an action; use pick up X, put down X, unstack X from Y, stack X on Y, or move X onto Y/table";
                return false;
            }
            actions.Add(action);
        }
        if (actions.Count == 0) { problem = "the plan has no actions"; return false; }
        return true;
    }

    private static PlanAction? ParseAction(string step, string raw)
    {
        Match m;
        if ((m = PickOrPut().Match(step)).Success)
        {
            var verb = step.TrimStart('(').TrimStart().StartsWith("pick", StringComparison.OrdinalIgnoreCase) ? Verb.PickUp : Verb.PutDown;
            return new PlanAction(verb, Name(m.Groups["x"].Value), null, null, raw);
        }
        if ((m = UnstackPattern().Match(step)).Success)
            return new PlanAction(Verb.Unstack, Name(m.Groups["x"].Value), null, Name(m.Groups["y"].Value), raw);
        if ((m = MovePattern().Match(step)).Success)
            return new PlanAction(Verb.Move, Name(m.Groups["x"].Value), Name(m.Groups["y"].Value),
                m.Groups["from"].Success ? Name(m.Groups["from"].Value) : null, raw);
        if ((m = StackPattern().Match(step)).Success)
        {
            var target = Name(m.Groups["y"].Value);
            // "put A on table" is a put-down, not a stack.
            return target == BlocksWorld.Table
                ? new PlanAction(Verb.PutDown, Name(m.Groups["x"].Value), null, null, raw)
                : new PlanAction(Verb.Stack, Name(m.Groups["x"].Value), target, null, raw);
        }
        return null;
    }

    // Block names are upper case in every suite; "table" is the one lower-case place.
    private static string Name(string word) =>
        word.Equals(BlocksWorld.Table, StringComparison.OrdinalIgnoreCase) ? BlocksWorld.Table : word.ToUpperInvariant();
}
