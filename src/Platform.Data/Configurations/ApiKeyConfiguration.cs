using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("ApiKeys");
        key.Property(k => k.Prefix).HasMaxLength(32);
        key.Property(k => k.KeyHash).HasMaxLength(200);
        key.Property(k => k.Name).HasMaxLength(200);
        key.Property(k => k.Owner).HasMaxLength(200);
        key.HasIndex(k => k.Prefix).IsUnique();
    }
}
