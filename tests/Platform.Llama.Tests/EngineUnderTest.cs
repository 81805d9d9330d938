using Platform.Llama.Engine;

namespace Platform.Llama.Tests;

/// <summary>The engine the shared behaviour tests in <c>Engine/</c> run on in this test project.</summary>
public static class EngineUnderTest
{
    public const LlamaEngineKind Kind = LlamaEngineKind.Native;
}
