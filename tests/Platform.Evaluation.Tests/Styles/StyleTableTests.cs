using Platform.Evaluation.Styles;

namespace Platform.Evaluation.Tests.Styles;

public class StyleTableTests
{
    [Fact]
    public void Table_names_every_style_and_each_factory_builds_the_named_style()
    {
        Assert.Equal(
            ["direct", "cot", "cod", "sot", "aot", "tot", "tot-experts",
             "stylebench-cot", "stylebench-tot", "stylebench-aot", "stylebench-cod", "stylebench-sot"],
            StyleTable.Names);
        Assert.All(StyleTable.Styles, entry => Assert.Equal(entry.Key, entry.Value().Name));
        Assert.All(StyleTable.Styles, entry => Assert.False(string.IsNullOrEmpty(entry.Value().Version)));
    }

    [Fact]
    public void Samples_wrap_the_style_in_self_consistency_and_the_label_form_does_the_same()
    {
        var byCount = StyleTable.Create("tot", samples: 4);
        var byLabel = StyleTable.Create("tot+sc4");
        Assert.Equal("tot+sc4", byCount.Label);
        Assert.Equal(byCount.Parameters, byLabel.Parameters);
        Assert.Equal("direct", StyleTable.Create("direct").Label);
    }

    [Theory]
    [InlineData("socratic", "Known styles: direct, cot")]
    [InlineData("cot+scX", "number of samples")]
    [InlineData("cot+sc1", "number of samples")]
    public void Bad_names_are_refused_with_what_to_write_instead(string name, string hint)
    {
        var error = Assert.Throws<ArgumentException>(() => StyleTable.Create(name));
        Assert.Contains(hint, error.Message);
    }
}

public class StyleDeclarationTests
{
    [Fact]
    public void Every_style_describes_itself_and_a_vote_describes_its_inner_style()
    {
        Assert.All(StyleTable.Styles, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value().Description)));
        var voted = StyleTable.Create("cod+sc3", tieRule: Platform.Evaluation.Metrics.VoteTieRule.None);
        Assert.StartsWith("Self-consistency: majority vote over 3 sampled answers of 'cod'. A tie is no majority.", voted.Description);
        Assert.EndsWith(ChainOfDraft.Description, voted.Description);
    }

    [Theory]
    [InlineData("direct", """{"style":"direct"}""")]
    [InlineData("cot", """{"style":"cot"}""")]
    [InlineData("cod", """{"style":"cod","MaxWordsPerStep":5,"FewShotExamples":3}""")]
    [InlineData("sot", """{"style":"sot","Paradigm":null}""")]
    [InlineData("aot", """{"style":"aot"}""")]
    [InlineData("tot", """{"style":"tot","Proposals":3,"Breadth":2,"Depth":3,"ProposalTemperature":0.7,"ThoughtMaxTokens":160,"RatingMaxTokens":48}""")]
    [InlineData("tot-experts", """{"style":"tot-experts","Experts":3}""")]
    [InlineData("stylebench-cod", """{"style":"stylebench","Strategy":3,"Decoding":{"Temperature":0,"MaxTokens":512,"LongMaxTokens":2048,"ContextTokens":8192}}""")]
    [InlineData("cot+sc5", """{"style":"sc","Samples":5,"Temperature":0.7,"InnerName":"cot","InnerVersion":"1","Inner":{"style":"cot"}}""")]
    public void Parameters_keep_the_json_every_stored_run_was_hashed_with(string label, string json)
    {
        var parameters = StyleTable.Create(label).Parameters;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(parameters));
        Assert.Equal(parameters, System.Text.Json.JsonSerializer.Deserialize<StyleParameters>(json));
    }

    [Fact]
    public void A_single_prompt_needs_its_prompt_and_output_and_tree_search_needs_room_for_its_path()
    {
        var cot = StyleTable.Create("cot");
        Assert.Equal(300 + 512, cot.Budget(300, 512));
        Assert.Same(cot.SinglePrompt, cot.PromptToMeasure);

        var tot = TreeOfThought.Create(new TreeOfThoughtParameters(Depth: 2, ThoughtMaxTokens: 100, RatingMaxTokens: 40));
        Assert.Null(tot.SinglePrompt);
        // 300 measured + 384 instructions + 2 thoughts of 100 tokens at 1.5 + the larger of 512 and the step limits.
        Assert.Equal(300 + 384 + 300 + 512, tot.Budget(300, 512));
        Assert.Equal(300 + 384 + 300 + 100, tot.Budget(300, 50));

        var votedTree = SelfConsistency.Wrap(tot, 3);
        Assert.Equal(tot.Budget(300, 512), votedTree.Budget(300, 512));
        Assert.Same(tot.PromptToMeasure, votedTree.PromptToMeasure);
    }
}
