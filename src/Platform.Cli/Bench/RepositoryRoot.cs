namespace Platform.Cli.Bench;

/// <summary>The Thoughtboard checkout the CLI runs from: the benchmark needs its scripts and its <c>.models/</c> folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "scripts", "llama-reference.sh")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new BenchException("No Thoughtboard checkout (a folder with scripts/llama-reference.sh) was found above the current directory; run the benchmark from inside the repository.");
    }
}
