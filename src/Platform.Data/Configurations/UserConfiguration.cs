using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Data.Entities;

namespace Platform.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("Users");
        user.Property(u => u.UserName).HasMaxLength(100);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.PasswordHash).HasMaxLength(500);
        user.Property(u => u.SecurityStamp).HasMaxLength(User.SecurityStampLength);
        user.HasIndex(u => u.UserName).IsUnique();
    }
}
