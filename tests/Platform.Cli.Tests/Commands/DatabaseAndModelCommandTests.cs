using Microsoft.EntityFrameworkCore;
using Platform.Cli.Commands;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;
using Platform.Testing;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Tests.Commands;

[Collection(EnvironmentCollection.Name)]
public sealed class DemoModelCommandTests
{
    [Fact]
    public async Task Demo_model_is_generated_once_and_the_same_path_is_printed_again()
    {
        var directory = Path.Combine(TestFiles.NewDirectory(), "models");
        var previous = Environment.GetEnvironmentVariable(DemoModelCommand.ModelsDirectoryVariable);
        Environment.SetEnvironmentVariable(DemoModelCommand.ModelsDirectoryVariable, directory);
        try
        {
            var first = await CliRunner.RunAsync("demo-model");
            Assert.True(first.ExitCode == 0, first.Error);
            var path = first.Out.Trim();
            Assert.Equal(Path.Combine(directory, DemoModelCommand.Spec.FileName), path);
            var written = File.GetLastWriteTimeUtc(path);
            var hash = await ModelFileHash.HashAsync(path);

            var second = await CliRunner.RunAsync("demo-model");

            Assert.Equal(0, second.ExitCode);
            Assert.Equal(path, second.Out.Trim());
            Assert.Equal("", second.Error); // nothing was generated the second time
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
            Assert.Equal(hash, await ModelFileHash.HashAsync(path));
            Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DemoModelCommand.ModelsDirectoryVariable, previous);
        }
    }

    [Fact]
    public void Without_the_variable_models_go_to_the_repository_models_folder()
    {
        var root = RepositoryRoot.Find();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Platform.sln")));
        Assert.Null(RepositoryRoot.Find(Path.GetTempPath()));
    }
}

[Collection(EnvironmentCollection.Name)]
public sealed class SeedCommandTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Seed_stores_every_built_in_suite_and_style_and_a_second_run_changes_nothing()
    {
        var first = await WithDatabase(() => CliRunner.RunAsync("seed"));
        Assert.True(first.ExitCode == 0, first.Error);
        var snapshot = await SnapshotAsync();

        var second = await WithDatabase(() => CliRunner.RunAsync("seed"));

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("nothing changed", second.Out);
        Assert.Equal(snapshot, await SnapshotAsync());

        await using var db = database.CreateContext();
        var suites = await db.Suites.Include(s => s.Items).Where(s => s.Source == SuiteSource.Builtin).ToListAsync();
        Assert.Equal(BuiltInSuites.Names.Order(), suites.Select(s => s.Name).Order());
        foreach (var stored in suites)
        {
            var generated = SuiteCatalog.BuiltIn(stored.Name);
            Assert.Equal(generated.ContentHash, stored.ContentHash);
            Assert.Equal(5 * SuiteCatalog.BuiltInItemsPerLevel, stored.Items.Count);
            // What the worker reads back is exactly what was generated.
            Assert.Equal(generated.ContentHash, SuiteCatalog.FromStored(stored).ContentHash);
        }
        var styles = await db.Styles.Select(s => s.Name).ToListAsync();
        Assert.Equal(StyleCatalog.StoredStyles.Select(s => s.Name).Order(), styles.Order());
    }

    [Fact]
    public async Task Seed_without_a_database_exits_1_and_names_the_setting()
    {
        var result = await WithConnectionString(null, () => CliRunner.RunAsync("seed"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings__Thoughtboard", result.Error);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        var suites = (await db.Suites.Include(s => s.Items).OrderBy(s => s.Id).AsNoTracking().ToListAsync())
            .Select(s => $"{s.Id} {s.Name} {s.Version} {s.ContentHash} {s.Description} {s.CreatedAt:O} {s.Items.Count}");
        var items = (await db.SuiteItems.OrderBy(i => i.Id).AsNoTracking().ToListAsync())
            .Select(i => $"{i.Id} {i.SuiteId} {i.Key} {i.Position} {i.ContentHash}");
        var styles = (await db.Styles.OrderBy(s => s.Id).AsNoTracking().ToListAsync())
            .Select(s => $"{s.Id} {s.Name} {s.Version} {s.ParametersJson} {s.Description} {s.CreatedAt:O}");
        return string.Join('\n', suites.Concat(items).Concat(styles));
    }

    private Task<CliRunner.Result> WithDatabase(Func<Task<CliRunner.Result>> run) => WithConnectionString(database.ConnectionString, run);

    private static async Task<CliRunner.Result> WithConnectionString(string? connectionString, Func<Task<CliRunner.Result>> run)
    {
        const string variable = "ConnectionStrings__Thoughtboard";
        var previous = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, connectionString);
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, previous);
        }
    }
}
