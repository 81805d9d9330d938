using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;

namespace Platform.Cli.Commands;

/// <summary>The database of commands that use one when it is configured (<c>ConnectionStrings__Thoughtboard</c>).</summary>
internal sealed class CliDatabase : IDisposable
{
    private readonly IHost _host;

    private CliDatabase(IHost host) => _host = host;

    /// <summary>True when a connection string is set, even an invalid one (opening then explains what is wrong).</summary>
    public static bool IsConfigured()
    {
        var builder = Host.CreateApplicationBuilder();
        return !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ThoughtboardDataExtensions.ConnectionStringName));
    }

    /// <exception cref="InvalidOperationException">No connection string, or a malformed one.</exception>
    public static CliDatabase Open()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddThoughtboardData();
        return new CliDatabase(builder.Build());
    }

    public Task<ThoughtboardDbContext> CreateContextAsync(CancellationToken cancellationToken) =>
        _host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>().CreateDbContextAsync(cancellationToken);

    public void Dispose() => _host.Dispose();
}
