using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Web.Tests.Pages;

public sealed class SubmitPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task Anonymous_visitors_are_asked_to_sign_in_first()
    {
        var response = await site.CreateClient().GetAsync("/submit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_signed_in_member_submits_and_lands_on_the_submission_page()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["suite"] = "arithmetic",
            ["style"] = Forms.Many("direct", "cot"),
            ["limit"] = "3",
            ["temperature"] = "0",
            ["maxTokens"] = "64",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.AbsolutePath;
        Assert.Matches("^/submissions/[0-9]+$", location);
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..]);
        var submission = await db.Submissions.Include(s => s.Runs).Include(s => s.User).Include(s => s.Suites).SingleAsync(s => s.Id == id);
        Assert.Equal("arithmetic", submission.Suites.Single().Name);
        Assert.All(submission.Runs, r => Assert.NotNull(r.HangfireJobId));
        Assert.Equal(site.Alpha.Id, submission.ModelId);
        Assert.Equal(SeededSite.MemberName, submission.User!.UserName);
        Assert.Equal(3, submission.ItemLimit);
        Assert.Equal(2, submission.Runs.Count);
        Assert.All(submission.Runs, r => Assert.Equal(RunState.Queued, r.State));
        Assert.Contains("\"maxTokens\":64", submission.DecodingSettingsJson.Replace(" ", ""));

        var page = await Html.GetAsync(client, location);
        Assert.Equal(2, page.QuerySelectorAll("table.runs tbody tr").Length);
        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
    }

    [Fact]
    public async Task A_vote_submitted_with_ties_as_no_majority_runs_the_tie_rule_of_its_own()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["suite"] = "arithmetic",
            ["style"] = "cot",
            ["samples"] = "3",
            ["limit"] = "2",
            ["voteTies"] = "none",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.AbsolutePath;
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..]);
        var run = await db.Runs.Include(r => r.Style).SingleAsync(r => r.SubmissionId == id);
        Assert.Equal(("cot+sc3", "1+sc1-ties-none"), (run.StyleLabel, run.Style.Version));
        Assert.Contains("\"tieRule\":\"None\"", run.Style.ParametersJson.Replace(" ", ""));
    }

    [Fact]
    public async Task Ties_as_no_majority_without_a_vote_are_refused_and_the_choice_kept()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();
        var before = await db.Submissions.CountAsync();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["suite"] = "arithmetic",
            ["style"] = "cot",
            ["voteTies"] = "none",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("voteTies applies to a vote", page.QuerySelector(".error-note")!.TextContent);
        Assert.Equal("none", page.QuerySelector("select[name=voteTies] option[selected]")!.GetAttribute("value"));
        Assert.Equal(before, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task A_submission_without_suites_or_with_bad_numbers_is_refused_and_the_form_kept()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();
        var before = await db.Submissions.CountAsync();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["style"] = "direct",
            ["temperature"] = "warm",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("'warm' is not a number", page.QuerySelector(".error-note")!.TextContent);
        Assert.Equal("warm", page.QuerySelector("input[name=temperature]")!.GetAttribute("value"));
        Assert.Equal(before, await db.Submissions.CountAsync());

        var noSuite = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["style"] = "direct",
        });
        Assert.Contains("Give 1 to 20 suites", Html.Parse(await noSuite.Content.ReadAsStringAsync()).QuerySelector(".error-note")!.TextContent);
        Assert.Equal(before, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task A_model_registered_by_url_on_the_page_is_preselected_for_submission()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        var name = $"gamma-{Guid.NewGuid():N}"[..14];

        var response = await Forms.PostAsync(client, "/submit", "form.register-form", new()
        {
            ["name"] = name,
            ["url"] = "https://models.example.org/gamma-q4_k_m.gguf",
            ["sha256"] = new string('e', 64),
            ["quantization"] = "q4_k_m",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = site.Database.CreateContext();
        var model = await db.Models.SingleAsync(m => m.Name == name);
        Assert.Equal("Q4_K_M", model.Quantization);
        Assert.Equal($"/submit?model={model.Id}", response.Headers.Location!.PathAndQuery);
        var page = await Html.GetAsync(client, response.Headers.Location.PathAndQuery);
        Assert.Equal(model.Name, page.QuerySelector("select[name=model] option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_model_url_that_is_not_https_is_refused_with_the_reason()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);

        var response = await Forms.PostAsync(client, "/submit", "form.register-form", new()
        {
            ["name"] = "plain-http-model",
            ["url"] = "http://models.example.org/x.gguf",
            ["sha256"] = new string('e', 64),
        });

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("is not an https URL", page.QuerySelector("form.register-form .error-note")!.TextContent);
        Assert.Equal("http://models.example.org/x.gguf", page.QuerySelector("form.register-form input[name=url]")!.GetAttribute("value"));
        await using var db = site.Database.CreateContext();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "plain-http-model"));
    }

    [Theory]
    [InlineData("https://alice:s3cr3t-pw@models.example.org/x.gguf", "https://models.example.org/x.gguf")]
    [InlineData("http://alice:s3cr3t-pw@models.example.org/x.gguf", "http://models.example.org/x.gguf")]
    [InlineData("https://alice:s3cr3t/pw@models.example.org/x.gguf", "https://models.example.org/x.gguf")]
    [InlineData("alice:s3cr3t-pw@models.example.org/x.gguf", "models.example.org/x.gguf")]
    public async Task A_refused_model_url_comes_back_without_its_credentials(string url, string shownBack)
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);

        var response = await Forms.PostAsync(client, "/submit", "form.register-form", new()
        {
            ["name"] = "credential-model",
            ["url"] = url,
            ["sha256"] = new string('e', 64),
        });

        var body = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(body);
        Assert.NotNull(page.QuerySelector("form.register-form .error-note"));
        Assert.Equal(shownBack, page.QuerySelector("form.register-form input[name=url]")!.GetAttribute("value"));
        Assert.DoesNotContain("s3cr3t", body);
        Assert.DoesNotContain("alice", body);
        await using var db = site.Database.CreateContext();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "credential-model"));
    }

    [Fact]
    public async Task A_page_form_posted_without_the_anti_forgery_token_is_rejected_and_signs_nobody_in()
    {
        var client = site.CreateClient();

        var response = await Forms.PostAsync(client, "/account/login", "form.signin-form", new()
        {
            ["Input.UserName"] = SeededSite.AdminName,
            ["Input.Password"] = SeededSite.Password,
        }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("thoughtboard=")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_on_the_sign_in_page_are_refused_with_a_message()
    {
        var response = await Forms.PostAsync(site.CreateClient(), "/account/login", "form.signin-form", new()
        {
            ["Input.UserName"] = SeededSite.MemberName,
            ["Input.Password"] = "wrong",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or the password is wrong", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-note")!.TextContent);
    }
}
