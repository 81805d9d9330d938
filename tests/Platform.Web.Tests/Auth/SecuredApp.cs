using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Web.Tests.Auth;

/// <summary>
/// The real web app on a test database with a clock the test moves, a password hasher that counts its work,
/// a counter of the SQL commands sent, and optionally a fixed client address for every request.
/// </summary>
public sealed class SecuredApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, IPAddress? clientAddress = null)
    : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CountingHasher Hasher { get; } = new();

    public SqlCounter Sql { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Thoughtboard", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IPasswordHasher<User>>(Hasher);
            services.ConfigureDbContext<ThoughtboardDbContext>(options => options.AddInterceptors(Sql));
            if (clientAddress is not null)
            {
                services.AddSingleton<IStartupFilter>(new ClientAddress(clientAddress));
            }
        });
    }

    public HttpClient Client(string baseAddress = "http://localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    public ThoughtboardDbContext Db() => database.CreateContext();

    public async Task<User> AddUserAsync(string userName, string password, UserRole role = UserRole.Member)
    {
        var user = new User { UserName = userName, Email = userName, PasswordHash = "", Role = role, CreatedAt = DateTimeOffset.UtcNow };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        await using var db = Db();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task<User> ReloadAsync(User user)
    {
        await using var db = Db();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
    }

    /// <summary>Changes the stored user the way the CLI does: load, call one of its methods, save.</summary>
    public async Task ChangeAsync(User user, Action<User> change)
    {
        await using var db = Db();
        var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
        change(stored);
        await db.SaveChangesAsync();
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/account/sign-in", new { userName, password });

    /// <summary>Signs in and returns the session cookie as a Cookie header any client can send, as a thief would.</summary>
    public async Task<string> SessionCookieAsync(string userName, string password)
    {
        var response = await SignInAsync(WithCookie(null), userName, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("thoughtboard=")).Split(';')[0];
    }

    /// <summary>A client that keeps no cookies of its own and sends the given one on every request.</summary>
    public HttpClient WithCookie(string? cookie)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }
        return client;
    }

    private sealed class ClientAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>ASP.NET Core Identity's hasher, counting how often a password was checked.</summary>
public sealed class CountingHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Counts the SQL commands the app sends that mention a table.</summary>
public sealed class SqlCounter : DbCommandInterceptor
{
    private readonly List<string> _commands = [];

    public int Mentioning(string table)
    {
        lock (_commands)
        {
            return _commands.Count(c => c.Contains($"\"{table}\"", StringComparison.Ordinal));
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        lock (_commands)
        {
            _commands.Add(command.CommandText);
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
