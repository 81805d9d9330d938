using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Gguf;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class ModelRegistrationTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static byte[] GgufBytes() => [.. "GGUF"u8, 3, 0, 0, 0, .. RandomNumberGenerator.GetBytes(64)];

    [Fact]
    public async Task A_gguf_file_in_the_model_folder_is_registered_with_its_hash_and_size()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var bytes = GgufBytes();
        await File.WriteAllBytesAsync(Path.Combine(app.ModelFolder, "tiny.gguf"), bytes);

        var response = await client.PostAsJsonAsync("/api/models", new { name = "tiny-" + Guid.NewGuid().ToString("N")[..8], path = "tiny.gguf", family = "tiny", quantization = "q8_0" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var model = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), model.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, model.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("Q8_0", model.GetProperty("quantization").GetString());
        Assert.Equal(Path.Combine(app.ModelFolder, "tiny.gguf"), model.GetProperty("location").GetString());
    }

    [Fact]
    public async Task Bad_model_locations_get_400_naming_the_problem_and_store_nothing()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var outside = Directory.CreateTempSubdirectory("tb-outside-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(outside, "elsewhere.gguf"), GgufBytes());
            File.CreateSymbolicLink(Path.Combine(app.ModelFolder, "escape.gguf"), Path.Combine(outside, "elsewhere.gguf"));
            Directory.CreateSymbolicLink(Path.Combine(app.ModelFolder, "linked-dir"), outside);
            await File.WriteAllBytesAsync(Path.Combine(app.ModelFolder, "notes.txt"), GgufBytes());
            await File.WriteAllTextAsync(Path.Combine(app.ModelFolder, "fake.gguf"), "this is not a model");
            var before = await app.CountRowsAsync();

            var cases = new (object Body, string Field, string Fragment)[]
            {
                (new { name = "m1", path = "../" + Path.GetFileName(outside) + "/elsewhere.gguf" }, "path", "outside the model folder"),
                (new { name = "m2", path = Path.Combine(outside, "elsewhere.gguf") }, "path", "outside the model folder"),
                (new { name = "m3", path = "escape.gguf" }, "path", "link"),
                (new { name = "m4", path = "linked-dir/elsewhere.gguf" }, "path", "link"),
                (new { name = "m5", path = "notes.txt" }, "path", "not a .gguf"),
                (new { name = "m6", path = "missing.gguf" }, "path", "no file"),
                (new { name = "m7", path = "fake.gguf" }, "path", "GGUF magic"),
                (new { name = "m8", url = "http://example.org/model.gguf", sha256 = new string('a', 64) }, "url", "not an https URL"),
                (new { name = "m9", url = "https://example.org/model.gguf" }, "sha256", "needs its SHA-256"),
                (new { name = "m10", url = "https://example.org/model.gguf", sha256 = "abc" }, "sha256", "64 hexadecimal"),
                (new { name = "m11", path = "tiny.gguf", url = "https://example.org/model.gguf" }, "path", "exactly one"),
                (new { name = "bad name!", url = "https://example.org/model.gguf", sha256 = new string('a', 64) }, "name", "letters, digits"),
            };
            foreach (var (body, field, fragment) in cases)
            {
                var problem = await AuthTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/models", body), HttpStatusCode.BadRequest);
                var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.Contains(messages, m => m!.Contains(fragment, StringComparison.Ordinal));
            }

            Assert.Equal(before, await app.CountRowsAsync());
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task An_https_url_with_its_hash_is_registered_for_workers_to_download()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var sha = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

        var response = await client.PostAsJsonAsync("/api/models", new { name = "remote-" + sha[..8], url = "https://models.example.org/q.gguf", sha256 = sha });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var model = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sha.ToLowerInvariant(), model.GetProperty("sha256").GetString());
        Assert.Equal("https://models.example.org/q.gguf", model.GetProperty("location").GetString());
    }

    [Fact]
    public async Task Model_answers_say_whether_the_file_declares_random_weights()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        new GgufWriter()
            .Add("general.architecture", GgufValue.Of("llama"))
            .Add(TestModelGenerator.RandomWeightsKey, GgufValue.Of(true))
            .WriteTo(Path.Combine(app.ModelFolder, "generated.gguf"));
        await File.WriteAllBytesAsync(Path.Combine(app.ModelFolder, "real.gguf"), GgufBytes());

        var generated = await (await client.PostAsJsonAsync("/api/models", new { name = "generated-" + suffix, path = "generated.gguf" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var real = await (await client.PostAsJsonAsync("/api/models", new { name = "real-" + suffix, path = "real.gguf" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/models/{generated.GetProperty("id").GetInt64()}");
        var all = await client.GetFromJsonAsync<JsonElement>("/api/models");

        Assert.True(generated.GetProperty("randomWeights").GetBoolean());
        Assert.False(real.GetProperty("randomWeights").GetBoolean());
        Assert.True(one.GetProperty("randomWeights").GetBoolean());
        var listed = (all.ValueKind == JsonValueKind.Array ? all : all.GetProperty("models")).EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("randomWeights").GetBoolean());
        Assert.True(listed["generated-" + suffix]);
        Assert.False(listed["real-" + suffix]);
    }
}
