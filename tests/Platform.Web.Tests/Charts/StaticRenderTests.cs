using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

/// <summary>
/// Renders through <see cref="HtmlRenderer"/>, the renderer behind static server-side rendering, and checks the raw
/// markup a browser receives: SVG attribute casing, SVG &lt;text&gt; elements surviving Razor, invariant numbers.
/// </summary>
public class StaticRenderTests
{
    private static async Task<string> RenderHtml<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    public static TheoryData<string> Charts => ["heatmap", "line", "scatter", "scatter-log", "bar"];

    private static Task<string> RenderChart(string chart) => chart switch
    {
        "heatmap" => RenderHtml<AccuracyHeatmap>(new() { ["Title"] = "Heatmap", ["Cells"] = SampleData.Heatmap }),
        "line" => RenderHtml<AccuracyLineChart>(new() { ["Title"] = "Levels", ["Series"] = SampleData.Levels }),
        "scatter" => RenderHtml<ParetoScatterChart>(new() { ["Title"] = "Cost", ["Points"] = SampleData.Scatter }),
        "scatter-log" => RenderHtml<ParetoScatterChart>(new() { ["Title"] = "Cost", ["Points"] = SampleData.Scatter, ["LogTokens"] = true }),
        "bar" => RenderHtml<AccuracyBar>(new() { ["Value"] = 0.72, ["Low"] = 0.64, ["High"] = 0.79 }),
        _ => throw new ArgumentOutOfRangeException(nameof(chart), chart, null),
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Static_markup_is_well_formed_svg_with_text_and_invariant_numbers(string chart)
    {
        var html = await RenderChart(chart);

        Assert.Contains("viewBox=\"0 0 ", html);
        Assert.Contains("role=\"img\"", html);
        Assert.Matches(new Regex("<text [^>]*>[^<]+</text>"), html);
        // Coordinates are plain decimals: no thousands separators or comma decimals inside numeric attributes.
        Assert.DoesNotMatch(new Regex("\\b(x|y|width|height|x1|x2|y1|y2)=\"[^\"]*,[^\"]*\""), html);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Same_input_gives_identical_markup(string chart)
    {
        Assert.Equal(await RenderChart(chart), await RenderChart(chart));
    }

    [Fact]
    public async Task Names_are_encoded_not_injected()
    {
        var html = await RenderHtml<ParetoScatterChart>(new()
        {
            ["Title"] = "Cost",
            ["Points"] = new[] { new ScatterPoint("<script>alert(1)</script>", 10, 0.5) },
        });

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Long_title_widens_the_frame_so_it_is_not_clipped()
    {
        var title = new string('W', 120);
        var chart = await RenderHtml<AccuracyHeatmap>(new() { ["Title"] = title, ["Cells"] = new[] { new HeatmapCell("A", "B", 0.5) } });

        var width = double.Parse(Regex.Match(chart, "<svg[^>]* width=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(width >= ChartFormat.EstimateTextWidth(title, ChartMetrics.TitleFontSize), $"Frame is {width} wide.");
    }
}
