namespace Platform.Cli;

/// <summary>Finds the checkout the program runs from, walking up from its own folder.</summary>
public static class RepositoryRoot
{
    public static string? Find(string? start = null)
    {
        for (var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
