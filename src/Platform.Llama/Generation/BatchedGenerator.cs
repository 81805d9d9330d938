using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
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
public sealed class BatchedGenerator : IDisposable
{
    private const int SequenceLengthGranularity = 256; // llama.cpp pads the per-sequence context to this

    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly nint _memory;
    private readonly ConcurrentQueue<ActiveRequest> _incoming = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _shutdown;
    private readonly bool _unifiedKvCache;
    private readonly Thread _decodeThread;

    // Touched only by the decode thread.
    private readonly List<ActiveRequest> _waiting = [];
    private readonly List<ActiveRequest> _active = [];
    private readonly Sequence?[] _slots; // index: llama.cpp sequence id; holds the sequences that have one
    private int _freeSlots; // slots not reserved by an admitted request
    private readonly List<SampleEntry> _entries = [];

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

        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextLength = checked((uint)(Sequences * SequenceLength));
        parameters.BatchSize = (uint)BatchSize;
        parameters.MaxSequences = (uint)Sequences;
        parameters.Threads = Threads;
        parameters.BatchThreads = Threads;
        parameters.KvUnified = (byte)(options.UnifiedKvCache ? 1 : 0);
        parameters.NoPerf = 1;
        _context = SafeLlamaContextHandle.Create(model.Handle, parameters);
        _memory = LlamaNative.llama_get_memory(_context);
        // Trust what llama.cpp allocated over our own arithmetic: a sequence never gets more than its stream.
        SequenceLength = (int)Math.Min((uint)SequenceLength, LlamaNative.llama_n_ctx_seq(_context));
        _unifiedKvCache = options.UnifiedKvCache;
        _slots = new Sequence?[Sequences];
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
            prompt = PreparePrompt(request);
        }
        catch (Exception e) when (e is LlamaException or ArgumentException)
        {
            return Task.FromException<GenerationResult>(e);
        }

        var active = new ActiveRequest(request, prompt, cancellationToken, Stopwatch.GetTimestamp());
        if (cancellationToken.CanBeCanceled)
            active.Registration = cancellationToken.Register(Wake);
        _incoming.Enqueue(active);
        Wake();
        if (_stopped)
            CancelIncoming();
        return active.Completion.Task;
    }

    private int[] PreparePrompt(GenerationRequest request)
    {
        if (request.Samples < 1 || request.Samples > Sequences)
            throw new ArgumentException($"Samples must be between 1 and the generator's {Sequences} sequence slots, not {request.Samples}.", nameof(request));
        if (request.MaxTokens < 1)
            throw new ArgumentException($"MaxTokens must be positive, not {request.MaxTokens}.", nameof(request));
        var sampling = request.Sampling ?? throw new ArgumentException("Sampling must be set.", nameof(request));
        if (float.IsNaN(sampling.Temperature) || float.IsInfinity(sampling.Temperature))
            throw new ArgumentException($"Temperature must be a finite number, not {sampling.Temperature}.", nameof(request));
        if (!(sampling.TopP > 0f && sampling.TopP <= 1f))
            throw new ArgumentException($"TopP must be in (0, 1], not {sampling.TopP}.", nameof(request));
        if (sampling.TopK < 0)
            throw new ArgumentException($"TopK must be 0 (off) or positive, not {sampling.TopK}.", nameof(request));
        if (!(sampling.MinP >= 0f && sampling.MinP <= 1f))
            throw new ArgumentException($"MinP must be in [0, 1], not {sampling.MinP}.", nameof(request));
        if (request.Stop is null || request.Stop.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Stop must be a list (possibly empty) of non-empty strings.", nameof(request));
        if ((request.Prompt is null) == (request.PromptTokens is null))
            throw new ArgumentException("Set exactly one of Prompt and PromptTokens.", nameof(request));

        int[] prompt = request.PromptTokens?.ToArray() ?? _model.TokenizeForGenerator(request.Prompt!, addSpecial: true, parseSpecial: true);
        if (prompt.Length == 0)
            throw new ArgumentException("The prompt is empty.", nameof(request));
        int vocabularySize = _model.Info.VocabularySize;
        foreach (int token in prompt)
        {
            if (token < 0 || token >= vocabularySize)
                throw new ArgumentException($"Prompt token {token} is outside the vocabulary (0 to {vocabularySize - 1}).", nameof(request));
        }
        if (prompt.Length >= SequenceLength)
            throw new LlamaException(
                $"The prompt has {prompt.Length} tokens but one sequence holds {SequenceLength} (prompt and answer together). " +
                "Shorten the prompt or create the generator with a larger SequenceLength.");
        return prompt;
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

    private void RunDecodeLoop()
    {
        var batch = LlamaNative.llama_batch_init(BatchSize, 0, 1);
        try
        {
            while (!_shutdown.IsCancellationRequested)
            {
                while (_incoming.TryDequeue(out var request))
                    _waiting.Add(request);
                DropCancelledRequests();
                AdmitWaitingRequests();
                if (_active.Count == 0)
                {
                    _wake.Wait(_shutdown.Token);
                    continue;
                }
                CompactSequenceIds();
                Step(ref batch);
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _fault = e;
        }
        finally
        {
            _stopped = true;
            var error = _fault;
            foreach (var request in _active.Concat(_waiting))
                Abandon(request, error);
            _active.Clear();
            _waiting.Clear();
            CancelIncoming();
            LlamaNative.llama_batch_free(batch);
            _context.Dispose();
        }
    }

    private void Abandon(ActiveRequest request, Exception? error)
    {
        ReleaseSequences(request);
        if (error is null)
            request.Completion.TrySetCanceled(_shutdown.Token);
        else
            request.Completion.TrySetException(new LlamaException($"The decode loop stopped after an error: {error.Message}", error));
        request.Registration.Dispose();
    }

    private void CancelIncoming()
    {
        while (_incoming.TryDequeue(out var request))
        {
            if (_fault is { } error)
                request.Completion.TrySetException(new LlamaException($"The decode loop stopped after an error: {error.Message}", error));
            else
                request.Completion.TrySetCanceled(_shutdown.Token);
            request.Registration.Dispose();
        }
    }

    private void DropCancelledRequests()
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            if (_waiting[i].Cancellation.IsCancellationRequested)
            {
                Cancel(_waiting[i]);
                _waiting.RemoveAt(i);
            }
        }
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            if (_active[i].Cancellation.IsCancellationRequested)
            {
                Cancel(_active[i]);
                _active.RemoveAt(i);
            }
        }
    }

    private void Cancel(ActiveRequest request)
    {
        ReleaseSequences(request);
        request.Completion.TrySetCanceled(request.Cancellation);
        request.Registration.Dispose();
    }

    // First come, first served: a large request at the head is not overtaken by smaller ones behind it,
    // so it cannot starve; it waits until enough slots are free.
    private void AdmitWaitingRequests()
    {
        while (_waiting.Count > 0 && _waiting[0].Request.Samples <= _freeSlots)
        {
            var request = _waiting[0];
            _waiting.RemoveAt(0);
            try
            {
                for (int i = 0; i < request.Request.Samples; i++)
                {
                    var sampling = request.Request.Sampling;
                    request.Sequences.Add(new Sequence(request, i, SamplerChain.Create(sampling, unchecked((uint)(sampling.Seed + (ulong)i)))));
                    _freeSlots--;
                }
            }
            catch (Exception e)
            {
                ReleaseSequences(request);
                request.Completion.TrySetException(e);
                request.Registration.Dispose();
                continue;
            }
            request.AdmittedAt = Stopwatch.GetTimestamp();
            _active.Add(request);
        }
    }

    private int LowestFreeId() => Array.IndexOf(_slots, null);

    private void Occupy(Sequence sequence, int id)
    {
        _slots[id] = sequence;
        sequence.Id = id;
    }

    /// <summary>
    /// Moves the highest running sequences down into free ids until the occupied ids are 0 to n-1. A sequence
    /// with KV content is copied to its new stream (llama.cpp performs the copy at the start of the next decode,
    /// before that decode writes anything) and removed from the old one.
    /// </summary>
    private void CompactSequenceIds()
    {
        if (_unifiedKvCache)
            return; // one stream: llama.cpp never splits a batch by sequence id
        int occupied = _slots.Count(s => s is not null);
        for (int from = Sequences - 1; from >= occupied; from--)
        {
            if (_slots[from] is not { } sequence)
                continue;
            int to = LowestFreeId();
            if (sequence.HoldsMemory)
            {
                LlamaNative.llama_memory_seq_cp(_memory, from, to, -1, -1);
                LlamaNative.llama_memory_seq_rm(_memory, from, -1, -1);
                Interlocked.Increment(ref _sequencesMoved);
            }
            _slots[from] = null;
            _slots[to] = sequence;
            sequence.Id = to;
        }
    }

    private enum EntryKind { NextToken, PromptEnd }

    private readonly record struct SampleEntry(EntryKind Kind, ActiveRequest Request, Sequence? Sequence, int BatchIndex);

    private unsafe void Step(ref LlamaBatch batch)
    {
        var entries = _entries;
        entries.Clear();
        int count = 0;
        int sequencesInBatch = 0;

        void Add(ref LlamaBatch target, int token, int position, int sequenceId, bool wantLogits)
        {
            target.Tokens[count] = token;
            target.Positions[count] = position;
            target.SequenceIdCounts[count] = 1;
            target.SequenceIds[count][0] = sequenceId;
            target.Logits[count] = (sbyte)(wantLogits ? 1 : 0);
            count++;
        }

        // Budget first: every generating sequence gets its one token (which keeps every running sample moving every
        // step), prompts share the rest of the batch in arrival order and are chunked to fit.
        int budget = BatchSize;
        foreach (var sequence in _slots)
        {
            if (sequence is { PendingToken: >= 0 })
                budget--;
        }
        foreach (var request in _active)
        {
            int take = Math.Min(request.Prompt.Length - request.PromptFed, budget);
            request.PromptChunk = take;
            budget -= take;
            // A prompt takes its sequence id when its first token is decoded: the lowest free one, next to the ids
            // already decoding, so the batch stays one run of consecutive ids.
            if (take > 0 && request.Sequences[0].Id < 0)
                Occupy(request.Sequences[0], LowestFreeId());
        }

        // Then the batch in id order: llama.cpp decodes sequences with ascending consecutive ids in one pass.
        int previousId = -1;
        bool split = false;
        foreach (var sequence in _slots)
        {
            if (sequence is null)
                continue;
            var request = sequence.Owner;
            if (sequence.PendingToken >= 0)
            {
                entries.Add(new SampleEntry(EntryKind.NextToken, request, sequence, count));
                Add(ref batch, sequence.PendingToken, sequence.Position, sequence.Id, wantLogits: true);
            }
            else if (sequence.Index == 0 && request.PromptChunk > 0)
            {
                sequence.HoldsMemory = true;
                for (int j = 0; j < request.PromptChunk; j++)
                {
                    int position = request.PromptFed + j;
                    bool last = position == request.Prompt.Length - 1;
                    if (last)
                        entries.Add(new SampleEntry(EntryKind.PromptEnd, request, null, count));
                    Add(ref batch, request.Prompt[position], position, sequence.Id, wantLogits: last);
                }
                request.PromptFed += request.PromptChunk;
                request.PromptChunk = 0;
            }
            else
            {
                continue;
            }
            split |= previousId >= 0 && sequence.Id != previousId + 1;
            previousId = sequence.Id;
            sequencesInBatch++;
        }
        batch.TokenCount = count;
        if (count == 0)
        {
            CompleteFinishedRequests();
            return;
        }

        int result = LlamaNative.llama_decode(_context, batch);
        Interlocked.Increment(ref _decodeCalls);
        if (split && !_unifiedKvCache)
            Interlocked.Increment(ref _splitDecodes);
        Interlocked.Add(ref _tokensDecoded, count);
        if (sequencesInBatch > _mostSequencesInOneDecode)
            Volatile.Write(ref _mostSequencesInOneDecode, sequencesInBatch);
        if (result != 0)
        {
            FailBatch(entries, result);
            return;
        }

        foreach (var entry in entries)
        {
            if (entry.Kind == EntryKind.NextToken)
            {
                var sequence = entry.Sequence!;
                sequence.Position++;
                Accept(entry.Request, sequence, SamplerChain.Sample(sequence.Sampler, _context, entry.BatchIndex));
            }
            else
            {
                ForkAndSampleFirstTokens(entry.Request, entry.BatchIndex);
            }
        }
        CompleteFinishedRequests();
    }

    private void ForkAndSampleFirstTokens(ActiveRequest request, int batchIndex)
    {
        request.PromptDoneAt = Stopwatch.GetTimestamp();
        var root = request.Sequences[0];
        foreach (var sequence in request.Sequences)
        {
            if (sequence != root)
            {
                Occupy(sequence, LowestFreeId());
                LlamaNative.llama_memory_seq_cp(_memory, root.Id, sequence.Id, -1, -1);
            }
            sequence.HoldsMemory = true;
            sequence.Position = request.Prompt.Length;
        }
        // Every sample draws its first token from the same prompt logits, each with its own chain and seed.
        foreach (var sequence in request.Sequences)
            Accept(request, sequence, SamplerChain.Sample(sequence.Sampler, _context, batchIndex));
    }

    private void Accept(ActiveRequest request, Sequence sequence, int token)
    {
        if (_model.IsEndOfGeneration(token))
        {
            Finish(sequence, StopReason.EndOfGeneration);
            return;
        }
        sequence.Tokens.Add(token);
        if (sequence.AppendPiece(_model, token, request.Request.Stop))
            Finish(sequence, StopReason.StopString);
        else if (sequence.Tokens.Count >= request.Request.MaxTokens)
            Finish(sequence, StopReason.MaxTokens);
        else if (sequence.Position >= SequenceLength)
            Finish(sequence, StopReason.ContextFull);
        else
            sequence.PendingToken = token;
    }

    private void Finish(Sequence sequence, StopReason reason)
    {
        sequence.StopReason = reason;
        sequence.FinishedAt = Stopwatch.GetTimestamp();
        sequence.PendingToken = -1;
        sequence.Finished = true;
        sequence.FlushText();
        ReleaseSequence(sequence);
    }

    private void ReleaseSequence(Sequence sequence)
    {
        if (sequence.Released)
            return;
        sequence.Released = true;
        if (sequence.HoldsMemory)
            LlamaNative.llama_memory_seq_rm(_memory, sequence.Id, -1, -1);
        sequence.Sampler.Dispose();
        if (sequence.Id >= 0)
            _slots[sequence.Id] = null;
        _freeSlots++;
    }

    private void ReleaseSequences(ActiveRequest request)
    {
        foreach (var sequence in request.Sequences)
            ReleaseSequence(sequence);
    }

    private void CompleteFinishedRequests()
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (request.PromptFed < request.Prompt.Length || !request.Sequences.TrueForAll(s => s.Finished))
                continue;
            _active.RemoveAt(i);
            var samples = request.Sequences.Select(s => new GenerationSample(
                s.Index,
                s.Text,
                s.Tokens.ToArray(),
                request.Prompt.Length,
                s.Tokens.Count,
                s.StopReason is StopReason.MaxTokens or StopReason.ContextFull,
                s.StopReason,
                new GenerationTimings(
                    Stopwatch.GetElapsedTime(request.SubmittedAt, request.AdmittedAt),
                    Stopwatch.GetElapsedTime(request.AdmittedAt, request.PromptDoneAt),
                    Stopwatch.GetElapsedTime(request.PromptDoneAt, s.FinishedAt)))).ToArray();
            Interlocked.Increment(ref _requestsCompleted);
            request.Registration.Dispose();
            request.Completion.TrySetResult(new GenerationResult(request.Prompt.Length, samples));
        }
    }

    private void FailBatch(List<SampleEntry> entries, int result)
    {
        string meaning = result switch
        {
            1 => "no room in the KV cache for the batch",
            2 => "decoding was aborted",
            -1 => "the batch was rejected as invalid",
            _ => "a fatal error in llama.cpp",
        };
        var error = new LlamaException($"llama_decode returned {result} ({meaning}){LlamaBackend.RecentNativeErrors()}.");
        foreach (var request in entries.Select(e => e.Request).Distinct().ToList())
        {
            // The memory of a failed decode is undefined for its sequences; dropping them keeps the rest consistent.
            ReleaseSequences(request);
            _active.Remove(request);
            request.Completion.TrySetException(error);
            request.Registration.Dispose();
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

    private sealed class ActiveRequest(GenerationRequest request, int[] prompt, CancellationToken cancellation, long submittedAt)
    {
        public GenerationRequest Request { get; } = request;
        public int[] Prompt { get; } = prompt;
        public CancellationToken Cancellation { get; } = cancellation;
        public CancellationTokenRegistration Registration { get; set; }
        public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<Sequence> Sequences { get; } = [];
        public long SubmittedAt { get; } = submittedAt;
        public long AdmittedAt { get; set; }
        public long PromptDoneAt { get; set; }
        public int PromptFed { get; set; }

        /// <summary>Prompt tokens that go into the step being built.</summary>
        public int PromptChunk { get; set; }
    }

    private sealed class Sequence(ActiveRequest owner, int index, SafeLlamaSamplerHandle sampler)
    {
        private readonly StringBuilder _text = new();
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly byte[] _piece = new byte[256];
        private readonly char[] _chars = new char[512];

        public ActiveRequest Owner { get; } = owner;
        public int Index { get; } = index;

        /// <summary>The llama.cpp sequence id; changes when the sequence is moved down into a free id.</summary>
        public int Id { get; set; } = -1;

        /// <summary>Whether the sequence's KV stream holds tokens (its prompt was fed or forked into it).</summary>
        public bool HoldsMemory { get; set; }
        public SafeLlamaSamplerHandle Sampler { get; } = sampler;
        public List<int> Tokens { get; } = [];
        public int Position { get; set; }
        public int PendingToken { get; set; } = -1;
        public bool Finished { get; set; }
        public bool Released { get; set; }
        public StopReason StopReason { get; set; }
        public long FinishedAt { get; set; }
        public string Text => _text.ToString();

        /// <summary>Appends the token's text; true when a stop string appeared (the text is then cut before it).</summary>
        public bool AppendPiece(LlamaModel model, int token, IReadOnlyList<string> stops)
        {
            int length = model.TokenToPiece(token, _piece);
            byte[] piece = _piece;
            if (length < 0)
            {
                piece = new byte[-length];
                length = model.TokenToPiece(token, piece);
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
}
