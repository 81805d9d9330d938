using Platform.Llama;
using Platform.Gguf;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard demo-model</c>: prints the path of a small generated GGUF model, writing it first when it is
/// missing. Its weights are random (the text it writes is meaningless), but it loads and decodes like a real
/// llama model, so every command and page can be tried without downloading one.
/// </summary>
internal static class DemoModelCommand
{
    public const string ModelsDirectoryVariable = "THOUGHTBOARD_MODELS_DIR";

    /// <summary>
    /// 64 wide, 2 layers, Q8_0 (about 4.5 MB), the engine's tiny shape with its own seed. A whole built-in suite
    /// (100 items x 512 output tokens, which random weights always use up) costs about 17 s of one core with
    /// direct or cot; 128 wide measured 44 s, because the 32000-token output layer dominates each step.
    /// </summary>
    public static TestModelSpec Spec { get; } = new("thoughtboard-demo", 64, 2, 128, 4, 4, 4096, GgmlType.Q8_0, 2026);

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        args.EnsureAllRead();
        var directory = ModelsDirectory();
        if (directory is null)
        {
            context.Error.WriteLine(
                $"thoughtboard demo-model: the repository root (a folder holding Platform.sln) was not found above {AppContext.BaseDirectory}; " +
                $"set {ModelsDirectoryVariable} to the folder where models should go.");
            return 1;
        }
        var path = Path.Combine(directory, Spec.FileName);
        if (!File.Exists(path))
        {
            await NativeAssets.EnsureVocabularyAsync(context.Error, context.CancellationToken);
            try
            {
                Directory.CreateDirectory(directory);
                // Written aside and renamed, so an interrupted run never leaves a half model behind under the final name.
                var partial = path + ".partial";
                TestModelGenerator.Write(Spec, partial);
                File.Move(partial, path, overwrite: true);
                context.Error.WriteLine($"Generated the demo model ({new FileInfo(path).Length / (1024 * 1024)} MB).");
            }
            catch (Exception ex) when (ex is LlamaException or GgufFormatException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"thoughtboard demo-model: cannot write the demo model in '{directory}': {ex.Message}");
                return 1;
            }
        }
        context.Out.WriteLine(path);
        return 0;
    }

    /// <summary><c>$THOUGHTBOARD_MODELS_DIR</c>, else <c>.models/</c> of the repository the program was built in.</summary>
    /// <returns>Null when neither is set nor found.</returns>
    public static string? ModelsDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(ModelsDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        return RepositoryRoot.Find() is { } root ? Path.Combine(root, ".models") : null;
    }
}
