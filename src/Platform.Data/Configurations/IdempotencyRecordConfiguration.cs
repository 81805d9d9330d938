using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("IdempotencyRecords", t =>
            t.HasCheckConstraint("CK_IdempotencyRecords_OnePrincipal", "(\"ApiKeyId\" IS NULL) <> (\"UserId\" IS NULL)"));
        record.Property(r => r.Key).HasMaxLength(200);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ResponseJson).HasColumnType("jsonb");
        record.HasOne(r => r.ApiKey).WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
        record.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        // The reservation is an insert against this index: one row per (principal, key). Nulls are not distinct, so the
        // unused principal column cannot make two rows with one key look different.
        record.HasIndex(r => new { r.ApiKeyId, r.UserId, r.Key }).IsUnique().AreNullsDistinct(false);
        record.HasIndex(r => r.UserId);
        record.HasIndex(r => r.ExpiresAt);
    }
}
