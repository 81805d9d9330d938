using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Web.Auth;

/// <summary>What a sign-in attempt came to; <see cref="Message"/> is what the person is told, the same for every user.</summary>
public sealed record SignInResult(ClaimsPrincipal? Principal, TimeSpan? LockedFor)
{
    public bool Succeeded => Principal is not null;

    public string Message => LockedFor is { } wait
        ? $"Too many failed sign-ins for this account: it is locked; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} min."
        : "The user name or the password is wrong, or the account is disabled.";
}

/// <summary>
/// Checks a user's password with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> and builds the
/// cookie principal. Users are created by <c>thoughtboard admin create</c>. After
/// <see cref="SecurityOptions.MaxFailedSignIns"/> wrong passwords in a row (counted in the database) an account
/// refuses even the right password for <see cref="SecurityOptions.LockoutDuration"/>. Seen from outside, an
/// unknown name behaves exactly like an account: the hasher runs (on a dummy hash), failures are counted (in
/// memory) and lock it, and the answers are the same.
/// </summary>
public sealed class UserSignIn
{
    public const string SecurityStampClaim = "thoughtboard:security-stamp";

    // Identity columns start at 1.
    private const long NoSuchUserId = 0;

    private static readonly User DummyUser = new() { UserName = "", PasswordHash = "" };

    private readonly IDbContextFactory<ThoughtboardDbContext> _dbFactory;
    private readonly IPasswordHasher<User> _hasher;
    private readonly TimeProvider _clock;
    private readonly SecurityOptions _options;
    private readonly FailureTally _unknownNames;
    private readonly string _dummyHash;
    private readonly SessionStamps _sessions;

    public UserSignIn(
        IDbContextFactory<ThoughtboardDbContext> dbFactory, IPasswordHasher<User> hasher, TimeProvider clock,
        IOptions<SecurityOptions> options, SessionStamps sessions)
    {
        _sessions = sessions;
        _dbFactory = dbFactory;
        _hasher = hasher;
        _clock = clock;
        _options = options.Value;
        _unknownNames = new FailureTally(_options.MaxFailedSignIns, TimeSpan.MaxValue, _options.LockoutDuration, clock);
        _dummyHash = hasher.HashPassword(DummyUser, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }

    public async Task<SignInResult> VerifyAsync(string userNameOrEmail, string password, CancellationToken cancellationToken = default)
    {
        var name = userNameOrEmail.Trim();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var user = name.Length > 320 ? null : await db.Users.FirstOrDefaultAsync(u => u.UserName == name || u.Email == name, cancellationToken);
        if (user is null)
        {
            _hasher.VerifyHashedPassword(DummyUser, _dummyHash, password);
            // Every refusal runs one hash and one counting statement (here on no row): they all take as long.
            await CountFailureAsync(db, NoSuchUserId, 0, DateTimeOffset.MinValue, cancellationToken);
            return new SignInResult(null, _unknownNames.BlockedFor(name) ?? _unknownNames.RecordFailure(name));
        }

        var now = _clock.GetUtcNow();
        // The hash is checked even when the answer is already known, so every path costs the same.
        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user.LockedUntil is { } until && until > now)
        {
            await CountFailureAsync(db, NoSuchUserId, 0, now, cancellationToken);
            return new SignInResult(null, until - now);
        }
        if (verdict == PasswordVerificationResult.Failed || user.DisabledAt is not null)
        {
            return new SignInResult(null, await CountFailureAsync(db, user.Id, user.FailedSignInCount, now, cancellationToken));
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // The same password in a stronger hash: no reason to end the user's other sessions.
            user.PasswordHash = _hasher.HashPassword(user, password);
        }
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        _sessions.Remember(user.Id, user.SecurityStamp);
        return new SignInResult(PrincipalFor(user), null);
    }

    /// <summary>Counts the failure in one statement, so concurrent guesses cannot slip past the limit; returns the lockout it caused.</summary>
    private async Task<TimeSpan?> CountFailureAsync(
        ThoughtboardDbContext db, long userId, int failuresBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = _options.MaxFailedSignIns;
        DateTimeOffset? lockedUntil = now + _options.LockoutDuration;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.LockedUntil, u => u.FailedSignInCount + 1 >= max ? lockedUntil : u.LockedUntil)
            .SetProperty(u => u.FailedSignInCount, u => u.FailedSignInCount + 1 >= max ? 0 : u.FailedSignInCount + 1), cancellationToken);
        return failuresBefore + 1 >= max ? _options.LockoutDuration : null;
    }

    public static ClaimsPrincipal PrincipalFor(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(SecurityStampClaim, user.SecurityStamp),
        };
        if (user.Email is { } email)
        {
            claims.Add(new Claim(ClaimTypes.Email, email));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ThoughtboardSchemes.Cookie));
    }
}
