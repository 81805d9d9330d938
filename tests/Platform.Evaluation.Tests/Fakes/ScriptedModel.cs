using System.Collections.Concurrent;
using Platform.Evaluation.Models;

namespace Platform.Evaluation.Tests.Fakes;

/// <summary>
/// A model that answers from a script: a function of the request and the sample index. It records every request
/// and the highest number of calls it saw in flight at once, and can hold each call for a while so concurrency shows.
/// Tokens are counted as whitespace-separated words, which is enough to make token metrics predictable.
/// </summary>
public sealed class ScriptedModel(Func<GenerateRequest, int, string> answer) : IModel
{
    private readonly ConcurrentQueue<GenerateRequest> requests = new();
    private int inFlight;
    private int maxInFlight;

    public string Name => "scripted";

    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Outputs with this many words or more are cut there and marked truncated.</summary>
    public int? TruncateAtWords { get; init; }

    public IReadOnlyList<GenerateRequest> Requests => [.. requests];

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public static ScriptedModel Always(string text) => new((_, _) => text);

    public async Task<IReadOnlyList<Completion>> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        requests.Enqueue(request);
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var prompt = Words(string.Join(" ", request.Messages.Select(m => m.Content)));
            return Enumerable.Range(0, request.Samples).Select(i =>
            {
                var text = answer(request, i);
                var words = Words(text);
                var truncated = TruncateAtWords is { } limit && words >= limit;
                return new Completion(text, prompt, words, truncated, TimeSpan.FromMilliseconds(1));
            }).ToList();
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public static string LastUserMessage(GenerateRequest request) => request.Messages.Last(m => m.Role == ChatRole.User).Content;
}
