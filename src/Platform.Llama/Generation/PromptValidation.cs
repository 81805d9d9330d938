using Platform.Llama.Engine;

namespace Platform.Llama;

/// <summary>Checks a request before it is queued, so a bad one faults its own task and never reaches the decode loop.</summary>
internal static class PromptValidation
{
    /// <summary>The prompt's tokens (text is tokenized with BOS and special-token text parsed).</summary>
    /// <exception cref="ArgumentException">An invalid setting, an empty prompt or a token outside the vocabulary.</exception>
    /// <exception cref="LlamaException">The prompt does not fit in one sequence.</exception>
    public static int[] Prepare(GenerationRequest request, IEngineModel model, int sequences, int sequenceLength)
    {
        if (request.Samples < 1 || request.Samples > sequences)
            throw new ArgumentException($"Samples must be between 1 and the generator's {sequences} sequence slots, not {request.Samples}.", nameof(request));
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

        int[] prompt = request.PromptTokens?.ToArray() ?? model.Tokenize(request.Prompt!, addSpecial: true, parseSpecial: true);
        if (prompt.Length == 0)
            throw new ArgumentException("The prompt is empty.", nameof(request));
        int vocabularySize = model.Facts.VocabularySize;
        foreach (int token in prompt)
        {
            if (token < 0 || token >= vocabularySize)
                throw new ArgumentException($"Prompt token {token} is outside the vocabulary (0 to {vocabularySize - 1}).", nameof(request));
        }
        if (prompt.Length >= sequenceLength)
            throw new LlamaException(
                $"The prompt has {prompt.Length} tokens but one sequence holds {sequenceLength} (prompt and answer together). " +
                "Shorten the prompt or create the generator with a larger SequenceLength.");
        return prompt;
    }
}
