namespace Platform.Llama.Native;

/// <summary>Builds one llama.cpp sampler chain per sequence: the dist sampler keeps per-sequence RNG state.</summary>
internal static class SamplerChain
{
    public static SafeLlamaSamplerHandle Create(SamplingOptions options, uint seed)
    {
        var parameters = LlamaNative.llama_sampler_chain_default_params();
        parameters.NoPerf = 1;
        var chain = LlamaNative.llama_sampler_chain_init(parameters);
        if (chain.IsInvalid)
            throw new LlamaException("llama.cpp could not create a sampler chain.");
        try
        {
            if (options.IsGreedy)
            {
                Add(chain, LlamaNative.llama_sampler_init_greedy());
                return chain;
            }
            // llama.cpp's usual order: truncate the distribution, then scale by temperature, then draw.
            if (options.TopK > 0)
                Add(chain, LlamaNative.llama_sampler_init_top_k(options.TopK));
            if (options.TopP < 1f)
                Add(chain, LlamaNative.llama_sampler_init_top_p(options.TopP, 1));
            if (options.MinP > 0f)
                Add(chain, LlamaNative.llama_sampler_init_min_p(options.MinP, 1));
            Add(chain, LlamaNative.llama_sampler_init_temp(options.Temperature));
            Add(chain, LlamaNative.llama_sampler_init_dist(seed));
            return chain;
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    private static void Add(SafeLlamaSamplerHandle chain, nint sampler)
    {
        if (sampler == 0)
            throw new LlamaException("llama.cpp could not create a sampler.");
        // The chain owns the sampler from here on and frees it with itself.
        LlamaNative.llama_sampler_chain_add(chain, sampler);
    }
}
