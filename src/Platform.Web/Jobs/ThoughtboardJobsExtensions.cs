using Platform.Web.Submissions;
using Platform.Worker;

namespace Platform.Web.Jobs;

public static class ThoughtboardJobsExtensions
{
    /// <summary>When true the web app also executes runs (one in-process worker), which is how <c>./thoughtboard up</c> runs.</summary>
    public const string InProcessWorkerKey = "Worker:InProcess";

    /// <summary>
    /// Job storage, <see cref="EvaluationQueue"/>, <see cref="SubmissionService"/> and the <see cref="FirstStartEvaluation"/>;
    /// with <c>Worker:InProcess=true</c> also a job server in this process.
    /// </summary>
    public static IHostApplicationBuilder AddThoughtboardJobs(this IHostApplicationBuilder builder)
    {
        builder.AddThoughtboardJobStorage();
        builder.Services.AddScoped<EvaluationQueue>();
        builder.Services.AddScoped<SubmissionService>();
        builder.Services.Configure<FirstStartOptions>(builder.Configuration.GetSection(FirstStartOptions.Section));
        builder.Services.AddSingleton<FirstStartEvaluation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FirstStartEvaluation>());
        if (builder.Configuration.GetValue<bool>(InProcessWorkerKey))
            builder.AddThoughtboardJobServer();
        return builder;
    }
}
