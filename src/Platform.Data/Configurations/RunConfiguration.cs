using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> run)
    {
        run.ToTable("Runs", t =>
        {
            t.HasCheckConstraint("CK_Runs_Progress", "\"ItemsDone\" >= 0 AND \"ItemErrors\" >= 0 AND \"ItemsTotal\" >= 0");
        });
        run.Property(r => r.DecodingSettingsJson).HasColumnType("jsonb");
        run.Property(r => r.ConfigHash).HasMaxLength(64);
        run.Property(r => r.HangfireJobId).HasMaxLength(100);
        run.Property(r => r.WorkerName).HasMaxLength(200);
        run.Property(r => r.StatusDetail).HasMaxLength(300);
        run.Property(r => r.StyleLabel).HasMaxLength(100);
        run.Property(r => r.ChatTemplateSha256).HasMaxLength(64);
        run.Property(r => r.Engine).HasMaxLength(32);
        run.Property(r => r.EngineBuild).HasMaxLength(300);

        run.HasOne(r => r.Model).WithMany(m => m.Runs).HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Restrict);
        run.HasOne(r => r.Suite).WithMany().HasForeignKey(r => r.SuiteId).OnDelete(DeleteBehavior.Restrict);
        run.HasOne(r => r.Style).WithMany().HasForeignKey(r => r.StyleId).OnDelete(DeleteBehavior.Restrict);
        run.HasMany(r => r.Results).WithOne(x => x.Run).HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        run.HasMany(r => r.Aggregates).WithOne(a => a.Run).HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);

        // Leaderboard: the latest runs of a cell (model, suite, style) in a given state.
        run.HasIndex(r => new { r.ModelId, r.SuiteId, r.StyleId, r.State });
        run.HasIndex(r => new { r.SuiteId, r.StyleId, r.State });
        // Queue: oldest queued runs per backend, and live runs whose heartbeat went stale.
        run.HasIndex(r => new { r.State, r.Queue, r.CreatedAt });
        run.HasIndex(r => new { r.State, r.HeartbeatAt });
        // De-duplication: an identical experiment that already ran or is running.
        run.HasIndex(r => new { r.ConfigHash, r.State });
        run.HasIndex(r => r.HangfireJobId);
    }
}
