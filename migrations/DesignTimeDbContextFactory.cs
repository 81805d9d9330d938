using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Data;

namespace Platform.Migrations;

/// <summary>
/// Lets <c>dotnet ef</c> build the model without starting an application. Adding a migration needs no
/// server; commands that touch a database use <c>ConnectionStrings__Thoughtboard</c>.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ThoughtboardDbContext>
{
    public ThoughtboardDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Thoughtboard")
            ?? "Host=127.0.0.1;Port=55432;Database=thoughtboard;Username=thoughtboard";
        var options = new DbContextOptionsBuilder<ThoughtboardDbContext>();
        ThoughtboardDataExtensions.UseThoughtboardDatabase(options, connectionString);
        return new ThoughtboardDbContext(options.Options);
    }
}
