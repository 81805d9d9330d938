using Platform.Gguf;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Web.Auth;

namespace Platform.Web.Api;

/// <summary>
/// Registers a GGUF model: a file in the workers' model folder, or an https URL with its SHA-256 that a worker
/// downloads into its cache. Exactly one of <see cref="Path"/> and <see cref="Url"/>.
/// </summary>
public sealed record RegisterModelRequest(
    string? Name,
    string? Path,
    string? Url,
    string? Sha256,
    string? Family,
    long? ParameterCount,
    string? Quantization,
    string? ChatTemplate);

public sealed record ModelResponse(
    long Id, string Name, string? Family, long? ParameterCount, string? Quantization,
    string Location, string? Sha256, long? SizeBytes, DateTimeOffset CreatedAt, bool RandomWeights)
{
    public static ModelResponse From(LanguageModel model) => new(
        model.Id, model.Name, model.Family, model.ParameterCount, model.Quantization, ModelUrlPolicy.Redact(model.Location), model.Sha256,
        model.SizeBytes, model.CreatedAt, model.RandomWeights);
}

public static partial class ModelsApi
{
    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$")]
    private static partial Regex NamePattern();

    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/models").WithTags("Models").RequireAuthorization(ThoughtboardPolicies.Submitter);
        group.MapGet("/", ListAsync).WithName("ListModels").WithSummary("Lists the registered models.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetModel").WithSummary("Reads one registered model.");
        group.MapPost("/", RegisterAsync).WithName("RegisterModel")
            .WithSummary("Registers a GGUF model by path in the model folder or by https URL and SHA-256.");
        return group;
    }

    internal static async Task<Ok<List<ModelResponse>>> ListAsync(IDbContextFactory<ThoughtboardDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(models.Select(ModelResponse.From).ToList());
    }

    internal static async Task<Results<Ok<ModelResponse>, NotFound>> GetAsync(long id, IDbContextFactory<ThoughtboardDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return model is null ? TypedResults.NotFound() : TypedResults.Ok(ModelResponse.From(model));
    }

    /// <summary>
    /// Checks the request, then that the name is free (before any file is hashed or name resolved), then the file or
    /// the URL's host, and stores the model. A repeated registration of the same file under the same name answers 200.
    /// </summary>
    internal static async Task<Results<Created<ModelResponse>, Ok<ModelResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterModelRequest request,
        IDbContextFactory<ThoughtboardDbContext> dbFactory,
        IOptions<ModelFolderOptions> folder,
        ModelUrlPolicy urlPolicy,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is null || !NamePattern().IsMatch(request.Name))
        {
            errors["name"] = ["Give a name of 1 to 200 letters, digits and . _ : + -, starting with a letter or digit, e.g. qwen2.5-0.5b-instruct-q4_k_m."];
        }
        if (request.Sha256 is not null && !Sha256Pattern().IsMatch(request.Sha256))
        {
            errors["sha256"] = ["The SHA-256 must be 64 hexadecimal digits (sha256sum prints it)."];
        }
        if (request.ParameterCount is <= 0)
        {
            errors["parameterCount"] = ["The parameter count must be positive, e.g. 494032768."];
        }
        if (request.Quantization is { Length: > 32 })
        {
            errors["quantization"] = ["The quantization is a llama.cpp type name such as Q4_K_M (at most 32 characters)."];
        }
        if (request.Family is { Length: > 100 })
        {
            errors["family"] = ["The family has at most 100 characters, e.g. qwen2.5."];
        }
        if ((request.Path is null) == (request.Url is null))
        {
            errors["path"] = ["Give exactly one of 'path' (a .gguf file in the model folder) and 'url' (https, with 'sha256')."];
            return TypedResults.ValidationProblem(errors);
        }
        if (request.Path is { Length: > ModelUrlPolicy.MaxUrlLength })
        {
            errors["path"] = [$"The path has {request.Path.Length} characters; at most {ModelUrlPolicy.MaxUrlLength} are accepted."];
        }
        if (request.Url is { } url)
        {
            if (ModelUrlPolicy.CheckForm(url, out _) is { } urlError)
            {
                errors["url"] = [urlError];
            }
            if (request.Sha256 is null)
            {
                errors["sha256"] = ["A model registered by URL needs its SHA-256, so the worker can check what it downloaded."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        string location;
        long? size = null;
        var randomWeights = false;
        string? sha256 = request.Sha256?.ToLowerInvariant();
        if (request.Url is { } remote)
        {
            location = remote;
        }
        else
        {
            var (path, pathError) = ModelFiles.Resolve(folder.Value.Folder, request.Path!);
            if (pathError is not null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [pathError] });
            }
            location = path!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Name == request.Name, cancellationToken);
        if (existing is not null)
        {
            // Decided without hashing the file: the same location and no other hash is the same registration (a
            // worker verifies the stored hash whenever it loads the file).
            return existing.Location == location && (sha256 is null || existing.Sha256 == sha256)
                ? TypedResults.Ok(ModelResponse.From(existing))
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Model name taken",
                    detail: $"A model named '{request.Name}' is already registered with another file or hash; choose another name.");
        }

        if (request.Url is not null)
        {
            if (await urlPolicy.CheckAsync(location, cancellationToken) is { } hostError)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [hostError] });
            }
        }
        else
        {
            if (ModelFiles.CheckHeader(location) is { } headerError)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [headerError] });
            }
            size = new FileInfo(location).Length;
            randomWeights = ModelFiles.DeclaresRandomWeights(location);
            // Without a given hash the file is hashed here, once: duplicate submissions are recognised by it.
            // A given hash is checked by the worker when it loads the file.
            sha256 ??= await ModelFileHash.HashAsync(location, cancellationToken);
        }

        var model = new LanguageModel
        {
            Name = request.Name!,
            Family = request.Family,
            ParameterCount = request.ParameterCount,
            Quantization = request.Quantization?.ToUpperInvariant(),
            Location = location,
            Sha256 = sha256,
            SizeBytes = size,
            ChatTemplate = request.ChatTemplate,
            RandomWeights = randomWeights,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Models.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/models/{model.Id}", ModelResponse.From(model));
    }
}
