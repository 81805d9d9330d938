using System.Reflection;

namespace Platform.Web.Tests;

/// <summary>The web app only enqueues: neither the worker nor the native engine may be among its dependencies.</summary>
public sealed class WebDependencyTests
{
    [Fact]
    public void The_web_app_depends_on_neither_the_worker_nor_the_engine_directly_or_through_another_project()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Program).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !name.StartsWith("Platform.", StringComparison.Ordinal) || !seen.Add(name))
                    continue;
                pending.Push(Assembly.Load(reference));
            }
        }

        Assert.Contains("Platform.Jobs", seen);
        Assert.DoesNotContain("Platform.Worker", seen);
        Assert.DoesNotContain("Platform.Llama", seen);
    }
}
