using Platform.Llama.Engine;

namespace Platform.Llama.Tests;

/// <summary>The engine the shared behaviour tests run on in this test project.</summary>
public static class EngineUnderTest
{
    public const LlamaEngineKind Kind = LlamaEngineKind.LlamaSharp;
}
