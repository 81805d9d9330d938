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
