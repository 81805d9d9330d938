using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Security;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard apikey create|list|revoke</c>: API keys for programs that use the REST API. The key is printed
/// once, at creation; the database keeps only its prefix and SHA-256 hash.
/// </summary>
internal static class ApiKeyCommand
{
    public const string Usage =
        "apikey create --name N [--owner WHO] [--quota Q] [--rate R] [--max-items M] | apikey list [--all] | apikey revoke <id or prefix>";

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var action = args.Positionals.Count > 0 ? args.Positionals[0] : throw new CommandLineException("say what to do: create, list or revoke.");
        return action switch
        {
            "create" => await CreateAsync(args, context),
            "list" => await ListAsync(args, context),
            "revoke" => await RevokeAsync(args, context),
            _ => throw new CommandLineException($"unknown action '{action}'; use create, list or revoke."),
        };
    }

    private static async Task<int> CreateAsync(CommandArgs args, CommandContext context)
    {
        var name = args.Required("name").Trim();
        var owner = args.Optional("owner");
        var quota = args.OptionalInt("quota", 1);
        var rate = args.OptionalInt("rate", 1);
        var maxItems = args.OptionalInt("max-items", 1);
        args.EnsureAllRead(maxPositionals: 1);
        if (name.Length is 0 or > 200)
        {
            throw new CommandLineException("--name must have 1 to 200 characters.");
        }
        if (owner is { Length: > 200 })
        {
            throw new CommandLineException("--owner (who the key is for: a person, team or e-mail address) has at most 200 characters.");
        }

        return await WithDatabaseAsync(context, "apikey create", async db =>
        {
            var issued = ApiKeyTokens.Issue();
            var key = new ApiKey
            {
                Name = name,
                Prefix = issued.Prefix,
                KeyHash = issued.Hash,
                Owner = owner ?? "",
                DailySubmissionQuota = quota,
                RequestsPerMinute = rate,
                MaxItemsPerSubmission = maxItems,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(context.CancellationToken);
            context.Error.WriteLine($"Created API key {key.Id} '{key.Name}' (prefix {key.Prefix}). It is shown only now; store it safely:");
            context.Out.WriteLine(issued.Secret);
            return 0;
        });
    }

    private static async Task<int> ListAsync(CommandArgs args, CommandContext context)
    {
        var all = args.Flag("all");
        args.EnsureAllRead(maxPositionals: 1);
        return await WithDatabaseAsync(context, "apikey list", async db =>
        {
            var keys = await db.ApiKeys.AsNoTracking()
                .Where(k => all || k.RevokedAt == null)
                .OrderBy(k => k.Id)
                .ToListAsync(context.CancellationToken);
            context.Out.WriteLine($"{"ID",-6} {"PREFIX",-13} {"NAME",-24} {"OWNER",-24} {"QUOTA/DAY",-10} {"RATE/MIN",-9} {"LAST USED",-20} REVOKED");
            foreach (var key in keys)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{key.Id,-6} {key.Prefix,-13} {Clip(key.Name, 24),-24} {Clip(key.Owner.Length > 0 ? key.Owner : "-", 24),-24} {key.DailySubmissionQuota?.ToString(CultureInfo.InvariantCulture) ?? "-",-10} " +
                    $"{key.RequestsPerMinute?.ToString(CultureInfo.InvariantCulture) ?? "default",-9} {key.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never",-20} " +
                    $"{key.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}"));
            }
            if (keys.Count == 0)
            {
                context.Error.WriteLine(all ? "There are no API keys." : "There are no active API keys (--all also lists revoked ones).");
            }
            return 0;
        });
    }

    private static async Task<int> RevokeAsync(CommandArgs args, CommandContext context)
    {
        args.EnsureAllRead(maxPositionals: 2);
        var which = args.Positionals.Count == 2 ? args.Positionals[1] : throw new CommandLineException("name the key to revoke by its id or prefix.");
        return await WithDatabaseAsync(context, "apikey revoke", async db =>
        {
            var key = long.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, context.CancellationToken)
                : await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == which, context.CancellationToken);
            if (key is null)
            {
                context.Error.WriteLine($"thoughtboard apikey revoke: there is no API key with id or prefix '{which}' ('thoughtboard apikey list --all' shows them).");
                return 1;
            }
            if (key.RevokedAt is { } earlier)
            {
                context.Out.WriteLine($"API key {key.Id} '{key.Name}' was already revoked at {earlier:u}.");
                return 0;
            }
            key.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(context.CancellationToken);
            context.Out.WriteLine($"Revoked API key {key.Id} '{key.Name}' ({key.Prefix}); requests with it now get 401.");
            return 0;
        });
    }

    /// <summary>Runs <paramref name="work"/> on the configured database, reporting a missing or unreachable one as an error.</summary>
    internal static async Task<int> WithDatabaseAsync(CommandContext context, string command, Func<ThoughtboardDbContext, Task<int>> work)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        try
        {
            builder.AddThoughtboardData();
            using var host = builder.Build();
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>().CreateDbContextAsync(context.CancellationToken);
            return await work(db);
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"thoughtboard {command}: {ex.Message}");
            return 1;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            context.Error.WriteLine($"thoughtboard {command}: the database could not be reached ({ex.Message}); is PostgreSQL running and ConnectionStrings__Thoughtboard right?");
            return 1;
        }
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
