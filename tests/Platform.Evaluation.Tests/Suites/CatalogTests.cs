using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Suites;

namespace Platform.Evaluation.Tests.Suites;

public class CatalogTests
{
    [Fact]
    public void Catalog_lists_the_six_built_in_suites()
    {
        Assert.Equal(["game24", "arithmetic", "deduction", "blocksworld", "algorithmic", "symbolic"], BuiltInSuites.Names);
        Assert.All(BuiltInSuites.All.Values, g => Assert.Equal([1, 2, 3, 4, 5], g.Levels.Select(l => l.Level)));
    }

    // Pinned: any change to a generator, the random stream or the seed mixing changes these and must bump Version.
    [Theory]
    [InlineData("game24", "ee3eb262afe4ad3624d543604d9fffd863a3a52cd4a5b831dfa20bef2f120ead")]
    [InlineData("arithmetic", "9186414f21f3bac7c073f4d7aa502e5301e29020f5edc42b31d53b004383f082")]
    [InlineData("deduction", "1d7ae409b48fb75875c6a0ec83fef0dde1776fba1b74c4854f1c29ddcaa952c2")]
    [InlineData("blocksworld", "27376fd9ec5d66106d5b1aeccf6dde913c69ab652afceeeb1bf88210ddeb0e35")]
    [InlineData("algorithmic", "659cf9cad7ae7c96819c6527a28a4eb16bab0cfb5a26c3a5279f84e1f66cc24f")]
    [InlineData("symbolic", "b81ac3fd23e7125c36be3f2e909755f1dcd55c8cf361066d8fdfaa50473a3396")]
    public void Same_seed_gives_the_same_suite(string name, string hash)
    {
        Assert.Equal(hash, BuiltInSuites.Build(name, 42, 2).ContentHash);
        Assert.Equal(BuiltInSuites.Build(name, 42, 2).ContentHash, BuiltInSuites.Build(name, 42, 2).ContentHash);
    }

    [Fact]
    public void First_game24_item_for_seed_42_is_pinned_in_readable_form()
    {
        var item = BuiltInSuites.Build("game24@1", 42, 1).Items.Single();
        Assert.Equal("game24-42-L1-0000", item.Id);
        Assert.Equal("2 8 8 12", item.Metadata["numbers"]);
        Assert.Equal("12+8+8/2", item.Target);
    }

    [Theory]
    [InlineData("game24")]
    [InlineData("blocksworld")]
    public void Different_seeds_give_different_items(string name) =>
        Assert.NotEqual(BuiltInSuites.Build(name, 1, 3).ContentHash, BuiltInSuites.Build(name, 2, 3).ContentHash);

    [Fact]
    public void Items_do_not_depend_on_count_or_level_filter()
    {
        var small = BuiltInSuites.Build("arithmetic@3", 9, 2).Items;
        var large = BuiltInSuites.Build("arithmetic", 9, 5).Items.Where(i => i.Level == 3).Take(2);
        Assert.Equal(small.Select(i => i.ContentHash), large.Select(i => i.ContentHash));
    }

    [Fact]
    public void Build_makes_count_items_per_requested_level_with_unique_ids_and_the_kind_checker()
    {
        var suite = BuiltInSuites.Build("deduction@2-4", 5, 3);
        Assert.Equal(9, suite.Items.Count);
        Assert.Equal([2, 2, 2, 3, 3, 3, 4, 4, 4], suite.Items.Select(i => i.Level));
        Assert.Equal(9, suite.Items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(AnswerKind.Choice, suite.AnswerKind);
        Assert.Equal("choice/1", suite.Checker.Version);
        Assert.Equal("1/seed=5/n=3/levels=2,3,4", suite.Version);
    }

    [Theory]
    [InlineData("game24@5", 60)]
    [InlineData("blocksworld@1", 60)]
    [InlineData("symbolic@1", 60)]
    [InlineData("deduction@1", 60)]
    public void Questions_do_not_repeat_within_a_level_while_new_ones_remain(string spec, int count)
    {
        var items = BuiltInSuites.Build(spec, 3, count).Items;
        Assert.Equal(count, items.Select(i => i.Question).Distinct().Count());
    }

    [Fact]
    public void Seeds_for_neighbouring_levels_and_indices_never_collide()
    {
        var seeds = new HashSet<ulong>();
        for (ulong level = 1; level <= 5; level++)
            for (ulong index = 0; index < 500; index++)
                seeds.Add(SplitMix64.Mix(SplitMix64.HashName("arithmetic"), 42, level, index));
        Assert.Equal(2500, seeds.Count);
    }

    [Fact]
    public void SplitMix64_matches_the_reference_sequence()
    {
        // First outputs of SplitMix64 seeded with 0, as published with the algorithm.
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextULong());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextULong());
        Assert.Equal(0x06C45D188009454FUL, random.NextULong());
    }

    [Theory]
    [InlineData("game24", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("Game24@3", new[] { 3 })]
    [InlineData("game24@2-4", new[] { 2, 3, 4 })]
    [InlineData("game24@5,1,3", new[] { 1, 3, 5 })]
    public void Specs_parse_levels(string spec, int[] levels)
    {
        var parsed = SuiteSpec.Parse(spec);
        Assert.Equal("game24", parsed.Name);
        Assert.Equal(levels, parsed.Levels);
    }

    [Theory]
    [InlineData("game24@0")]
    [InlineData("game24@6")]
    [InlineData("game24@4-2")]
    [InlineData("game24@x")]
    [InlineData("@3")]
    public void Bad_specs_are_rejected_with_a_message(string spec)
    {
        var error = Assert.Throws<FormatException>(() => SuiteSpec.Parse(spec));
        Assert.Contains(spec, error.Message);
    }

    [Fact]
    public void Unknown_suite_names_list_the_known_ones()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => BuiltInSuites.Build("gsm9k", 1, 1));
        Assert.Contains("game24, arithmetic, deduction, blocksworld, algorithmic, symbolic", error.Message);
    }

    [Theory]
    [InlineData("game24")]
    [InlineData("arithmetic")]
    [InlineData("deduction")]
    [InlineData("blocksworld")]
    [InlineData("algorithmic")]
    [InlineData("symbolic")]
    public void Every_generated_target_passes_its_own_checker(string name)
    {
        var suite = BuiltInSuites.Build(name, 2024, 25);
        Assert.All(suite.Items, item =>
        {
            var check = suite.Checker.Check(item, item.Target);
            Assert.True(check.IsCorrect, $"{item.Id}: {check.Reason}");
        });
    }
}
