using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard admin create --email E [--password-stdin]</c>: creates an administrator who signs in to the
/// web console. The password is hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.
/// </summary>
internal static class AdminCommand
{
    public const string Usage = "admin create --email E [--password-stdin]";
    public const int MinPasswordLength = 12;

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context) =>
        await RunAsync(args, context, Console.In, Console.IsInputRedirected ? null : ReadHiddenLine);

    /// <param name="prompt">Reads a password without echo; null when there is no terminal to ask on.</param>
    internal static async Task<int> RunAsync(CommandArgs args, CommandContext context, TextReader stdin, Func<string, string?>? prompt)
    {
        var action = args.Positionals.Count > 0 ? args.Positionals[0] : throw new CommandLineException("say what to do: create.");
        if (action != "create")
        {
            throw new CommandLineException($"unknown action '{action}'; use create.");
        }
        var email = args.Required("email").Trim();
        var fromStdin = args.Flag("password-stdin");
        args.EnsureAllRead(maxPositionals: 1);
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            throw new CommandLineException($"'{email}' is not an email address.");
        }

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
                context.Error.WriteLine("thoughtboard admin create: the two passwords differ; nothing was created.");
                return 1;
            }
        }
        else
        {
            throw new CommandLineException("there is no terminal to ask for the password on; pipe it in with --password-stdin.");
        }
        if (password is null || password.Length < MinPasswordLength)
        {
            context.Error.WriteLine($"thoughtboard admin create: the password must have at least {MinPasswordLength} characters; nothing was created.");
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
