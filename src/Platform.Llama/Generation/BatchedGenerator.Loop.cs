using System.Diagnostics;
using Platform.Llama.Native;

namespace Platform.Llama;

/// <summary>The decode loop: the only code that touches the context, its KV memory, the batch and the sampler chains.</summary>
public sealed partial class BatchedGenerator
{
    private void RunDecodeLoop()
    {
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
                Step();
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
            _context.Dispose();
        }
    }

    private void Abandon(ScheduledRequest request, Exception? error)
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

    private void Cancel(ScheduledRequest request)
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
                    request.Sequences.Add(new ScheduledSequence(request, i, _context.CreateSampler(sampling, unchecked((uint)(sampling.Seed + (ulong)i)))));
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

    /// <summary>
    /// Moves the highest running sequences down into free ids until the occupied ids are 0 to n-1. A sequence
    /// with KV content is copied to its new stream (llama.cpp performs the copy at the start of the next decode,
    /// before that decode writes anything) and removed from the old one.
    /// </summary>
    private void CompactSequenceIds()
    {
        if (_unifiedKvCache)
            return; // one stream: llama.cpp never splits a batch by sequence id
        int occupied = _slots.OccupiedCount;
        for (int from = Sequences - 1; from >= occupied; from--)
        {
            if (_slots[from] is not { } sequence)
                continue;
            int to = _slots.LowestFreeId();
            if (sequence.HoldsMemory)
            {
                _context.CopySequence(from, to);
                _context.RemoveSequence(from);
                Interlocked.Increment(ref _sequencesMoved);
            }
            _slots.Free(from);
            _slots.Occupy(sequence, to);
        }
    }

    private void Step()
    {
        _planner.Plan(_context, _slots, _active);
        var entries = _planner.Entries;
        int count = _planner.TokenCount;
        if (count == 0)
        {
            CompleteFinishedRequests();
            return;
        }

        long decodeStarted = Stopwatch.GetTimestamp();
        int result = _context.Decode();
        long decodeTicks = Stopwatch.GetTimestamp() - decodeStarted;
        Interlocked.Increment(ref _decodeCalls);
        if (_planner.Split && !_unifiedKvCache)
            Interlocked.Increment(ref _splitDecodes);
        Interlocked.Add(ref _tokensDecoded, count);
        if (_planner.SequenceCount > _mostSequencesInOneDecode)
            Volatile.Write(ref _mostSequencesInOneDecode, _planner.SequenceCount);
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
                sequence.DecodeTicks += decodeTicks;
                Accept(entry.Request, sequence, sequence.Sampler.Sample(entry.BatchIndex));
            }
            else
            {
                ForkAndSampleFirstTokens(entry.Request, entry.BatchIndex);
            }
        }
        CompleteFinishedRequests();
    }

    private void ForkAndSampleFirstTokens(ScheduledRequest request, int batchIndex)
    {
        request.PromptDoneAt = Stopwatch.GetTimestamp();
        var root = request.Sequences[0];
        foreach (var sequence in request.Sequences)
        {
            if (sequence != root)
            {
                _slots.Occupy(sequence, _slots.LowestFreeId());
                _context.CopySequence(root.Id, sequence.Id);
            }
            sequence.HoldsMemory = true;
            sequence.Position = request.Prompt.Length;
        }
        // Every sample draws its first token from the same prompt logits, each with its own chain and seed.
        foreach (var sequence in request.Sequences)
            Accept(request, sequence, sequence.Sampler.Sample(batchIndex));
    }

    private void Accept(ScheduledRequest request, ScheduledSequence sequence, int token)
    {
        if (_engineModel.IsEndOfGeneration(token))
        {
            Finish(sequence, StopReason.EndOfGeneration);
            return;
        }
        sequence.Tokens.Add(token);
        if (sequence.AppendPiece(_engineModel, token, request.Request.Stop))
            Finish(sequence, StopReason.StopString);
        else if (sequence.Tokens.Count >= request.Request.MaxTokens)
            Finish(sequence, StopReason.MaxTokens);
        else if (sequence.Position >= SequenceLength)
            Finish(sequence, StopReason.ContextFull);
        else
            sequence.PendingToken = token;
    }

    private void Finish(ScheduledSequence sequence, StopReason reason)
    {
        sequence.StopReason = reason;
        sequence.FinishedAt = Stopwatch.GetTimestamp();
        sequence.PendingToken = -1;
        sequence.Finished = true;
        sequence.FlushText();
        ReleaseSequence(sequence);
    }

    private void ReleaseSequence(ScheduledSequence sequence)
    {
        if (sequence.Released)
            return;
        sequence.Released = true;
        if (sequence.HoldsMemory)
            _context.RemoveSequence(sequence.Id);
        sequence.Sampler.Dispose();
        if (sequence.Id >= 0)
            _slots.Free(sequence.Id);
        _freeSlots++;
    }

    private void ReleaseSequences(ScheduledRequest request)
    {
        foreach (var sequence in request.Sequences)
            ReleaseSequence(sequence);
    }

    private void CompleteFinishedRequests()
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (!request.IsDone)
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
                    Stopwatch.GetElapsedTime(request.PromptDoneAt, s.FinishedAt),
                    TimeSpan.FromSeconds((double)s.DecodeTicks / Stopwatch.Frequency)))).ToArray();
            Interlocked.Increment(ref _requestsCompleted);
            request.Registration.Dispose();
            request.Completion.TrySetResult(new GenerationResult(request.Prompt.Length, samples));
        }
    }

    private void FailBatch(IReadOnlyList<SampleEntry> entries, int result)
    {
        string meaning = result switch
        {
            1 => "no room in the KV cache for the batch",
            2 => "decoding was aborted",
            -1 => "the batch was rejected as invalid",
            _ => "a fatal error in llama.cpp",
        };
        var error = new LlamaException($"llama_decode returned {result} ({meaning}){NativeLog.RecentErrors()}.");
        foreach (var request in entries.Select(e => e.Request).Distinct().ToList())
        {
            // The memory of a failed decode is undefined for its sequences; dropping them keeps the rest consistent.
            ReleaseSequences(request);
            _active.Remove(request);
            request.Completion.TrySetException(error);
            request.Registration.Dispose();
        }
    }
}
