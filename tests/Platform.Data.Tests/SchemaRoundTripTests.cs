using System.Collections;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Data.Tests;

public sealed class SchemaRoundTripTests(ThoughtboardDatabaseFixture fixture) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Every_entity_reads_back_exactly_as_it_was_written()
    {
        var model = SampleEntities.Model();
        var suite = SampleEntities.Suite(items: 2);
        var style = SampleEntities.Style();
        var user = new User
        {
            UserName = "admin-" + Guid.NewGuid().ToString("N")[..8], Email = "admin@example.org",
            PasswordHash = "AQAAAAIAAYagAAAAEExample", Role = UserRole.Admin, CreatedAt = SampleEntities.Moment,
            LastSignInAt = SampleEntities.Moment.AddDays(1),
        };
        var apiKey = new ApiKey
        {
            Prefix = "tb_" + Guid.NewGuid().ToString("N")[..8], KeyHash = "hash-of-the-key", Name = "ci", Owner = "alice@example.org",
            DailySubmissionQuota = 20, MaxItemsPerSubmission = 5000, RequestsPerMinute = 60,
            CreatedAt = SampleEntities.Moment, LastUsedAt = SampleEntities.Moment.AddHours(2),
        };
        var submission = new Submission
        {
            User = user, Model = model, Suites = [suite], Styles = [style],
            DecodingSettingsJson = """{"temperature": 0}""", ItemLimit = 50, Seed = 7,
            State = SubmissionState.Running, IdempotencyKey = "retry-me", RequestHash = new string('d', 64),
            CreatedAt = SampleEntities.Moment,
        };
        var run = SampleEntities.Run(model, suite, style);
        run.Submission = submission;
        var result = SampleEntities.Result(run, suite.Items[0], sampleIndex: 3);
        var aggregate = new RunAggregate
        {
            Run = run, Mode = ScoringMode.Flexible, Level = 2, ItemCount = 40, CorrectCount = 30, NoAnswerCount = 2,
            Accuracy = 0.75, WilsonLow = 0.598, WilsonHigh = 0.858, NoAnswerRate = 0.05, MeanOutputTokens = 170.25,
            TokensPerCorrect = 226.5, MeanLatencyMs = 2100, ComputedAt = SampleEntities.Moment.AddMinutes(1),
        };
        var worker = new Worker
        {
            Name = "worker-" + Guid.NewGuid().ToString("N")[..8], Machine = "box-1", Backend = WorkerBackend.Cuda,
            LoadedModels = [model.Name, "other"], StartedAt = SampleEntities.Moment, HeartbeatAt = SampleEntities.Moment.AddSeconds(30),
        };
        var idempotency = new IdempotencyRecord
        {
            Key = "retry-me", ApiKey = apiKey, RequestHash = new string('e', 64), ResponseStatusCode = 202,
            ResponseJson = """{"submissionId": 1, "runs": [1, 2]}""", CreatedAt = SampleEntities.Moment,
            ExpiresAt = SampleEntities.Moment.AddDays(1),
        };

        await using (var db = fixture.CreateContext())
        {
            db.AddRange(submission, run, result, aggregate, worker, idempotency);
            await db.SaveChangesAsync();
        }

        await using var read = fixture.CreateContext();
        object[] written = [model, suite, suite.Items[0], suite.Items[1], style, user, apiKey, submission, run, result, aggregate, worker, idempotency];
        foreach (var entity in written)
        {
            var entityType = read.Model.FindEntityType(entity.GetType())!;
            var id = entityType.FindPrimaryKey()!.Properties.Single().PropertyInfo!.GetValue(entity);
            var stored = await read.FindAsync(entity.GetType(), id);
            Assert.NotNull(stored);
            foreach (var property in entityType.GetProperties().Where(p => p.PropertyInfo is not null))
            {
                var expected = property.PropertyInfo!.GetValue(entity);
                var actual = property.PropertyInfo.GetValue(stored);
                var same = property.GetColumnType() == "jsonb"
                    ? JsonNode.DeepEquals(JsonNode.Parse((string)expected!), JsonNode.Parse((string)actual!))
                    : expected is IEnumerable list and not string
                        ? list.Cast<object>().SequenceEqual(((IEnumerable)actual!).Cast<object>())
                        : Equals(expected, actual);
                Assert.True(same, $"{entityType.ClrType.Name}.{property.Name}: wrote {expected}, read {actual}");
            }
        }

        var storedSubmission = await read.Submissions.Include(s => s.Suites).Include(s => s.Styles).SingleAsync(s => s.Id == submission.Id);
        Assert.Equal([suite.Id], storedSubmission.Suites.Select(s => s.Id));
        Assert.Equal([style.Id], storedSubmission.Styles.Select(s => s.Id));
    }

    [Fact]
    public async Task A_second_result_for_the_same_run_item_and_sample_is_rejected()
    {
        var suite = SampleEntities.Suite(items: 1);
        var run = SampleEntities.Run(SampleEntities.Model(), suite, SampleEntities.Style());
        await using (var db = fixture.CreateContext())
        {
            db.AddRange(run, SampleEntities.Result(run, suite.Items[0], sampleIndex: 0), SampleEntities.Result(run, suite.Items[0], sampleIndex: 1));
            await db.SaveChangesAsync();
        }

        await using var retry = fixture.CreateContext();
        retry.Add(new ItemResult
        {
            RunId = run.Id, ItemId = suite.Items[0].Id, SampleIndex = 1, ScorerVersion = "numeric-equal/1",
            VerdictStrict = Verdict.NoAnswer, VerdictFlexible = Verdict.NoAnswer, CreatedAt = SampleEntities.Moment,
        });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => retry.SaveChangesAsync());
        var postgres = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal("IX_ItemResults_RunId_ItemId_SampleIndex", postgres.ConstraintName);
    }

    [Fact]
    public async Task Only_one_whole_run_aggregate_per_mode_is_allowed()
    {
        var run = SampleEntities.Run(SampleEntities.Model(), SampleEntities.Suite(), SampleEntities.Style());
        RunAggregate WholeRun() => new() { Run = run, Mode = ScoringMode.Strict, Level = null, ComputedAt = SampleEntities.Moment };
        await using var db = fixture.CreateContext();
        db.AddRange(WholeRun(), new RunAggregate { Run = run, Mode = ScoringMode.Flexible, ComputedAt = SampleEntities.Moment });
        await db.SaveChangesAsync();

        db.Add(WholeRun());
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task Enums_are_stored_by_name()
    {
        var run = SampleEntities.Run(SampleEntities.Model(), SampleEntities.Suite(), SampleEntities.Style());
        run.State = RunState.Cancelled;
        run.Queue = RunQueue.Gpu;
        await using (var db = fixture.CreateContext())
        {
            db.Add(run);
            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "State", "Queue" FROM "Runs" WHERE "Id" = $1""", connection)
        {
            Parameters = { new() { Value = run.Id } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Cancelled", reader.GetString(0));
        Assert.Equal("Gpu", reader.GetString(1));
    }

    [Fact]
    public async Task A_submission_cannot_name_both_an_api_key_and_a_user()
    {
        var user = new User { UserName = "u-" + Guid.NewGuid().ToString("N")[..8], PasswordHash = "x", CreatedAt = SampleEntities.Moment };
        var key = new ApiKey { Prefix = "tb_" + Guid.NewGuid().ToString("N")[..8], KeyHash = "h", Name = "k", Owner = "o", CreatedAt = SampleEntities.Moment };
        await using var db = fixture.CreateContext();
        db.Add(new Submission { ApiKey = key, User = user, Model = SampleEntities.Model(), RequestHash = "r", CreatedAt = SampleEntities.Moment });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }
}
