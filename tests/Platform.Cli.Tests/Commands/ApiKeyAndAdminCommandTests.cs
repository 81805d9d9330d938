using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Cli.Commands;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Testing;

namespace Platform.Cli.Tests.Commands;

[Collection(EnvironmentCollection.Name)]
public sealed class ApiKeyAndAdminCommandTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Apikey_create_prints_the_key_once_and_stores_only_prefix_and_hash()
    {
        var created = await WithDatabase(() => CliRunner.RunAsync("apikey", "create", "--name", "ci", "--owner", "build team", "--quota", "7", "--rate", "30", "--max-items", "500"));

        Assert.True(created.ExitCode == 0, created.Error);
        var secret = created.Out.Trim();
        Assert.True(ApiKeyTokens.TryGetPrefix(secret, out var prefix));
        await using var db = database.CreateContext();
        var key = await db.ApiKeys.SingleAsync(k => k.Prefix == prefix);
        Assert.Equal(ApiKeyTokens.Hash(secret), key.KeyHash);
        Assert.DoesNotContain(secret, key.KeyHash + key.Prefix + key.Name);
        Assert.Equal(("ci", "build team", 7, 30, 500), (key.Name, key.Owner, key.DailySubmissionQuota, key.RequestsPerMinute, key.MaxItemsPerSubmission));

        var listed = await WithDatabase(() => CliRunner.RunAsync("apikey", "list"));
        Assert.Contains(prefix, listed.Out);
        Assert.DoesNotContain(secret, listed.Out);
    }

    [Fact]
    public async Task Apikey_revoke_by_prefix_marks_the_key_and_list_hides_it_unless_asked()
    {
        var secret = (await WithDatabase(() => CliRunner.RunAsync("apikey", "create", "--name", "short-lived"))).Out.Trim();
        ApiKeyTokens.TryGetPrefix(secret, out var prefix);

        var revoked = await WithDatabase(() => CliRunner.RunAsync("apikey", "revoke", prefix));

        Assert.True(revoked.ExitCode == 0, revoked.Error);
        await using var db = database.CreateContext();
        Assert.NotNull((await db.ApiKeys.SingleAsync(k => k.Prefix == prefix)).RevokedAt);
        Assert.DoesNotContain(prefix, (await WithDatabase(() => CliRunner.RunAsync("apikey", "list"))).Out);
        Assert.Contains(prefix, (await WithDatabase(() => CliRunner.RunAsync("apikey", "list", "--all"))).Out);
        Assert.Equal(1, (await WithDatabase(() => CliRunner.RunAsync("apikey", "revoke", "ffffffffffff"))).ExitCode);
    }

    [Fact]
    public async Task Apikey_usage_errors_exit_2_and_store_nothing()
    {
        await using var db = database.CreateContext();
        var before = await db.ApiKeys.CountAsync();

        Assert.Equal(2, (await WithDatabase(() => CliRunner.RunAsync("apikey"))).ExitCode);
        Assert.Equal(2, (await WithDatabase(() => CliRunner.RunAsync("apikey", "create"))).ExitCode);
        var badRate = await WithDatabase(() => CliRunner.RunAsync("apikey", "create", "--name", "x", "--rate", "0"));
        Assert.Equal(2, badRate.ExitCode);
        Assert.Contains("--rate", badRate.Error);

        Assert.Equal(before, await db.ApiKeys.CountAsync());
    }

    [Fact]
    public async Task Admin_create_hashes_the_password_from_stdin_with_the_identity_hasher()
    {
        var email = $"admin-{Guid.NewGuid():N}@example.org";
        var result = await RunAdminAsync(["create", "--email", email, "--password-stdin"], "correct horse battery staple\n");

        Assert.True(result.ExitCode == 0, result.Error);
        await using var db = database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(UserRole.Admin, user.Role);
        Assert.DoesNotContain("horse", user.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<User>().VerifyHashedPassword(user, user.PasswordHash, "correct horse battery staple"));

        var again = await RunAdminAsync(["create", "--email", email, "--password-stdin"], "another long password\n");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error);
    }

    [Fact]
    public async Task Admin_create_refuses_short_passwords_bad_emails_and_a_missing_terminal()
    {
        var email = $"short-{Guid.NewGuid():N}@example.org";
        var shortPassword = await RunAdminAsync(["create", "--email", email, "--password-stdin"], "short\n");
        Assert.Equal(1, shortPassword.ExitCode);
        Assert.Contains("at least 12", shortPassword.Error);

        await Assert.ThrowsAsync<CommandLineException>(() => RunAdminAsync(["create", "--email", "not-an-address", "--password-stdin"], "long enough password\n"));
        await Assert.ThrowsAsync<CommandLineException>(() => RunAdminAsync(["create", "--email", email], ""));

        await using var db = database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Admin_create_asks_twice_on_a_terminal_and_stops_when_the_answers_differ()
    {
        var email = $"prompt-{Guid.NewGuid():N}@example.org";
        var answers = new Queue<string>(["first long password", "second long password"]);

        var result = await RunAdminAsync(["create", "--email", email], "", _ => answers.Dequeue());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("differ", result.Error);
        await using var db = database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    private async Task<CliRunner.Result> RunAdminAsync(string[] args, string stdin, Func<string, string?>? prompt = null) =>
        await WithDatabase(async () =>
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await AdminCommand.RunAsync(
                CommandArgs.Parse(args), new CommandContext(stdout, stderr, CancellationToken.None), new StringReader(stdin), prompt);
            return new CliRunner.Result(code, stdout.ToString(), stderr.ToString());
        });

    private async Task<CliRunner.Result> WithDatabase(Func<Task<CliRunner.Result>> run)
    {
        const string variable = "ConnectionStrings__Thoughtboard";
        var previous = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, database.ConnectionString);
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
