using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class SuiteItemConfiguration : IEntityTypeConfiguration<SuiteItem>
{
    public void Configure(EntityTypeBuilder<SuiteItem> item)
    {
        item.ToTable("SuiteItems");
        item.Property(i => i.Key).HasMaxLength(200);
        item.Property(i => i.MetadataJson).HasColumnType("jsonb");
        item.Property(i => i.ContentHash).HasMaxLength(64);
        item.HasIndex(i => new { i.SuiteId, i.Key }).IsUnique();
        item.HasIndex(i => new { i.SuiteId, i.Position });
    }
}
