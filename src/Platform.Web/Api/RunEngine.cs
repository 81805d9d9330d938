namespace Platform.Web.Api;

/// <summary>
/// Which engine ran a run (<c>native</c> or <c>llamasharp</c>) and the native build it loaded (package, llama.cpp
/// version, CPU or GPU variant), as the worker stored them when the run started; both null before.
/// </summary>
public sealed record RunEngine(string? Name, string? Build);
