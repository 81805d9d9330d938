using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Data;

/// <summary>
/// Everything Thoughtboard stores, apart from Hangfire's own job tables. Use short-lived contexts
/// (IDbContextFactory in Blazor components and jobs). Migrations live in the Platform.Migrations assembly.
/// </summary>
public class ThoughtboardDbContext(DbContextOptions<ThoughtboardDbContext> options) : DbContext(options)
{
    public DbSet<LanguageModel> Models => Set<LanguageModel>();
    public DbSet<BenchmarkSuite> Suites => Set<BenchmarkSuite>();
    public DbSet<SuiteItem> SuiteItems => Set<SuiteItem>();
    public DbSet<ThinkingStyle> Styles => Set<ThinkingStyle>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<ItemResult> ItemResults => Set<ItemResult>();
    public DbSet<RunAggregate> RunAggregates => Set<RunAggregate>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Worker> Workers => Set<Worker>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ThoughtboardDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Names, not numbers: a stored state stays readable in SQL and survives reordering the enum.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
