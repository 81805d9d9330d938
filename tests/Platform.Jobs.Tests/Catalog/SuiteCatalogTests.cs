using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;

namespace Platform.Jobs.Tests.Catalog;

public sealed class SuiteCatalogTests
{
    [Fact]
    public void Built_in_suites_hold_the_generators_items_ordered_round_robin_over_levels()
    {
        var suite = SuiteCatalog.BuiltIn("arithmetic");
        var generated = BuiltInSuites.Build("arithmetic", SuiteCatalog.BuiltInSeed, SuiteCatalog.BuiltInItemsPerLevel);

        Assert.Equal(generated.Version, suite.Version);
        Assert.Equal(generated.Items.Select(i => i.Id).Order(), suite.Items.Select(i => i.Id).Order());
        Assert.Equal([1, 2, 3, 4, 5, 1, 2], suite.Items.Take(7).Select(i => i.Level));
        Assert.Equal(generated.Items.Single(i => i.Id == suite.Items[5].Id).ContentHash, suite.Items[5].ContentHash);
    }

    [Fact]
    public void A_level_spec_keeps_only_those_levels_and_a_limit_takes_the_first_items()
    {
        var suite = SuiteCatalog.BuiltIn("game24@2-3", seed: 11, itemsPerLevel: 4);

        Assert.Equal(8, suite.Items.Count);
        Assert.All(suite.Items, i => Assert.InRange(i.Level, 2, 3));
        var limited = SuiteCatalog.Limit(suite, 3);
        Assert.Equal(suite.Items.Take(3).Select(i => i.Id), limited.Items.Select(i => i.Id));
        Assert.Equal(suite.Version, limited.Version);
        Assert.Same(suite, SuiteCatalog.Limit(suite, null));
        Assert.Same(suite, SuiteCatalog.Limit(suite, 100));
    }

    [Fact]
    public void The_seed_changes_the_items()
    {
        Assert.NotEqual(SuiteCatalog.BuiltIn("symbolic", seed: 1).ContentHash, SuiteCatalog.BuiltIn("symbolic", seed: 2).ContentHash);
        Assert.Equal(SuiteCatalog.BuiltIn("symbolic", seed: 1).ContentHash, SuiteCatalog.BuiltIn("symbolic", seed: 1).ContentHash);
    }

    [Theory]
    [InlineData("deduction")]   // multiple choice
    [InlineData("game24")]      // metadata the checker needs
    [InlineData("blocksworld")]
    public void A_stored_suite_reads_back_with_the_same_content_hash(string name)
    {
        var suite = SuiteCatalog.BuiltIn(name, itemsPerLevel: 3);

        var stored = SuiteCatalog.ToStored(suite, SuiteSource.Builtin, DateTimeOffset.UnixEpoch);
        var read = SuiteCatalog.FromStored(stored);

        Assert.Equal(suite.ContentHash, stored.ContentHash);
        Assert.Equal(suite.ContentHash, read.ContentHash);
        Assert.Equal(suite.TaskType, read.TaskType);
        Assert.Equal(suite.AnswerKind, read.AnswerKind);
        Assert.Equal(suite.Checker.Version, read.Checker.Version);
        Assert.Equal(Enumerable.Range(0, suite.Items.Count), stored.Items.Select(i => i.Position));
    }

    [Fact]
    public void A_stored_suite_with_an_unknown_answer_kind_is_refused_with_its_name()
    {
        var stored = SuiteCatalog.ToStored(SuiteCatalog.BuiltIn("symbolic", itemsPerLevel: 1), SuiteSource.Imported, DateTimeOffset.UnixEpoch);
        stored.AnswerKind = "Haiku";

        var error = Assert.Throws<FormatException>(() => SuiteCatalog.FromStored(stored));
        Assert.Contains("'symbolic'", error.Message);
        Assert.Contains("Haiku", error.Message);
    }
}
