using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("IdempotencyRecords");
        record.Property(r => r.Key).HasMaxLength(200);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ResponseJson).HasColumnType("jsonb");
        record.HasOne(r => r.ApiKey).WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
        // Requests without an API key (signed-in users) share the null scope: one row per key there too.
        record.HasIndex(r => new { r.ApiKeyId, r.Key }).IsUnique().AreNullsDistinct(false);
        record.HasIndex(r => r.ExpiresAt);
    }
}
