using Platform.Data;
using Platform.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddThoughtboardWeb();

var app = builder.Build();
await app.MigrateThoughtboardDatabaseIfConfiguredAsync();
app.MapThoughtboard();

await app.RunAsync();
