using System.Runtime.CompilerServices;
using System.Text;
using Platform.Evaluation.Datasets.Import;

namespace Platform.Evaluation.Tests.Import;

internal static class Samples
{
    /// <summary>The sample files sit next to this source file; the compiler records its path.</summary>
    public static string PathOf(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "samples", name);

    public static ImportReport FromText(string text, ImportFormat format, ImportOptions? options = null) =>
        SuiteImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, options);

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
