using Platform.Llama.Engine;

namespace Platform.Llama;

internal enum EntryKind { NextToken, PromptEnd }

/// <summary>A token of the planned batch whose logits are sampled after the decode.</summary>
internal readonly record struct SampleEntry(EntryKind Kind, ScheduledRequest Request, ScheduledSequence? Sequence, int BatchIndex);

/// <summary>
/// Plans one decode step. Every generating sequence gets its one pending token first (so every running sample
/// advances every step); prompts of admitted requests share the rest of <see cref="BatchSize"/> in arrival order,
/// chunked to fit, and a prompt takes the lowest free sequence id when its first chunk goes in. The batch is then
/// written in sequence-id order, because llama.cpp decodes sequences with ascending consecutive ids in one pass.
/// </summary>
internal sealed class BatchPlanner(int batchSize)
{
    private readonly List<SampleEntry> _entries = [];

    public int BatchSize { get; } = batchSize;

    /// <summary>The tokens of the last plan whose logits are sampled, in batch order.</summary>
    public IReadOnlyList<SampleEntry> Entries => _entries;

    /// <summary>Tokens in the last plan.</summary>
    public int TokenCount { get; private set; }

    /// <summary>Sequences with a token in the last plan.</summary>
    public int SequenceCount { get; private set; }

    /// <summary>Whether the last plan's sequence ids were not one run of consecutive ids.</summary>
    public bool Split { get; private set; }

    public void Plan(IEngineContext context, SequenceSlots slots, IReadOnlyList<ScheduledRequest> active)
    {
        _entries.Clear();
        context.ClearBatch();
        int count = 0;
        int sequenceCount = 0;

        int budget = BatchSize;
        foreach (var sequence in slots.Occupied)
        {
            if (sequence.PendingToken >= 0)
                budget--;
        }
        foreach (var request in active)
        {
            int take = Math.Min(request.Prompt.Length - request.PromptFed, budget);
            request.PromptChunk = take;
            budget -= take;
            if (take > 0 && request.Sequences[0].Id < 0)
                slots.Occupy(request.Sequences[0], slots.LowestFreeId());
        }

        int previousId = -1;
        bool split = false;
        foreach (var sequence in slots.Occupied)
        {
            var request = sequence.Owner;
            if (sequence.PendingToken >= 0)
            {
                _entries.Add(new SampleEntry(EntryKind.NextToken, request, sequence, count));
                context.AddToBatch(sequence.PendingToken, sequence.Position, sequence.Id, wantLogits: true);
                count++;
            }
            else if (sequence.Index == 0 && request.PromptChunk > 0)
            {
                sequence.HoldsMemory = true;
                for (int j = 0; j < request.PromptChunk; j++)
                {
                    int position = request.PromptFed + j;
                    bool last = position == request.Prompt.Length - 1;
                    if (last)
                        _entries.Add(new SampleEntry(EntryKind.PromptEnd, request, null, count));
                    context.AddToBatch(request.Prompt[position], position, sequence.Id, wantLogits: last);
                    count++;
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
            sequenceCount++;
        }
        TokenCount = count;
        SequenceCount = sequenceCount;
        Split = split;
    }
}

/// <summary>The context's sequence ids and which sequence holds each; touched only by the decode thread.</summary>
internal sealed class SequenceSlots(int count)
{
    private readonly ScheduledSequence?[] _slots = new ScheduledSequence?[count];

    public int Count => _slots.Length;

    /// <summary>The sequences that hold an id, in id order.</summary>
    public IEnumerable<ScheduledSequence> Occupied
    {
        get
        {
            foreach (var sequence in _slots)
            {
                if (sequence is not null)
                    yield return sequence;
            }
        }
    }

    public int OccupiedCount => _slots.Count(s => s is not null);

    public ScheduledSequence? this[int id] => _slots[id];

    public int LowestFreeId() => Array.IndexOf(_slots, null);

    public void Occupy(ScheduledSequence sequence, int id)
    {
        _slots[id] = sequence;
        sequence.Id = id;
    }

    public void Free(int id) => _slots[id] = null;
}
