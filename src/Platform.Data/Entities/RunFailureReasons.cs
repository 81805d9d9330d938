namespace Platform.Data.Entities;

/// <summary>
/// The public <see cref="Run.FailureReason"/> of each kind of failure whose own message may describe a worker (its
/// paths, file names, network, exception text). That message goes to <see cref="Run.FailureDetail"/>, which only the
/// run's submitter and administrators read.
/// </summary>
public static class RunFailureReasons
{
    public const string ModelNotDownloaded = "The model could not be downloaded.";

    public const string ModelNotLoaded = "The model could not be loaded on the worker.";

    public const string InvalidRun = "The run's suite, style or settings could not be used by the worker.";

    public const string JobFailed = "The run failed with an error on the worker, also after its retries.";
}
