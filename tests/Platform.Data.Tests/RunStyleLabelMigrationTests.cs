using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Data.Tests;

public sealed class RunStyleLabelMigrationTests
{
    [Fact]
    public async Task Runs_made_before_the_label_column_get_the_label_their_style_row_names()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var ids = new Dictionary<string, long>();
        await using (var db = database.CreateContext())
        {
            var model = SampleEntities.Model();
            var suite = SampleEntities.Suite();
            // A row named by its label, a plain style, and an old row whose name leaves the vote to its parameters.
            (string Name, string Parameters)[] styles =
            [
                ("cot+sc5", """{"style": "sc", "samples": 5, "innerName": "cot"}"""),
                ("direct", """{"style": "direct"}"""),
                ("majority", """{"Samples": 3, "base": "cot"}"""),
                ("lone", """{"samples": 1}"""),
            ];
            foreach (var (name, parameters) in styles)
            {
                var style = new ThinkingStyle { Name = name, Version = "1", ParametersJson = parameters, CreatedAt = SampleEntities.Moment };
                var run = SampleEntities.Run(model, suite, style);
                run.StyleLabel = "";
                db.Runs.Add(run);
                await db.SaveChangesAsync();
                ids[name] = run.Id;
            }
        }

        await database.MigrateAsync("20261201233000_RunChatTemplatePath");
        await database.MigrateAsync();

        await using var check = database.CreateContext();
        var labels = await check.Runs.ToDictionaryAsync(r => r.Id, r => r.StyleLabel);
        Assert.Equal("cot+sc5", labels[ids["cot+sc5"]]);
        Assert.Equal("direct", labels[ids["direct"]]);
        Assert.Equal("majority+sc3", labels[ids["majority"]]);
        Assert.Equal("lone", labels[ids["lone"]]);
    }
}
