using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class WorkerConfiguration : IEntityTypeConfiguration<Worker>
{
    public void Configure(EntityTypeBuilder<Worker> worker)
    {
        worker.ToTable("Workers");
        worker.Property(w => w.Name).HasMaxLength(200);
        worker.Property(w => w.Machine).HasMaxLength(200);
        worker.HasIndex(w => w.Name).IsUnique();
    }
}
