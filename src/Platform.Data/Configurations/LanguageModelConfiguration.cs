using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class LanguageModelConfiguration : IEntityTypeConfiguration<LanguageModel>
{
    public void Configure(EntityTypeBuilder<LanguageModel> model)
    {
        model.ToTable("Models");
        model.Property(m => m.Name).HasMaxLength(200);
        model.Property(m => m.Family).HasMaxLength(100);
        model.Property(m => m.Quantization).HasMaxLength(32);
        model.Property(m => m.Location).HasMaxLength(2048);
        model.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength();
        model.HasIndex(m => m.Name).IsUnique();
        model.HasIndex(m => m.Sha256);
    }
}
