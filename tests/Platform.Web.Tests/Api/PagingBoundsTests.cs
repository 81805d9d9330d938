using System.Net;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

/// <summary>Page numbers that once overflowed into a negative OFFSET (a 500) are answered with a 400 problem by the API.</summary>
public sealed class PagingBoundsTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Theory]
    [InlineData("/api/leaderboard?page=2147483647")]
    [InlineData("/api/leaderboard?page=100001")]
    [InlineData("/api/leaderboard?page=0")]
    public async Task The_anonymous_leaderboard_refuses_a_page_out_of_range(string url)
    {
        await using var app = new ApiTestApp(database.Database);

        var problem = await AuthTests.AssertProblemAsync(await app.CreateClient().GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains("between 1 and 100000", problem.GetProperty("errors").GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task Run_items_and_submissions_refuse_a_page_out_of_range()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();

        var items = await AuthTests.AssertProblemAsync(await client.GetAsync("/api/runs/1/items?page=2147483647"), HttpStatusCode.BadRequest);
        var submissions = await AuthTests.AssertProblemAsync(await client.GetAsync("/api/submissions?page=2147483647"), HttpStatusCode.BadRequest);

        Assert.Contains("100000", items.GetProperty("errors").GetProperty("page")[0].GetString());
        Assert.Contains("100000", submissions.GetProperty("errors").GetProperty("page")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/leaderboard?page=100000")).StatusCode);
    }
}
