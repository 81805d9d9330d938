using Platform.Jobs;
using Platform.Web.Submissions;

namespace Platform.Web.Jobs;

public static class ThoughtboardJobsExtensions
{
    /// <summary>
    /// Job storage, <see cref="EvaluationQueue"/>, <see cref="SubmissionService"/> and the <see cref="FirstStartEvaluation"/>.
    /// The web app only enqueues: runs are executed by worker processes (<c>thoughtboard worker</c>).
    /// </summary>
    public static IHostApplicationBuilder AddThoughtboardJobs(this IHostApplicationBuilder builder)
    {
        builder.AddThoughtboardJobStorage();
        builder.Services.AddScoped<EvaluationQueue>();
        builder.Services.AddScoped<SubmissionService>();
        builder.Services.Configure<FirstStartOptions>(builder.Configuration.GetSection(FirstStartOptions.Section));
        builder.Services.AddSingleton<FirstStartEvaluation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FirstStartEvaluation>());
        return builder;
    }
}
