using System.Globalization;
using System.Security.Claims;
using Platform.Data.Entities;
using Platform.Web.Auth;

namespace Platform.Web.Api;

/// <summary>Who made a request: an API key or a signed-in user (or, for <see cref="CommandLine"/>, neither).</summary>
public sealed record Requester(long? ApiKeyId, long? UserId, bool IsAdmin)
{
    /// <summary>Work started on the server itself (the CLI, seeding): no owner, no quotas.</summary>
    public static Requester CommandLine { get; } = new(null, null, false);

    /// <summary>An anonymous reader: no key, no user, no administrator.</summary>
    public static Requester Public { get; } = new(null, null, false);

    public static Requester From(ClaimsPrincipal user)
    {
        var apiKeyId = ParseId(user.FindFirst(ThoughtboardSchemes.ApiKeyIdClaim)?.Value);
        var userId = apiKeyId is null ? ParseId(user.FindFirst(ClaimTypes.NameIdentifier)?.Value) : null;
        return new Requester(apiKeyId, userId, user.IsInRole(nameof(UserRole.Admin)));
    }

    public bool Owns(Submission submission) =>
        (ApiKeyId is not null && submission.ApiKeyId == ApiKeyId) || (UserId is not null && submission.UserId == UserId);

    /// <summary>Administrators and the submitter (by key or user) may read a run's failure detail.</summary>
    public bool MaySeeDetailOf(long? submissionApiKeyId, long? submissionUserId) =>
        IsAdmin || (ApiKeyId is not null && submissionApiKeyId == ApiKeyId) || (UserId is not null && submissionUserId == UserId);

    /// <summary>
    /// A finished run is public (the leaderboard shows it); a queued or running one belongs to its submission, so only
    /// its submitter and administrators may see it, and anyone else is answered as for a run that does not exist.
    /// </summary>
    public bool MaySeeRun(RunState state, long? submissionApiKeyId, long? submissionUserId) =>
        IsFinished(state) || MaySeeDetailOf(submissionApiKeyId, submissionUserId);

    public static bool IsFinished(RunState state) => state is RunState.Succeeded or RunState.Failed or RunState.Cancelled;

    /// <summary>Prompts, targets and outputs of a private suite are for administrators only.</summary>
    public bool MaySeeItemsOf(BenchmarkSuite suite) => !suite.IsPrivate || IsAdmin;

    /// <summary>Submissions are private: only their submitter and administrators see them.</summary>
    public bool MaySee(Submission submission) => IsAdmin || Owns(submission);

    private static long? ParseId(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
