using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Import;
using Platform.Testing;

namespace Platform.Cli.Tests.Commands;

[Collection(EnvironmentCollection.Name)]
public sealed class ImportCommandTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string GoodGsm8k =
        """
        {"question": "Ann has 3 pens and buys 4 more. How many pens does she have?", "answer": "3 + 4 = 7\n#### 7"}
        {"question": "A box holds 6 eggs. How many eggs are in 5 boxes?", "answer": "6 * 5 = 30\n#### 30"}

        """;

    private const string BadGsm8k =
        """
        {"question": "Ann has 3 pens and buys 4 more. How many pens does she have?", "answer": "#### 7"}
        this is not json
        {"question": "What is 2 + 2?"}
        {"question": "A box holds 6 eggs. How many eggs are in 5 boxes?", "answer": "#### 30"}

        """;

    private readonly string _directory = TestFiles.NewDirectory();

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Without_a_database_a_good_file_is_validated_and_its_content_hash_printed()
    {
        var path = Write("good.jsonl", GoodGsm8k);

        var result = await WithConnectionString(null, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", "pens"));

        Assert.True(result.ExitCode == 0, result.Error);
        var expected = SuiteImporter.Import(path, ImportFormat.Gsm8k, new ImportOptions { Name = "pens" }).Suite!;
        Assert.Contains($"2 item(s) of 2 record(s) as suite 'pens' {expected.Version}", result.Out);
        Assert.Contains($"content hash {expected.ContentHash}", result.Out);
        Assert.Contains("nothing was stored", result.Out);
    }

    [Fact]
    public async Task A_file_with_bad_lines_is_refused_and_every_bad_line_is_named()
    {
        var path = Write("bad.jsonl", BadGsm8k);

        var result = await WithConnectionString(null, () => CliRunner.RunAsync("import", path, "--format", "gsm8k"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:2: not valid JSON", result.Error);
        Assert.Contains($"{path}:3: missing field 'answer'", result.Error);
        Assert.DoesNotContain($"{path}:1:", result.Error);
        Assert.Contains("--skip-invalid", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Skip_invalid_imports_the_good_lines_and_lists_the_skipped_ones()
    {
        var path = Write("bad.jsonl", BadGsm8k);

        var result = await WithConnectionString(null, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--skip-invalid"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 item(s) of 4 record(s)", result.Out);
        Assert.Contains("skipped 2 invalid line(s)", result.Out);
        Assert.Contains($"{path}:2:", result.Out);
        Assert.Contains($"{path}:3:", result.Out);
    }

    [Fact]
    public async Task A_generic_csv_is_read_through_the_field_map()
    {
        var path = Write("quiz.csv",
            "prompt,expected,options,difficulty\n\"Which planet is red?\",Mars,\"Venus|Mars|Jupiter\",Level 2\n");

        var result = await WithConnectionString(null, () => CliRunner.RunAsync(
            "import", path, "--format", "csv", "--name", "quiz", "--field-map", "q=prompt,a=expected,kind=choice,choices=options,level=difficulty"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("task Commonsense, answer Choice", result.Out);
        Assert.Contains("levels: 2 x1", result.Out);
    }

    [Theory]
    [InlineData("--format", "parquet", "unknown format 'parquet'")]
    [InlineData("--format", "csv", "needs --field-map")]
    [InlineData("--field-map", "q=a,a=b,kind=number", "--format is required")]
    public async Task Bad_options_are_usage_errors(string option, string value, string message)
    {
        var path = Write("any.csv", "a,b\n1,2\n");

        var result = await CliRunner.RunAsync("import", path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData("q=prompt,kind=number", "needs a=")]
    [InlineData("q=prompt,a=answer,kind=poem", "kind 'poem'")]
    [InlineData("q=prompt,a=answer,kind=number,colour=red", "unknown key 'colour'")]
    [InlineData("q=prompt,a=answer,kind=number,task=cooking", "task 'cooking'")]
    public async Task A_bad_field_map_is_a_usage_error_that_says_what_is_wrong(string map, string message)
    {
        var path = Write("any.jsonl", "{}\n");

        var result = await CliRunner.RunAsync("import", path, "--format", "jsonl", "--field-map", map);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Private_marks_the_suite_hidden_and_a_later_import_without_it_keeps_it_hidden()
    {
        var path = Write("good.jsonl", GoodGsm8k);
        var publicName = "open-" + Guid.NewGuid().ToString("N")[..8];
        var hiddenName = "hidden-" + Guid.NewGuid().ToString("N")[..8];

        var hidden = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", hiddenName, "--private"));
        var again = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", hiddenName));
        await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", publicName));
        var madePrivate = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", publicName, "--private"));

        Assert.True(hidden.ExitCode == 0, hidden.Error);
        Assert.Contains("shown to administrators only", hidden.Out);
        Assert.Contains("nothing changed", again.Out);
        Assert.Contains("it is now private", madePrivate.Out);
        await using var db = database.CreateContext();
        Assert.True(await db.Suites.Where(s => s.Name == hiddenName).Select(s => s.IsPrivate).SingleAsync());
        Assert.True(await db.Suites.Where(s => s.Name == publicName).Select(s => s.IsPrivate).SingleAsync());
    }

    [Fact]
    public async Task With_a_database_the_suite_is_stored_once_and_a_second_import_changes_nothing()
    {
        var path = Write("good.jsonl", GoodGsm8k);
        var name = "pens-" + Guid.NewGuid().ToString("N")[..8];

        var first = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", name));
        var second = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", name));

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Stored as suite #", first.Out);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("with the same content; nothing changed", second.Out);
        await using var db = database.CreateContext();
        var stored = await db.Suites.Include(s => s.Items).SingleAsync(s => s.Name == name);
        Assert.Equal(SuiteSource.Imported, stored.Source);
        Assert.Equal(2, stored.Items.Count);
        Assert.Equal(SuiteImporter.Import(path, ImportFormat.Gsm8k, new ImportOptions { Name = name }).Suite!.ContentHash, stored.ContentHash);

        var listed = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("suites"));
        Assert.Contains($"{name} v{stored.Version}", listed.Out);
    }

    [Fact]
    public async Task Eval_finds_an_imported_suite_in_the_database_by_name()
    {
        var path = Write("good.jsonl", GoodGsm8k);
        var name = "eggs-" + Guid.NewGuid().ToString("N")[..8];
        var log = Path.Combine(_directory, "imported-run.jsonl");
        var imported = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync("import", path, "--format", "gsm8k", "--name", name));
        Assert.True(imported.ExitCode == 0, imported.Error);

        var result = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", name, "--style", "direct", "--max-tokens", "8", "--parallel", "2", "--out", log));

        Assert.True(result.ExitCode == 0, result.Error);
        var run = await Platform.Worker.Evaluation.RunLog.ReadAsync(log);
        var suite = SuiteImporter.Import(path, ImportFormat.Gsm8k, new ImportOptions { Name = name }).Suite!;
        Assert.Equal(name, run.Header.Run.Suite);
        Assert.Equal(suite.ContentHash, run.Header.Run.SuiteContentHash);
        Assert.Equal(suite.Items.Select(i => i.Id).Order(), run.Items.Select(i => i.ItemId).Order());

        var unknown = await WithConnectionString(database.ConnectionString, () => CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "no-such-" + name, "--style", "direct"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No imported suite named", unknown.Error);
    }

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
