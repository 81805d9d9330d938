using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Llama.Engine;
using Platform.Llama.Native;

namespace Platform.Llama;

/// <summary>
/// Serves many generation requests from one llama.cpp context with continuous batching.
/// <para>
/// A dedicated decode thread owns the context: it is the only thread that touches the context, its KV
/// memory, the batch and the sampler chains, so no lock guards a decode. Each step gathers the pending
/// token of every generating sequence plus as many prompt tokens of newly admitted requests as fit in
/// <see cref="BatchSize"/>, runs one <c>llama_decode</c>, and samples each sequence with its own chain.
/// Requests wait in a FIFO queue until enough sequence slots are free (one per sample) and are admitted as
/// soon as earlier ones finish. A request with several samples evaluates its prompt once in one sequence
/// and copies that KV prefix into the others (<c>llama_memory_seq_cp</c>) before the first token is sampled.
/// </para>
/// <para>
/// Sequence ids are kept dense. With one KV stream per sequence (the default), llama.cpp splits a batch
/// into micro-batches of sequences whose ids ascend by one in batch order, and every micro-batch costs a
/// pass over the weights: eight generating sequences with ids 0, 3, 5, ... would cost eight passes instead
/// of one. So admission only reserves slots; a sequence takes the lowest free id when its first token is
/// decoded (a prompt's first chunk, a fork's copy), each step lists its sequences in id order, and when a
/// finished sequence leaves a hole below a running one, the running one is moved down into it (its stream
/// copied, then removed) before the next decode.
/// </para>
/// </summary>
public sealed partial class BatchedGenerator : IDisposable
{
    private const int SequenceLengthGranularity = 256; // llama.cpp pads the per-sequence context to this

    private readonly LlamaModel _model;
    private readonly IEngineModel _engineModel;
    private readonly IEngineContext _context;
    private readonly BatchPlanner _planner;
    private readonly ConcurrentQueue<ScheduledRequest> _incoming = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _shutdown;
    private readonly bool _unifiedKvCache;
    private readonly Thread _decodeThread;

    // Touched only by the decode thread.
    private readonly List<ScheduledRequest> _waiting = [];
    private readonly List<ScheduledRequest> _active = [];
    private readonly SequenceSlots _slots;
    private int _freeSlots; // slots not reserved by an admitted request

    private volatile bool _stopped;
    private volatile Exception? _fault;
    private int _disposed;
    private long _decodeCalls;
    private long _tokensDecoded;
    private int _mostSequencesInOneDecode;
    private long _requestsCompleted;
    private long _splitDecodes;
    private long _sequencesMoved;

    /// <param name="cancellationToken">Stops the generator: pending and running requests are cancelled.</param>
    public BatchedGenerator(LlamaModel model, BatchedGeneratorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new BatchedGeneratorOptions();
        if (options.Sequences is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(options), $"Sequences must be between 1 and 256 (llama.cpp's limit), not {options.Sequences}.");
        if (options.SequenceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "SequenceLength must be positive.");
        if (options.BatchSize < options.Sequences)
            throw new ArgumentOutOfRangeException(nameof(options), $"BatchSize ({options.BatchSize}) must be at least Sequences ({options.Sequences}) so every sequence advances each step.");
        if (options.Threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Threads must be positive.");

        _model = model;
        Sequences = options.Sequences;
        SequenceLength = RoundSequenceLength(options.SequenceLength);
        BatchSize = options.BatchSize;
        Threads = options.Threads ?? Environment.ProcessorCount;

        _engineModel = model.EngineModel;
        _context = _engineModel.CreateContext(new EngineContextSettings(Sequences, SequenceLength, BatchSize, Threads, options.UnifiedKvCache));
        // Trust what the engine allocated over our own arithmetic: a sequence never gets more than its stream.
        SequenceLength = Math.Min(SequenceLength, _context.SequenceLength);
        _unifiedKvCache = options.UnifiedKvCache;
        _planner = new BatchPlanner(BatchSize);
        _slots = new SequenceSlots(Sequences);
        _freeSlots = Sequences;

        _shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _shutdown.Token.Register(Wake);
        _decodeThread = new Thread(RunDecodeLoop) { IsBackground = true, Name = "llama decode loop" };
        _decodeThread.Start();
    }

    public LlamaModel Model => _model;

    /// <summary>The tokens a sequence gets for a requested length: rounded up to llama.cpp's granularity of 256.</summary>
    public static int RoundSequenceLength(int requested) =>
        (requested + SequenceLengthGranularity - 1) / SequenceLengthGranularity * SequenceLengthGranularity;

    /// <summary>Sequence slots: the most samples decoded together.</summary>
    public int Sequences { get; }

    /// <summary>Tokens one sequence may hold (prompt plus output), after rounding to llama.cpp's granularity.</summary>
    public int SequenceLength { get; }

    public int BatchSize { get; }

    public int Threads { get; }

    public GeneratorStatistics Statistics => new(
        Interlocked.Read(ref _decodeCalls),
        Interlocked.Read(ref _tokensDecoded),
        Volatile.Read(ref _mostSequencesInOneDecode),
        Interlocked.Read(ref _requestsCompleted),
        Interlocked.Read(ref _splitDecodes),
        Interlocked.Read(ref _sequencesMoved));

    /// <summary>
    /// Queues a request. The task completes with one sample per requested sample, in order; it faults with a
    /// <see cref="LlamaException"/> when the request cannot be served (for example a prompt longer than
    /// <see cref="SequenceLength"/>), and is cancelled when <paramref name="cancellationToken"/> or the
    /// generator's token fires; cancellation takes effect between two decode steps.
    /// </summary>
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_fault is { } fault)
            return Task.FromException<GenerationResult>(new LlamaException($"The decode loop stopped after an error: {fault.Message}", fault));
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<GenerationResult>(cancellationToken);

        int[] prompt;
        try
        {
            prompt = PromptValidation.Prepare(request, _engineModel, Sequences, SequenceLength);
        }
        catch (Exception e) when (e is LlamaException or ArgumentException)
        {
            return Task.FromException<GenerationResult>(e);
        }

        var active = new ScheduledRequest(request, prompt, cancellationToken, Stopwatch.GetTimestamp());
        if (cancellationToken.CanBeCanceled)
            active.Registration = cancellationToken.Register(Wake);
        _incoming.Enqueue(active);
        Wake();
        if (_stopped)
            CancelIncoming();
        return active.Completion.Task;
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // The loop has ended; nothing is left to wake.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _shutdown.Cancel();
        // Disposed from the decode thread itself (a caller's synchronous callback), the loop ends on its own
        // after this step and still needs the token source; otherwise wait for it to free the context.
        if (Thread.CurrentThread == _decodeThread)
            return;
        _decodeThread.Join();
        _shutdown.Dispose();
    }
}
