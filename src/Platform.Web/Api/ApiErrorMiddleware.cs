using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Platform.Web.Api;

/// <summary>
/// Guards the API's request bodies and turns request-reading failures into problem documents: bodies over the
/// limit get 413 before they are read, and malformed JSON gets 400 naming where the JSON went wrong.
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body has {context.Request.ContentLength} bytes; the API accepts at most {limit}.");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Bodies sent without a length (chunked) are cut off by the server at the same limit.
            size.MaxRequestBodySize = limit;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var detail = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than the {limit} bytes the API accepts."
                : ex.InnerException is JsonException json ? $"{ex.Message} {json.Message}" : ex.Message;
            await WriteAsync(context, ex.StatusCode, ReasonPhrase(ex.StatusCode), detail);
        }
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Bad request";
}
