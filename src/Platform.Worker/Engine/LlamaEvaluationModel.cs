using System.Text.Json;
using Platform.Evaluation.Models;
using Platform.Llama;

namespace Platform.Worker.Engine;

/// <summary>
/// The evaluation core's <see cref="IModel"/> served by the in-process llama.cpp engine. Messages go through
/// the model's own Jinja chat template (llama.cpp's built-in matcher or ChatML when it does not render, see
/// <see cref="UsesChatTemplateFallback"/>),
/// and a request for several samples becomes one forked generation request, so the prompt is evaluated once.
/// Many concurrent calls are batched together by the underlying <see cref="BatchedGenerator"/>.
/// </summary>
public sealed class LlamaEvaluationModel : IModel, IDisposable
{
    private readonly BatchedGenerator _generator;
    private readonly LlamaModel? _ownedModel;
    private readonly bool _ownsGenerator;

    /// <param name="ownsGenerator">Dispose the generator with this object.</param>
    public LlamaEvaluationModel(BatchedGenerator generator, string? name = null, bool ownsGenerator = false)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _ownsGenerator = ownsGenerator;
        Name = name ?? generator.Model.Info.Name;
        var probe = generator.Model.ApplyChatTemplate([new LlamaChatMessage("user", "probe")]);
        UsesChatTemplateFallback = probe.UsedFallback;
        ChatTemplateFallbackReason = probe.FallbackReason;
        ChatTemplateSource = probe.Source;
    }

    private LlamaEvaluationModel(LlamaModel model, BatchedGenerator generator, string? name)
        : this(generator, name, ownsGenerator: true)
    {
        _ownedModel = model;
    }

    /// <summary>Loads a GGUF file and starts a generator for it; both are disposed with the returned object.</summary>
    public static LlamaEvaluationModel Load(string path, LlamaModelOptions? modelOptions = null, BatchedGeneratorOptions? generatorOptions = null, string? name = null)
    {
        var model = LlamaModel.Load(path, modelOptions);
        try
        {
            return new LlamaEvaluationModel(model, new BatchedGenerator(model, generatorOptions), name);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>True when the model's own chat template does not render, so prompts use llama.cpp's built-in matcher or ChatML.</summary>
    public bool UsesChatTemplateFallback { get; }

    /// <summary>Why the fallback is used (the template's error, or that the model has none); null when it is not.</summary>
    public string? ChatTemplateFallbackReason { get; }

    /// <summary>What formatted the one-message probe conversation.</summary>
    public ChatPromptSource ChatTemplateSource { get; }

    public BatchedGenerator Generator => _generator;

    public Task<IReadOnlyList<Completion>> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken) =>
        GenerateAsync(Render(request).Text, request, cancellationToken);

    /// <summary>The request's messages formatted by the model's chat template (or its fallback), ready to tokenize.</summary>
    public ChatPrompt Render(GenerateRequest request, IReadOnlyDictionary<string, JsonElement>? templateArguments = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Count == 0)
            throw new ArgumentException("A request needs at least one message.", nameof(request));
        var messages = request.Messages.Select(m => new LlamaChatMessage(RoleName(m.Role), m.Content)).ToArray();
        return _generator.Model.ApplyChatTemplate(messages, addAssistantPrompt: true, templateArguments);
    }

    /// <summary>Generates the request's samples from an already formatted <paramref name="prompt"/>.</summary>
    public async Task<IReadOnlyList<Completion>> GenerateAsync(string prompt, GenerateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Samples < 1)
            throw new ArgumentException($"Samples must be at least 1, not {request.Samples}.", nameof(request));
        var sampling = new SamplingOptions
        {
            Temperature = request.Sampling.Temperature,
            TopP = request.Sampling.TopP,
            TopK = request.Sampling.TopK,
            MinP = request.Sampling.MinP,
        };

        // More samples than sequence slots are served in groups; each group's first seed is Seed + its first
        // sample index, so sample i always uses Seed + i whatever the grouping.
        var groups = new List<Task<GenerationResult>>();
        for (int first = 0; first < request.Samples; first += _generator.Sequences)
        {
            groups.Add(_generator.GenerateAsync(new GenerationRequest
            {
                Prompt = prompt,
                MaxTokens = request.Sampling.MaxTokens,
                Stop = request.Stop ?? [],
                Samples = Math.Min(_generator.Sequences, request.Samples - first),
                Sampling = sampling with { Seed = request.Sampling.Seed + (ulong)first },
            }, cancellationToken));
        }
        var results = await Task.WhenAll(groups).ConfigureAwait(false);
        return results
            .SelectMany(result => result.Samples)
            .Select(sample => new Completion(sample.Text, sample.PromptTokens, sample.OutputTokens, sample.Truncated, sample.Timings.Total))
            .ToArray();
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown chat role."),
    };

    public void Dispose()
    {
        if (_ownsGenerator)
            _generator.Dispose();
        _ownedModel?.Dispose();
    }
}
