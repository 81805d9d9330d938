using System.Runtime.InteropServices;
using Platform.Llama.Native;

namespace Platform.Llama.Engine;

/// <summary>
/// Chooses the engine once per process. The native binding and LLamaSharp ship libraries with the same sonames
/// (libllama, libggml*), so one process can load only one of them; a later request for the other fails.
/// </summary>
public static class LlamaEngines
{
    public const string EngineVariable = "THOUGHTBOARD_ENGINE";

    private const string LlamaSharpType = "Platform.Llama.LlamaSharp.LlamaSharpEngine, Platform.Llama.LlamaSharp";

    private static readonly Lock ChoiceLock = new();
    private static ILlamaEngine? _current;

    /// <summary>The engine in use, or null before a model was loaded or <see cref="Use"/> was called.</summary>
    public static ILlamaEngine? Chosen => Volatile.Read(ref _current);

    /// <summary>The engine in use; chosen from <c>THOUGHTBOARD_ENGINE</c> (default auto) on first use.</summary>
    public static ILlamaEngine Current => Chosen ?? Use(Parse(Environment.GetEnvironmentVariable(EngineVariable)));

    /// <summary>Reads an engine name; empty means <see cref="LlamaEngineKind.Auto"/>.</summary>
    /// <exception cref="LlamaException">The value is none of native, llamasharp and auto.</exception>
    public static LlamaEngineKind Parse(string? value, string source = EngineVariable)
    {
        if (string.IsNullOrWhiteSpace(value))
            return LlamaEngineKind.Auto;
        return value.Trim().ToLowerInvariant() switch
        {
            "native" => LlamaEngineKind.Native,
            "llamasharp" => LlamaEngineKind.LlamaSharp,
            "auto" => LlamaEngineKind.Auto,
            _ => throw new LlamaException($"{source}='{value}' is not an engine; use native, llamasharp or auto."),
        };
    }

    /// <summary>Auto is the native binding where its npm libraries exist (linux-x64) and LLamaSharp elsewhere.</summary>
    public static LlamaEngineKind Resolve(LlamaEngineKind kind) => kind != LlamaEngineKind.Auto
        ? kind
        : OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? LlamaEngineKind.Native : LlamaEngineKind.LlamaSharp;

    public static string Name(LlamaEngineKind kind) => Resolve(kind) == LlamaEngineKind.Native ? "native" : "llamasharp";

    /// <summary>Selects the engine for this process; asking again for the same one returns it, for another one fails.</summary>
    public static ILlamaEngine Use(LlamaEngineKind kind)
    {
        var wanted = Resolve(kind);
        lock (ChoiceLock)
        {
            if (_current is { } current)
            {
                if (kind != LlamaEngineKind.Auto && current.Kind != wanted)
                    throw new LlamaException(
                        $"This process already runs the {Name(current.Kind)} engine; the {Name(wanted)} engine needs a process of its own " +
                        "(both load libraries named libllama and libggml).");
                return current;
            }
            var engine = wanted == LlamaEngineKind.Native ? new NativeEngine() : CreateLlamaSharp();
            Volatile.Write(ref _current, engine);
            return engine;
        }
    }

    // Platform.Llama cannot reference the LLamaSharp backend (it implements this project's contract), so the
    // application ships it beside this assembly and it is found by name.
    private static ILlamaEngine CreateLlamaSharp()
    {
        var type = Type.GetType(LlamaSharpType, throwOnError: false)
            ?? throw new LlamaException(
                "The llamasharp engine was asked for but Platform.Llama.LlamaSharp.dll is not part of this application. " +
                $"Reference src/Platform.Llama.LlamaSharp from the host project, or set {EngineVariable}=native.");
        return (ILlamaEngine)Activator.CreateInstance(type)!;
    }
}
