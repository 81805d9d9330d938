using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Cli.Bench;

namespace Platform.Cli.Templates;

/// <summary>What llama.cpp made of one case: the prompt, or the error it raised.</summary>
public sealed record ReferenceRendering(bool Ok, string Text);

/// <summary>
/// Our reference program (scripts/reference/chat-template-ref.cpp), compiled against the cached llama.cpp build's
/// libllama-common: it renders through common_chat_templates_apply with use_jinja, with the clock fixed.
/// </summary>
public sealed class ChatTemplateReference
{
    private ChatTemplateReference(string program) => Program = program;

    public string Program { get; }

    /// <summary>The folder of llama.cpp's 70 test templates in the source the reference was built from.</summary>
    public static string TemplatesFolder()
    {
        var cache = Environment.GetEnvironmentVariable("THOUGHTBOARD_CACHE") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "thoughtboard");
        return Path.Combine(cache, "llama.cpp", "models", "templates");
    }

    public static async Task<ChatTemplateReference> EnsureBuiltAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "scripts", "reference", "build-chat-template-ref.sh");
        if (!File.Exists(script)) throw new BenchException($"'{script}' is missing; run this from a Thoughtboard checkout.");
        var result = await ChildProcess.RunCheckedAsync("bash", [script], cancellationToken);
        var program = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (program is null || !File.Exists(program))
            throw new BenchException($"{script} did not print the reference program's path (got '{program}').");
        return new ChatTemplateReference(program);
    }

    /// <summary>Renders every (template file, case) pair in one run of the program.</summary>
    public async Task<IReadOnlyList<ReferenceRendering>> RenderAsync(
        IReadOnlyList<(string TemplatePath, TemplateCase Case)> jobs, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var (path, c) in jobs)
        {
            var messages = new JsonArray();
            foreach (var m in c.Messages) messages.Add(new JsonObject { ["role"] = m.Role, ["content"] = m.Content });
            list.Add(new JsonObject
            {
                ["template"] = path,
                ["messages"] = messages,
                ["add_generation_prompt"] = c.AddGenerationPrompt,
                ["enable_thinking"] = c.EnableThinking,
                ["bos_token"] = TemplateConversations.BosToken,
                ["eos_token"] = TemplateConversations.EosToken,
            });
        }
        var input = new JsonObject
        {
            ["now_epoch"] = new DateTimeOffset(TemplateConversations.Now).ToUnixTimeSeconds(),
            ["jobs"] = list,
        };
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, input.ToJsonString(), cancellationToken);
            var result = await ChildProcess.RunCheckedAsync(Program, [file], cancellationToken);
            using var doc = JsonDocument.Parse(result.StandardOutput);
            var results = doc.RootElement.GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("ok").GetBoolean()
                    ? new ReferenceRendering(true, r.GetProperty("prompt").GetString()!)
                    : new ReferenceRendering(false, r.GetProperty("error").GetString()!))
                .ToList();
            if (results.Count != jobs.Count)
                throw new BenchException($"the reference program answered {results.Count} of {jobs.Count} jobs.");
            return results;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
