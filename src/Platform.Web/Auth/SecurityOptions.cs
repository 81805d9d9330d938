using System.Net;
using Platform.Jobs;

namespace Platform.Web.Auth;

/// <summary>The <c>Security</c> configuration section (environment variables <c>Security__MaxFailedSignIns</c>...).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Wrong passwords in a row after which an account refuses every sign-in for <see cref="LockoutDuration"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts (page and API together) one client address may make per minute; more get 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Failed Bearer authentications one client address may make per minute; then every Bearer request gets 429 for a minute.</summary>
    public int BearerFailuresPerMinute { get; set; } = 10;

    /// <summary>
    /// How long a web instance trusts what it last read of a user's security stamp. Within one instance a change
    /// made through it applies at once; a change made elsewhere (another instance, the CLI) within this delay.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: IP addresses (10.0.0.5) or networks
    /// (10.0.0.0/8). Empty (the default) ignores those headers, so a client cannot choose its own address.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public IReadOnlyList<string> Problems()
    {
        var problems = new SettingsProblems(Section)
            .Check(MaxFailedSignIns >= 1, nameof(MaxFailedSignIns), "at least 1", MaxFailedSignIns)
            .Check(LockoutDuration > TimeSpan.Zero, nameof(LockoutDuration), "a positive time span such as 00:15:00", LockoutDuration)
            .Check(SignInAttemptsPerMinute >= 1, nameof(SignInAttemptsPerMinute), "at least 1", SignInAttemptsPerMinute)
            .Check(BearerFailuresPerMinute >= 1, nameof(BearerFailuresPerMinute), "at least 1", BearerFailuresPerMinute)
            .Check(SessionCheckInterval >= TimeSpan.Zero, nameof(SessionCheckInterval), "zero or a positive time span such as 00:00:30", SessionCheckInterval);
        for (var i = 0; i < TrustedProxies.Length; i++)
        {
            var entry = TrustedProxies[i]?.Trim() ?? "";
            problems.Check(IPAddress.TryParse(entry, out _) || IPNetwork.TryParse(entry, out _),
                $"{nameof(TrustedProxies)}:{i}", "an IP address (10.0.0.5) or a network (10.0.0.0/8)", entry);
        }
        return problems.Found;
    }
}
