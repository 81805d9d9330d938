using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class ThinkingStyleConfiguration : IEntityTypeConfiguration<ThinkingStyle>
{
    public void Configure(EntityTypeBuilder<ThinkingStyle> style)
    {
        style.ToTable("Styles");
        style.Property(s => s.Name).HasMaxLength(100);
        style.Property(s => s.Version).HasMaxLength(50);
        style.Property(s => s.ParametersJson).HasColumnType("jsonb");
        style.HasIndex(s => new { s.Name, s.Version }).IsUnique();
    }
}
