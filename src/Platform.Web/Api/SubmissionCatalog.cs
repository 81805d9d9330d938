using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;

namespace Platform.Web.Api;

/// <summary>
/// Turns the suite specs and style labels of a validated request into stored rows, storing a built-in suite or a
/// style the first time it is asked for (the same rows <c>thoughtboard seed</c> writes), so runs refer to exactly
/// the items they were asked about.
/// </summary>
internal static class SubmissionCatalog
{
    public static async Task<(List<long> SuiteIds, List<long> StyleIds)> ResolveAsync(
        ThoughtboardDbContext db, IReadOnlyList<string> suites, IReadOnlyList<string> styles, VoteTieRule tieRule, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var suiteIds = new List<long>();
        foreach (var spec in suites)
        {
            var imported = await db.Suites.AsNoTracking()
                .Where(s => s.Name == spec && s.Source == SuiteSource.Imported)
                .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
                .Select(s => (long?)s.Id)
                .FirstOrDefaultAsync(cancellationToken);
            suiteIds.Add(imported ?? (await CatalogStore.StoreSuiteAsync(db, SuiteCatalog.BuiltIn(spec), SuiteSource.Builtin, now, cancellationToken)).Id);
        }
        var styleIds = new List<long>();
        foreach (var label in styles)
        {
            var style = StyleTable.Create(label, tieRule: tieRule);
            // The row is keyed by the label, which every run of the style copies (Run.StyleLabel).
            var entry = new StyleEntry(style.Label, style.Description, style);
            styleIds.Add((await CatalogStore.StoreStyleAsync(db, entry, now, cancellationToken)).Id);
        }
        return (suiteIds, styleIds);
    }
}
