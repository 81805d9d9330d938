using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Cli.Commands;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Cli.Tests.Commands;

[Collection(EnvironmentCollection.Name)]
public sealed class AdminUserCommandTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Disable_renews_the_stamp_and_enable_lets_the_user_back_in_without_reviving_old_sessions()
    {
        var user = await AddUserAsync(UserRole.Member);

        var disabled = await RunAsync(["disable", "--email", user.UserName]);
        var afterDisable = await ReloadAsync(user);
        var enabled = await RunAsync(["enable", "--email", user.UserName]);
        var afterEnable = await ReloadAsync(user);

        Assert.True(disabled.ExitCode == 0, disabled.Error);
        Assert.NotNull(afterDisable.DisabledAt);
        Assert.NotEqual(user.SecurityStamp, afterDisable.SecurityStamp);
        Assert.True(enabled.ExitCode == 0, enabled.Error);
        Assert.Null(afterEnable.DisabledAt);
        Assert.Equal(afterDisable.SecurityStamp, afterEnable.SecurityStamp);
    }

    [Fact]
    public async Task Role_demotes_an_admin_and_renews_the_stamp()
    {
        var user = await AddUserAsync(UserRole.Admin);

        var result = await RunAsync(["role", "--email", user.UserName, "--role", "member"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var stored = await ReloadAsync(user);
        Assert.Equal(UserRole.Member, stored.Role);
        Assert.NotEqual(user.SecurityStamp, stored.SecurityStamp);
        await Assert.ThrowsAsync<CommandLineException>(() => RunAsync(["role", "--email", user.UserName, "--role", "owner"]));
        await Assert.ThrowsAsync<CommandLineException>(() => RunAsync(["role", "--email", user.UserName, "--role", "1"]));
        Assert.Equal(stored.SecurityStamp, (await ReloadAsync(user)).SecurityStamp);
    }

    [Fact]
    public async Task Password_sets_a_new_hash_lifts_a_lockout_and_renews_the_stamp()
    {
        var user = await AddUserAsync(UserRole.Member, lockedUntil: DateTimeOffset.UtcNow.AddMinutes(10));

        var result = await RunAsync(["password", "--email", user.UserName, "--password-stdin"], "a brand new password");

        Assert.True(result.ExitCode == 0, result.Error);
        var stored = await ReloadAsync(user);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<User>().VerifyHashedPassword(stored, stored.PasswordHash, "a brand new password"));
        Assert.Null(stored.LockedUntil);
        Assert.NotEqual(user.SecurityStamp, stored.SecurityStamp);
    }

    [Fact]
    public async Task Changes_to_an_unknown_user_or_with_a_short_password_change_nothing()
    {
        var user = await AddUserAsync(UserRole.Member);

        var unknown = await RunAsync(["disable", "--email", "nobody@example.org"]);
        var tooShort = await RunAsync(["password", "--email", user.UserName, "--password-stdin"], "short");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no user 'nobody@example.org'", unknown.Error);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 12", tooShort.Error);
        var stored = await ReloadAsync(user);
        Assert.Equal((user.PasswordHash, user.SecurityStamp), (stored.PasswordHash, stored.SecurityStamp));
    }

    private async Task<User> AddUserAsync(UserRole role, DateTimeOffset? lockedUntil = null)
    {
        var name = $"cli-{Guid.NewGuid():N}@example.org";
        var user = new User { UserName = name, Email = name, PasswordHash = "", Role = role, CreatedAt = DateTimeOffset.UtcNow, FailedSignInCount = 2, LockedUntil = lockedUntil };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, "the first password");
        await using var db = database.CreateContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private async Task<User> ReloadAsync(User user)
    {
        await using var db = database.CreateContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
    }

    private async Task<CliRunner.Result> RunAsync(string[] args, string stdin = "")
    {
        const string variable = "ConnectionStrings__Thoughtboard";
        var previous = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, database.ConnectionString);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await AdminCommand.RunAsync(CommandArgs.Parse(args), new CommandContext(stdout, stderr, CancellationToken.None), new StringReader(stdin), null);
            return new CliRunner.Result(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, previous);
        }
    }
}
