using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Models;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Gguf;
using Platform.Testing;
using Platform.Web.Jobs;

namespace Platform.Worker.Tests.Jobs;

/// <summary>A run records which rendering formatted its prompts, the template's hash and the prompt date.</summary>
[Collection(JobServerCollection.Name)]
public sealed class ChatTemplateRecordTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const int PerLevel = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string RoleTemplate =
        "{% for m in messages %}[[{{ m['role'] }}]] {{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}[[assistant]]{% endif %}";

    /// <summary>Raises on conversations whose last message contains <paramref name="word"/>, renders the others.</summary>
    private static string PickyTemplate(string word) =>
        "{% if '" + word + "' in messages[-1]['content'] %}{{ raise_exception('not that word') }}{% endif %}" + RoleTemplate;

    private async Task<Run> RunWithTemplateAsync(string template, string decoding = """{"temperature": 0, "maxTokens": 8}""")
    {
        _ = JobTestData.TinyModelPath; // initialises the backend and fetches what the generator needs
        string path = TestModelGenerator.EnsureModel(TestModelSpec.Tiny with { ChatTemplate = template }, JobTestData.ModelDirectory);
        using var host = JobHosts.Worker(database.ConnectionString, "worker-template");
        await host.StartAsync();
        Submission submission;
        await using (var db = database.CreateContext())
        {
            var model = await JobTestData.AddModelAsync(db, path);
            var suite = await JobTestData.AddSuiteAsync(db, PerLevel);
            var style = await JobTestData.AddStyleAsync(db, "direct");
            submission = await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], decoding, Seed: 11));
        }
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, submission.Runs.Single().Id, Patience);
        await host.StopAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        return run;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task A_run_whose_template_renders_every_prompt_records_jinja_the_template_hash_and_the_date()
    {
        var run = await RunWithTemplateAsync(RoleTemplate);

        Assert.Equal(ChatTemplatePath.Jinja, run.ChatTemplatePath);
        Assert.Equal(0, run.ChatTemplateFallbackItems);
        Assert.Equal(Sha256(RoleTemplate), run.ChatTemplateSha256);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), run.PromptDate);
        // The engine and build that ran it are stored when it starts (the test worker runs the native engine).
        Assert.Equal("native", run.Engine);
        Assert.StartsWith("node-llama-cpp 3.22.1 (llama.cpp v0.5.0), cpu, libggml-cpu-", run.EngineBuild);
    }

    [Fact]
    public async Task A_template_that_raises_on_some_conversations_records_fallback_and_counts_exactly_those_items()
    {
        // A word that some of the suite's prompts contain and others do not: those items are the ones refused.
        var suite = BuiltInSuites.Build("arithmetic@1-2", 7, PerLevel);
        var prompt = StyleTable.Create("direct").SinglePrompt!;
        var questions = suite.Items.Select(item => prompt(TaskState.Start(suite, item, SamplingSettings.Greedy))[^1].Content).ToList();
        string word = new[] { "dollars", "gives", "loses", "buys", "splits", "years old", "books", "minutes" }
            .First(w => questions.Count(q => q.Contains(w)) is var n && n > 0 && n < questions.Count);
        int refused = questions.Count(q => q.Contains(word));
        string template = PickyTemplate(word);

        var run = await RunWithTemplateAsync(template);

        Assert.Equal(ChatTemplatePath.Fallback, run.ChatTemplatePath);
        Assert.Equal(refused, run.ChatTemplateFallbackItems);
        Assert.Equal(Sha256(template), run.ChatTemplateSha256);
        Assert.NotNull(run.PromptDate);
    }

    [Fact]
    public async Task The_run_s_template_arguments_reach_the_worker_s_rendering()
    {
        // Renders unless thinking is switched off: with enable_thinking=false every item falls back.
        string template = "{% if enable_thinking is false %}{{ raise_exception('thinking is off') }}{% endif %}" + RoleTemplate;

        var run = await RunWithTemplateAsync(template, """{"temperature": 0, "maxTokens": 8, "templateArgs": {"enable_thinking": false}}""");

        Assert.Equal(ChatTemplatePath.Fallback, run.ChatTemplatePath);
        Assert.Equal(2 * PerLevel, run.ChatTemplateFallbackItems);
    }
}
