using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class BenchmarkSuiteConfiguration : IEntityTypeConfiguration<BenchmarkSuite>
{
    public void Configure(EntityTypeBuilder<BenchmarkSuite> suite)
    {
        suite.ToTable("Suites");
        suite.Property(s => s.Name).HasMaxLength(200);
        suite.Property(s => s.Version).HasMaxLength(50);
        suite.Property(s => s.TaskType).HasMaxLength(32);
        suite.Property(s => s.AnswerKind).HasMaxLength(32);
        suite.Property(s => s.ContentHash).HasMaxLength(64);
        suite.HasIndex(s => new { s.Name, s.Version }).IsUnique();
        suite.HasIndex(s => s.ContentHash);
        suite.HasMany(s => s.Items).WithOne(i => i.Suite).HasForeignKey(i => i.SuiteId).OnDelete(DeleteBehavior.Cascade);
    }
}
