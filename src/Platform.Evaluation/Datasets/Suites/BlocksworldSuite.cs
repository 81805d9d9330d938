using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Blocksworld planning: rearrange stacks of lettered blocks from an initial arrangement into a goal
/// arrangement (always different from the initial one; every goal is reachable because any block can be set on
/// the table). The target is the plan of <see cref="Plan"/>; the checker simulates any plan the model gives.
/// </summary>
public sealed class BlocksworldSuite : ISuiteGenerator
{
    public string Name => "blocksworld";
    public string Version => "1";
    public TaskType TaskType => TaskType.Planning;
    public AnswerKind AnswerKind => AnswerKind.Plan;
    public string Description => "Blocksworld: give a plan of pick up / put down / unstack / stack actions that turns the initial stacks into the goal stacks; level sets the number of blocks.";

    public IReadOnlyList<LevelKnob> Levels { get; } =
    [
        new(1, "3 blocks"), new(2, "4 blocks"), new(3, "5 blocks"), new(4, "6 blocks"), new(5, "7 blocks"),
    ];

    public static int BlocksFor(int level) => level + 2;

    public Item Generate(int level, SplitMix64 random, string id)
    {
        var blocks = Enumerable.Range(0, BlocksFor(level)).Select(i => ((char)('A' + i)).ToString()).ToList();
        var initial = RandomArrangement(blocks, random);
        BlocksWorld goal;
        do goal = RandomArrangement(blocks, random); while (goal.SameArrangement(initial));
        return CreateItem(id, level, initial, goal);
    }

    public static Item CreateItem(string id, int level, BlocksWorld initial, BlocksWorld goal)
    {
        var plan = Plan(initial, goal);
        var names = string.Join(", ", initial.Blocks.Order(StringComparer.Ordinal));
        var question =
            $"You are playing with blocks {names}. Initially: {string.Join(' ', initial.Describe())} " +
            $"Your goal is this arrangement: {string.Join(' ', goal.Describe())} " +
            "Your hand is empty at the start and must be empty at the end.\n" +
            PlanChecker.GrammarForQuestions;
        return new Item(id, level, question, string.Join('\n', plan), Item.NoChoices, new Dictionary<string, string>
        {
            [PlanChecker.InitialKey] = initial.ToString(),
            [PlanChecker.GoalKey] = goal.ToString(),
            ["reference-steps"] = plan.Count.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static BlocksWorld RandomArrangement(IReadOnlyList<string> blocks, SplitMix64 random)
    {
        var order = blocks.ToList();
        random.Shuffle(order);
        var stacks = new List<List<string>>();
        foreach (var block in order)
        {
            if (stacks.Count == 0 || random.Chance(40)) stacks.Add([block]);
            else random.Pick(stacks).Add(block);
        }
        return BlocksWorld.FromStacks(stacks);
    }

    /// <summary>
    /// A simple complete planner: blocks already resting on their goal support (all the way down) stay; every other
    /// block is cleared to the table top-down; then goal stacks are built bottom-up. At most two moves per block.
    /// </summary>
    public static IReadOnlyList<string> Plan(BlocksWorld initial, BlocksWorld goal)
    {
        var plan = new List<string>();
        var world = initial;
        bool WellPlaced(BlocksWorld w, string block)
        {
            for (var b = block; b != BlocksWorld.Table; b = w.Below(b))
                if (w.Below(b) != goal.Below(b)) return false;
            return true;
        }

        foreach (var stack in initial.Stacks())
        {
            var firstMisplaced = Enumerable.Range(0, stack.Count).FirstOrDefault(i => !WellPlaced(initial, stack[i]), -1);
            if (firstMisplaced < 0) continue;
            for (var i = stack.Count - 1; i >= Math.Max(firstMisplaced, 1); i--)
            {
                plan.Add($"unstack {stack[i]} from {stack[i - 1]}");
                plan.Add($"put down {stack[i]}");
                world = world.With(stack[i], BlocksWorld.Table);
            }
        }

        foreach (var stack in goal.Stacks())
            for (var i = 1; i < stack.Count; i++)
            {
                if (WellPlaced(world, stack[i])) continue;
                plan.Add($"pick up {stack[i]}");
                plan.Add($"stack {stack[i]} on {stack[i - 1]}");
                world = world.With(stack[i], stack[i - 1]);
            }
        return plan;
    }
}
