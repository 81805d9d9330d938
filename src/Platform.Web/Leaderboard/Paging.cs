namespace Platform.Web.Leaderboard;

/// <summary>
/// The bound on page numbers shared by every paged list. The API answers a page outside 1..<see cref="MaxPage"/> with
/// 400; pages and queries clamp it, so <c>(page - 1) x page size</c> (at most 500 per page) never overflows into a
/// negative offset.
/// </summary>
public static class Paging
{
    public const int MaxPage = 100_000;

    public static int Clamp(int page) => Math.Clamp(page, 1, MaxPage);

    /// <summary>Null when <paramref name="page"/> is in range, else the message for the API's 400 problem.</summary>
    public static string? Problem(int page) => page is >= 1 and <= MaxPage ? null : $"page must be between 1 and {MaxPage}.";
}
