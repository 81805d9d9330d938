using Platform.Gguf;
using Platform.Data.Entities;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Llama;
using Platform.Llama.Engine;
using Platform.Worker.Engine;
using Platform.Jobs.Runs;
using Platform.Worker.Models;

namespace Platform.Worker.Evaluation;

/// <summary>How a hosted run is driven: items in flight at once, items already done (skipped), and how the suite was asked for.</summary>
public sealed record RunHostOptions(int MaxConcurrentItems, IReadOnlySet<string>? DoneItemIds = null, string? SuiteSpec = null);

/// <summary>
/// The one way a run meets a model, for the command line's <c>eval</c> and the worker's job alike: the context is sized
/// for the run (<see cref="SequenceBudget"/>), the model is loaded and leased through the <see cref="ModelCache"/>, and
/// the run's header (with its experiment identity) is computed from what was loaded.
/// </summary>
public sealed class RunHost(ModelCache models)
{
    /// <exception cref="ModelLoadException">The model cannot be downloaded, loaded or measured.</exception>
    public async Task<EvaluationSession> OpenAsync(
        LanguageModel model, RunDefinition definition, RunHostOptions options, ModelPreparation? preparation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var lease = await models.AcquireAsync(model, preparation, weights => SequenceBudget.For(weights, definition), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            var file = await ModelFileHash.IdentifyAsync(lease.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new EvaluationSession(lease, definition, Header(lease.Model, file, definition, options), options);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static EvaluationHeader Header(LlamaEvaluationModel engine, ModelFileIdentity file, RunDefinition definition, RunHostOptions options)
    {
        var generator = engine.Generator;
        var loaded = generator.Model;
        var info = loaded.Info;
        var model = new ModelDescription(
            info.Name, file.FileName, file.SizeBytes, file.Sha256, info.Architecture, info.ParameterCount, info.FileType,
            info.ChatTemplate is null ? null : Platform.Evaluation.Datasets.Hashing.Sha256Hex(info.ChatTemplate), engine.UsesChatTemplateFallback,
            engine.ChatTemplateFallbackReason, loaded.PromptDate, RunChatModel.PathOf(engine.ChatTemplateSource));
        var run = RunHeader.For(definition.Suite, definition.Style, definition.Sampling);
        return new EvaluationHeader(
            EvaluationHeader.CurrentFormat,
            model,
            run,
            definition.Sampling.Seed,
            options.SuiteSpec ?? definition.Suite.Name,
            definition.Limit,
            definition.Selected.Items.Count,
            new EngineDescription(
                LlamaEngines.Chosen?.Build?.ToString() ?? "unknown", generator.Sequences, generator.SequenceLength, generator.Threads,
                options.MaxConcurrentItems),
            AnswerExtractor.Version,
            definition.Suite.Checker.Version,
            definition.IdentityOn(file.Sha256),
            DateTimeOffset.UtcNow,
            definition.TemplateArgs);
    }
}
