using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard admin create|disable|enable|role|password</c>: manages the people who sign in to the web console.
/// Passwords are hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>. Disabling, a new role and a
/// new password end every session of the user (through <see cref="User"/>'s security stamp).
/// </summary>
internal static class AdminCommand
{
    public const string Usage = "admin create|password --email E [--password-stdin] | admin disable|enable --email E | admin role --email E --role admin|member";
    public const int MinPasswordLength = 12;

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context) =>
        await RunAsync(args, context, Console.In, Console.IsInputRedirected ? null : ReadHiddenLine);

    /// <param name="prompt">Reads a password without echo; null when there is no terminal to ask on.</param>
    internal static async Task<int> RunAsync(CommandArgs args, CommandContext context, TextReader stdin, Func<string, string?>? prompt)
    {
        var action = args.Positionals.Count > 0 ? args.Positionals[0] : throw new CommandLineException("say what to do: create, disable, enable, role or password.");
        return action switch
        {
            "create" => await CreateAsync(args, context, stdin, prompt),
            "password" => await ChangeAsync(args, context, "password", user =>
            {
                // Asked before the database is opened would be nicer, but the user must exist first.
                if (ReadPassword(args.Flag("password-stdin"), context, stdin, prompt, "admin password") is not { } password)
                {
                    return null;
                }
                user.ChangePasswordHash(new PasswordHasher<User>().HashPassword(user, password));
                return $"New password for {user.UserName}; their sessions have ended.";
            }),
            "disable" => await ChangeAsync(args, context, "disable", user =>
            {
                user.Disable(DateTimeOffset.UtcNow);
                return $"Disabled {user.UserName}; their sessions have ended.";
            }),
            "enable" => await ChangeAsync(args, context, "enable", user =>
            {
                user.Enable();
                return $"Enabled {user.UserName}; they can sign in again.";
            }),
            "role" => await ChangeRoleAsync(args, context),
            _ => throw new CommandLineException($"unknown action '{action}'; use create, disable, enable, role or password."),
        };
    }

    private static async Task<int> CreateAsync(CommandArgs args, CommandContext context, TextReader stdin, Func<string, string?>? prompt)
    {
        var email = args.Required("email").Trim();
        var fromStdin = args.Flag("password-stdin");
        args.EnsureAllRead(maxPositionals: 1);
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            throw new CommandLineException($"'{email}' is not an email address.");
        }
        if (ReadPassword(fromStdin, context, stdin, prompt, "admin create") is not { } password)
        {
            return 1;
        }

        return await ApiKeyCommand.WithDatabaseAsync(context, "admin create", async db =>
        {
            if (await db.Users.AnyAsync(u => u.UserName == email || u.Email == email, context.CancellationToken))
            {
                context.Error.WriteLine($"thoughtboard admin create: a user '{email}' already exists; nothing was changed.");
                return 1;
            }
            var user = new User { UserName = email, Email = email, PasswordHash = "", Role = UserRole.Admin, CreatedAt = DateTimeOffset.UtcNow };
            user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync(context.CancellationToken);
            context.Out.WriteLine($"Created administrator {email} (user {user.Id}); sign in at /account/login.");
            return 0;
        });
    }

    private static async Task<int> ChangeRoleAsync(CommandArgs args, CommandContext context)
    {
        var text = args.Required("role");
        if (!Enum.TryParse<UserRole>(text, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(text, out _))
        {
            throw new CommandLineException($"unknown role '{text}'; use admin or member.");
        }
        return await ChangeAsync(args, context, "role", user =>
        {
            user.ChangeRole(role);
            return $"{user.UserName} is now {role.ToString().ToLowerInvariant()}; their sessions have ended.";
        });
    }

    /// <summary>Finds the user named by --email, applies <paramref name="change"/> (null: it refused) and saves.</summary>
    private static async Task<int> ChangeAsync(CommandArgs args, CommandContext context, string action, Func<User, string?> change)
    {
        var name = args.Required("email").Trim();
        var fromStdin = args.Flag("password-stdin");
        if (fromStdin && action != "password")
        {
            throw new CommandLineException($"--password-stdin belongs to create and password, not {action}.");
        }
        args.EnsureAllRead(maxPositionals: 1);
        return await ApiKeyCommand.WithDatabaseAsync(context, $"admin {action}", async db =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name || u.Email == name, context.CancellationToken);
            if (user is null)
            {
                context.Error.WriteLine($"thoughtboard admin {action}: there is no user '{name}'; nothing was changed.");
                return 1;
            }
            if (change(user) is not { } notice)
            {
                return 1;
            }
            await db.SaveChangesAsync(context.CancellationToken);
            context.Out.WriteLine(notice);
            return 0;
        });
    }

    /// <summary>The password from stdin or asked twice on the terminal; null (after saying why) when it is unusable.</summary>
    private static string? ReadPassword(bool fromStdin, CommandContext context, TextReader stdin, Func<string, string?>? prompt, string command)
    {
        string? password;
        if (fromStdin)
        {
            password = stdin.ReadLine();
        }
        else if (prompt is not null)
        {
            password = prompt("Password: ");
            if (password is not null && prompt("Repeat it: ") != password)
            {
                context.Error.WriteLine($"thoughtboard {command}: the two passwords differ; nothing was changed.");
                return null;
            }
        }
        else
        {
            throw new CommandLineException("there is no terminal to ask for the password on; pipe it in with --password-stdin.");
        }
        if (password is null || password.Length < MinPasswordLength)
        {
            context.Error.WriteLine($"thoughtboard {command}: the password must have at least {MinPasswordLength} characters; nothing was changed.");
            return null;
        }
        return password;
    }

    private static string? ReadHiddenLine(string label)
    {
        Console.Error.Write(label);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
