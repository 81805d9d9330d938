namespace Platform.Llama.Engine;

public enum LlamaEngineKind { Auto, Native, LlamaSharp }

/// <summary>
/// Which engine ran and which native build it loaded, as a run records it: <paramref name="Engine"/> is
/// <c>native</c> or <c>llamasharp</c>; <paramref name="Build"/> names the package, its llama.cpp version and the CPU
/// (or GPU) variant that was really loaded, e.g. <c>node-llama-cpp 3.22.1 (llama.cpp v0.5.0), cpu, libggml-cpu-zen4.so</c>.
/// </summary>
public sealed record LlamaEngineBuild(string Engine, string Build)
{
    public override string ToString() => $"{Engine} engine, {Build}";
}
