using System.Collections.Concurrent;

namespace Platform.Web.Auth;

/// <summary>
/// Counts failures per key (a client address, an unknown user name) in memory: <c>limit</c> failures whose
/// gaps are each shorter than <c>window</c> block the key for <c>blockFor</c>. Cheap enough to ask before any
/// database work; bounded, so a flood of distinct keys costs memory only up to <c>capacity</c>.
/// </summary>
public sealed class FailureTally(int limit, TimeSpan window, TimeSpan blockFor, TimeProvider clock, int capacity = 100_000)
{
    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset? BlockedUntil);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How much longer the key is blocked, or null when it is not.</summary>
    public TimeSpan? BlockedFor(string key)
    {
        var now = clock.GetUtcNow();
        return _entries.TryGetValue(key, out var entry) && entry.BlockedUntil is { } until && until > now ? until - now : null;
    }

    /// <summary>Counts one failure; returns how long the key is now blocked, or null when it is not (yet).</summary>
    public TimeSpan? RecordFailure(string key)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            Prune(now);
        }
        var entry = _entries.AddOrUpdate(key, _ => Count(null, now), (_, old) => Count(old, now));
        return entry.BlockedUntil is { } until && until > now ? until - now : null;
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    private Entry Count(Entry? old, DateTimeOffset now)
    {
        if (old?.BlockedUntil is { } until && until > now)
        {
            return old;
        }
        var failures = old is not null && old.BlockedUntil is null && now - old.LastFailure < window ? old.Failures + 1 : 1;
        return failures >= limit ? new Entry(0, now, now + blockFor) : new Entry(failures, now, null);
    }

    /// <summary>Drops what no longer counts; when that is not enough, everything but the blocked keys.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.BlockedUntil is { } until ? until <= now : now - entry.LastFailure >= window)
            {
                _entries.TryRemove(key, out _);
            }
        }
        if (_entries.Count >= capacity)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.BlockedUntil is null)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }
}
