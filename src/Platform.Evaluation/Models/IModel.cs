namespace Platform.Evaluation.Models;

public enum ChatRole { System, User, Assistant }

public sealed record ChatMessage(ChatRole Role, string Content);

/// <summary>Decoding settings for one request. Temperature 0 means greedy decoding.</summary>
public sealed record SamplingSettings
{
    public float Temperature { get; init; }
    public float TopP { get; init; } = 1f;
    public int TopK { get; init; }
    public float MinP { get; init; }
    public int MaxTokens { get; init; } = 512;
    public ulong Seed { get; init; } = 42;

    public static SamplingSettings Greedy { get; } = new();
}

/// <summary>
/// One call to the model. <see cref="Samples"/> &gt; 1 asks for that many independent continuations of
/// the same prompt: an engine evaluates the prompt once and forks the sequence, so tree-of-thought
/// proposals and self-consistency samples share the prompt's cost. Sample i uses seed <c>Seed + i</c>.
/// </summary>
public sealed record GenerateRequest(
    IReadOnlyList<ChatMessage> Messages,
    SamplingSettings Sampling,
    int Samples = 1,
    IReadOnlyList<string>? Stop = null);

/// <summary>One continuation. <see cref="Truncated"/> is true when it stopped at the token limit.</summary>
public sealed record Completion(string Text, int PromptTokens, int OutputTokens, bool Truncated, TimeSpan Latency);

/// <summary>
/// The model call every style is written against. Implementations must accept many concurrent calls:
/// the batched engine serves them together in one context, a scripted fake answers them in tests.
/// </summary>
public interface IModel
{
    string Name { get; }

    /// <returns>Exactly <see cref="GenerateRequest.Samples"/> completions, in sample order.</returns>
    Task<IReadOnlyList<Completion>> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken);
}
