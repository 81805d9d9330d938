using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Api;
using Platform.Web.Tests.Auth;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Submissions;

/// <summary>The submit page and <c>POST /api/submissions</c> are one path: the same checks, limits, owner and hash.</summary>
public sealed class SubmissionPathTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "a long enough password";

    private static Dictionary<string, string> Form(params (string Field, string Value)[] overrides)
    {
        var form = new Dictionary<string, string> { ["suite"] = "arithmetic", ["style"] = Forms.Many("direct", "cot"), ["limit"] = "3" };
        foreach (var (field, value) in overrides)
        {
            form[field] = value;
        }
        return form;
    }

    private static async Task<int> SubmissionsOfModelAsync(ApiTestApp app, LanguageModel model)
    {
        await using var db = app.Db();
        return await db.Submissions.CountAsync(s => s.ModelId == model.Id);
    }

    [Fact]
    public async Task An_api_key_is_refused_on_the_submit_page_and_its_form_post_stores_nothing()
    {
        await using var app = new ApiTestApp(database.Database);
        var (keyClient, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var pageClient = app.CreateClient(new() { AllowAutoRedirect = false });
        pageClient.DefaultRequestHeaders.Authorization = keyClient.DefaultRequestHeaders.Authorization;

        var page = await pageClient.GetAsync("/submit");
        var post = await pageClient.PostAsync("/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "submit-evaluation", ["model"] = model.Name, ["suite"] = "arithmetic", ["style"] = "direct", ["temperature"] = "5",
        }));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/account/login", post.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await SubmissionsOfModelAsync(app, model));
    }

    [Theory]
    [InlineData("temperature", "5", "temperature must be between 0 and 2")]
    [InlineData("queue", "7", "'7' is not a queue")]
    [InlineData("maxTokens", "100000", "maxTokens must be between 1 and")]
    [InlineData("samples", "1000", "samples must be between 1 and")]
    [InlineData("seed", "-1", "seed must be zero or positive")]
    public async Task The_page_refuses_what_the_api_refuses_and_stores_nothing(string field, string value, string message)
    {
        await using var app = new ApiTestApp(database.Database);
        var member = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member), Password);
        var model = await app.AddModelAsync();

        var response = await Forms.PostAsync(member, $"/submit?model={model.Id}", "form.submit-form", Form((field, value)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-note")!.TextContent);
        Assert.Equal(0, await SubmissionsOfModelAsync(app, model));
    }

    [Fact]
    public async Task The_page_counts_against_the_users_live_run_cap()
    {
        await using var app = new ApiTestApp(database.Database, new Dictionary<string, string?> { ["Api:MaxLiveRunsPerRequester"] = "3" });
        var member = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member), Password);
        var model = await app.AddModelAsync();

        var first = await Forms.PostAsync(member, $"/submit?model={model.Id}", "form.submit-form", Form());
        var second = await Forms.PostAsync(member, $"/submit?model={model.Id}", "form.submit-form", Form(("seed", "9")));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("You have 2 runs queued or running and this submission adds 2",
            Html.Parse(await second.Content.ReadAsStringAsync()).QuerySelector(".error-note")!.TextContent);
        Assert.Equal(1, await SubmissionsOfModelAsync(app, model));
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_key_cannot_pass_its_live_run_cap_together()
    {
        await using var app = new ApiTestApp(database.Database, new Dictionary<string, string?> { ["Api:MaxLiveRunsPerRequester"] = "3" });
        var (client, key) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        object Request(int seed) => new { model = model.Name, suites = new[] { "arithmetic" }, styles = new[] { "direct" }, limit = 2, seed };
        // One run first, so the suite and style rows exist and the parallel requests race only for the cap.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/submissions", Request(100))).StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(seed => Task.Run(() => client.PostAsJsonAsync("/api/submissions", Request(seed)))));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        await using var db = app.Db();
        Assert.Equal(3, await db.Runs.CountAsync(r => r.Submission!.ApiKeyId == key.Id && r.State == RunState.Queued));
    }

    [Fact]
    public async Task A_page_submission_belongs_to_its_user_and_the_same_experiment_through_the_api_is_its_duplicate()
    {
        await using var app = new ApiTestApp(database.Database);
        var user = await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member);
        var member = await app.SignedInClientAsync(user, Password);
        var model = await app.AddModelAsync();

        var page = await Forms.PostAsync(member, $"/submit?model={model.Id}", "form.submit-form", Form(("temperature", "0"), ("maxTokens", "64")));
        var id = long.Parse(page.Headers.Location!.OriginalString.Split('/').Last());
        var api = await member.PostAsJsonAsync("/api/submissions", new
        {
            model = model.Name, suites = new[] { "arithmetic" }, styles = new[] { "cot", "direct" }, settings = new { temperature = 0, maxTokens = 64 }, limit = 3,
        });

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(id, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicateOf").GetInt64());
        await using var db = app.Db();
        var stored = await db.Submissions.SingleAsync(s => s.Id == id);
        Assert.Equal(user.Id, stored.UserId);
        Assert.Null(stored.ApiKeyId);
        Assert.Equal(1, await SubmissionsOfModelAsync(app, model));
    }

    [Fact]
    public async Task When_enqueueing_fails_nothing_is_stored_and_no_run_is_left_queued()
    {
        var jobs = new FailingJobClient(failOnCreate: 2);
        await using var app = new ApiTestApp(database.Database, services: s => s.AddSingleton<IBackgroundJobClient>(jobs));
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var member = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member), Password);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = JsonContent.Create(new { model = model.Name, suites = new[] { "arithmetic" }, styles = new[] { "direct", "cot" }, limit = 2 }),
        };
        request.Headers.Add("Idempotency-Key", "enqueue-fails");
        var api = await client.SendAsync(request);
        var page = await Forms.PostAsync(member, $"/submit?model={model.Id}", "form.submit-form", Form());

        var problem = await AuthTests.AssertProblemAsync(api, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("could not be queued", Html.Parse(await page.Content.ReadAsStringAsync()).QuerySelector(".error-note")!.TextContent);
        // The first run's job was made before the second failed; it was deleted again.
        Assert.NotEmpty(jobs.Deleted);
        Assert.Equal(jobs.Created, jobs.Deleted);
        await using var db = app.Db();
        Assert.Equal(0, await db.Submissions.CountAsync(s => s.ModelId == model.Id));
        Assert.Equal(0, await db.Runs.CountAsync(r => r.ModelId == model.Id));
        Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == "enqueue-fails"), "a failed request kept its Idempotency-Key reserved");
    }

    /// <summary>Job storage that accepts jobs until the given one, then fails every create (an outage mid-submission).</summary>
    private sealed class FailingJobClient(int failOnCreate) : IBackgroundJobClient
    {
        private int _creates;

        public List<string> Created { get; } = [];

        public List<string> Deleted { get; } = [];

        public string Create(Job job, IState state)
        {
            if (Interlocked.Increment(ref _creates) % failOnCreate == 0)
            {
                throw new InvalidOperationException("The job storage is unreachable.");
            }
            var id = Guid.NewGuid().ToString();
            lock (Created) Created.Add(id);
            return id;
        }

        public bool ChangeState(string jobId, IState state, string? expectedState)
        {
            if (state is DeletedState)
            {
                lock (Deleted) Deleted.Add(jobId);
            }
            return true;
        }
    }
}
