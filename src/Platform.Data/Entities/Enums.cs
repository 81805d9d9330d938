namespace Platform.Data.Entities;

// Every enum here is stored by name (see ThoughtboardDbContext.ConfigureConventions), so reordering
// members never changes what a stored row means. Renaming a member needs a migration that rewrites rows.

/// <summary>Where a suite came from: shipped with Thoughtboard, or imported by an administrator.</summary>
public enum SuiteSource { Builtin, Imported }

/// <summary>Lifecycle of a submission; it follows its runs (succeeded only when every run did).</summary>
public enum SubmissionState { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>Lifecycle of one run. Only Queued and Running are live; the other three are final.</summary>
public enum RunState { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>The job queue a run waits in; a worker only takes runs its hardware can serve.</summary>
public enum RunQueue { Cpu, Gpu }

/// <summary>The compute backend a worker process loaded llama.cpp with.</summary>
public enum WorkerBackend { Cpu, Cuda }

/// <summary>
/// How one output was judged. NoAnswer means nothing could be extracted: a format failure, kept apart
/// from a wrong answer so it stays visible on the leaderboard.
/// </summary>
public enum Verdict { Correct, Incorrect, NoAnswer }

/// <summary>Which extraction an aggregate counts: strict (the requested answer format only) or flexible (fallbacks too).</summary>
public enum ScoringMode { Strict, Flexible }

/// <summary>
/// What formatted a run's prompts, from best to worst: the model's own Jinja template (<c>jinja</c>), llama.cpp's
/// built-in format matcher after the template failed (<c>builtin</c>), or ChatML because nothing else could
/// (<c>fallback</c>, also when the model has no template).
/// </summary>
public enum ChatTemplatePath { Jinja, Builtin, Fallback }

public enum UserRole { Member, Admin }
