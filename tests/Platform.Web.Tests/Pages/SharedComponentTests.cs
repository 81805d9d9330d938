using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Entities;
using Platform.Web.Components.Shared;
using Platform.Web.Leaderboard;

namespace Platform.Web.Tests.Pages;

public sealed class SharedComponentTests : BunitContext
{
    [Fact]
    public void Progress_prints_done_total_and_errors_and_fills_the_bar()
    {
        var progress = Render<RunProgress>(p => p.Add(c => c.Done, 3).Add(c => c.Total, 12).Add(c => c.Errors, 1));

        Assert.Equal("3 / 12 (1 with errors)", progress.Find(".progress-text").TextContent);
        Assert.Equal("12", progress.Find("progress").GetAttribute("max"));
        Assert.Equal("3", progress.Find("progress").GetAttribute("value"));
        Assert.Equal("3 of 12 items done (25%)", progress.Find(".progress").GetAttribute("title"));
    }

    [Fact]
    public void A_run_without_items_yet_shows_zero_of_zero_without_dividing_by_zero()
    {
        var progress = Render<RunProgress>(p => p.Add(c => c.Done, 0).Add(c => c.Total, 0));

        Assert.Equal("0 / 0", progress.Find(".progress-text").TextContent);
        Assert.Equal("1", progress.Find("progress").GetAttribute("max"));
    }

    [Fact]
    public void The_pager_keeps_every_other_query_parameter()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("http://localhost/runs/4?verdict=Incorrect&level=2&page=2");

        var pager = Render<Pager>(p => p.Add(c => c.Page, 2).Add(c => c.PageCount, 3));

        var links = pager.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["http://localhost/runs/4?verdict=Incorrect&level=2&page=1", "http://localhost/runs/4?verdict=Incorrect&level=2&page=3"], links);
        Assert.Contains("Page 2 of 3", pager.Markup);
    }

    [Fact]
    public void A_single_page_needs_no_pager()
    {
        var pager = Render<Pager>(p => p.Add(c => c.Page, 1).Add(c => c.PageCount, 1));

        Assert.Empty(pager.Markup.Trim());
    }

    [Fact]
    public void The_run_table_adds_an_actions_column_only_when_given_actions()
    {
        var row = new RunListRow(7, null, 1, "m", "suite", "Logic", "cot", RunState.Failed, "Out of memory.", null, 2, 5, 0, "w1",
            RunQueue.Cpu, DateTimeOffset.UnixEpoch, null, null, null, 0.5);
        RenderFragment<RunListRow> actions = run => builder => builder.AddContent(0, $"act-{run.Id}");

        var plain = Render<RunTable>(p => p.Add(c => c.Rows, [row]));
        var withActions = Render<RunTable>(p => p.Add(c => c.Rows, [row]).Add(c => c.Actions, actions));

        Assert.DoesNotContain("Actions", plain.Find("thead").TextContent);
        Assert.Equal("act-7", withActions.Find("td.actions").TextContent);
        Assert.Equal("Failed", plain.Find(".state").TextContent);
        Assert.Equal("state state-failed", plain.Find(".state").GetAttribute("class"));
        Assert.Equal("Out of memory.", plain.Find(".failure").TextContent);
        Assert.Equal("50%", plain.FindAll("td")[6].TextContent);
    }

    [Fact]
    public void The_run_table_says_what_a_running_run_waits_for()
    {
        var row = new RunListRow(8, null, 1, "m", "suite", "Logic", "cot", RunState.Running, null, "Downloading the model: 1.2 GB of 4.7 GB (26%)",
            0, 0, 0, "w1", RunQueue.Cpu, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, null);

        var table = Render<RunTable>(p => p.Add(c => c.Rows, [row]));

        Assert.Equal("Downloading the model: 1.2 GB of 4.7 GB (26%)", table.Find(".status-detail").TextContent);
    }

    [Fact]
    public void A_filter_value_from_the_url_that_no_row_has_stays_selected()
    {
        var select = Render<FacetSelect>(p => p.Add(c => c.Name, "family").Add(c => c.Values, ["alpha", "beta"]).Add(c => c.Selected, "gamma"));

        Assert.Equal(["", "alpha", "beta", "gamma"], select.FindAll("option").Select(o => o.GetAttribute("value")).ToList());
        Assert.Equal("gamma", select.Find("option[selected]").TextContent);
    }

    [Fact]
    public void Live_refresh_says_so_only_while_active()
    {
        Assert.Contains("reloads every 5 seconds", Render<LiveRefresh>(p => p.Add(c => c.Active, true)).Find(".live-note").TextContent);
        Assert.Empty(Render<LiveRefresh>(p => p.Add(c => c.Active, false)).FindAll(".live-note"));
    }
}
