using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class ItemResultConfiguration : IEntityTypeConfiguration<ItemResult>
{
    public void Configure(EntityTypeBuilder<ItemResult> result)
    {
        result.ToTable("ItemResults", t => t.HasCheckConstraint("CK_ItemResults_SampleIndex", "\"SampleIndex\" >= 0"));
        result.Property(r => r.ExtractionMethod).HasMaxLength(64);
        result.Property(r => r.TranscriptJson).HasColumnType("jsonb");
        result.Property(r => r.ScorerVersion).HasMaxLength(100);
        result.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        // A retried job must never count an item twice; this unique index also serves "results of a run".
        result.HasIndex(r => new { r.RunId, r.ItemId, r.SampleIndex }).IsUnique();
        result.HasIndex(r => r.ItemId);
    }
}
