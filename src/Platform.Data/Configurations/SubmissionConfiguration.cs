using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> submission)
    {
        submission.ToTable("Submissions", t =>
            t.HasCheckConstraint("CK_Submissions_OneRequester", "\"ApiKeyId\" IS NULL OR \"UserId\" IS NULL"));
        submission.Property(s => s.DecodingSettingsJson).HasColumnType("jsonb");
        submission.Property(s => s.IdempotencyKey).HasMaxLength(200);
        submission.Property(s => s.RequestHash).HasMaxLength(64);

        submission.HasOne(s => s.ApiKey).WithMany().HasForeignKey(s => s.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne(s => s.Model).WithMany().HasForeignKey(s => s.ModelId).OnDelete(DeleteBehavior.Restrict);
        submission.HasMany(s => s.Suites).WithMany().UsingEntity("SubmissionSuites");
        submission.HasMany(s => s.Styles).WithMany().UsingEntity("SubmissionStyles");
        submission.HasMany(s => s.Runs).WithOne(r => r.Submission).HasForeignKey(r => r.SubmissionId).OnDelete(DeleteBehavior.SetNull);

        submission.HasIndex(s => new { s.ApiKeyId, s.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        submission.HasIndex(s => s.RequestHash);
        submission.HasIndex(s => new { s.State, s.CreatedAt });
    }
}
