using System.Text;
using Platform.Llama.Engine;

namespace Platform.Llama;

/// <summary>A request inside the scheduler: its prompt, its samples' sequences and its timestamps.</summary>
internal sealed class ScheduledRequest(GenerationRequest request, int[] prompt, CancellationToken cancellation, long submittedAt)
{
    public GenerationRequest Request { get; } = request;
    public int[] Prompt { get; } = prompt;
    public CancellationToken Cancellation { get; } = cancellation;
    public CancellationTokenRegistration Registration { get; set; }
    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public List<ScheduledSequence> Sequences { get; } = [];
    public long SubmittedAt { get; } = submittedAt;
    public long AdmittedAt { get; set; }
    public long PromptDoneAt { get; set; }
    public int PromptFed { get; set; }

    /// <summary>Prompt tokens that go into the step being built.</summary>
    public int PromptChunk { get; set; }

    public bool IsDone => PromptFed >= Prompt.Length && Sequences.TrueForAll(s => s.Finished);
}

/// <summary>One sample of a request: its sequence id, sampler chain, tokens and text so far.</summary>
internal sealed class ScheduledSequence(ScheduledRequest owner, int index, IEngineSampler sampler)
{
    private readonly StringBuilder _text = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _piece = new byte[256];
    private readonly char[] _chars = new char[512];

    public ScheduledRequest Owner { get; } = owner;
    public int Index { get; } = index;

    /// <summary>The context's sequence id; -1 until the sequence holds one; changes when it is moved down into a free id.</summary>
    public int Id { get; set; } = -1;

    /// <summary>Whether the sequence's KV stream holds tokens (its prompt was fed or forked into it).</summary>
    public bool HoldsMemory { get; set; }
    public IEngineSampler Sampler { get; } = sampler;
    public List<int> Tokens { get; } = [];
    public int Position { get; set; }
    public int PendingToken { get; set; } = -1;
    public bool Finished { get; set; }
    public bool Released { get; set; }
    public StopReason StopReason { get; set; }
    public long FinishedAt { get; set; }

    /// <summary>Stopwatch ticks inside the decodes that fed this sample's generated tokens.</summary>
    public long DecodeTicks { get; set; }
    public string Text => _text.ToString();

    /// <summary>Appends the token's text; true when a stop string appeared (the text is then cut before it).</summary>
    public bool AppendPiece(IEngineModel model, int token, IReadOnlyList<string> stops)
    {
        int length = model.TokenToPiece(token, _piece, special: false);
        byte[] piece = _piece;
        if (length < 0)
        {
            piece = new byte[-length];
            length = model.TokenToPiece(token, piece, special: false);
        }
        int before = _text.Length;
        int charCount = _decoder.GetChars(piece, 0, length, _chars, 0, flush: false);
        _text.Append(_chars, 0, charCount);
        foreach (string stop in stops)
        {
            int from = Math.Max(0, before - stop.Length + 1);
            int found = _text.ToString(from, _text.Length - from).IndexOf(stop, StringComparison.Ordinal);
            if (found >= 0)
            {
                _text.Length = from + found;
                return true;
            }
        }
        return false;
    }

    public void FlushText()
    {
        if (StopReason == StopReason.StopString)
            return;
        int charCount = _decoder.GetChars([], 0, 0, _chars, 0, flush: true);
        _text.Append(_chars, 0, charCount);
    }
}
