using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class RunAggregateConfiguration : IEntityTypeConfiguration<RunAggregate>
{
    public void Configure(EntityTypeBuilder<RunAggregate> aggregate)
    {
        aggregate.ToTable("RunAggregates");
        // NULLS NOT DISTINCT: there is one whole-run row (Level null) per mode, not one per recomputation.
        aggregate.HasIndex(a => new { a.RunId, a.Mode, a.Level }).IsUnique().AreNullsDistinct(false);
    }
}
