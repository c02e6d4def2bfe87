using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace KanoApi.Infrastructure;

/// <summary>
/// Rows this instance read from the database less than <see cref="RecentReads.Bound"/> ago, so that the requests right
/// after need not read them again (decision 0021). What another instance changes is seen here at the latest one bound
/// after it committed: an entry's age counts from before the read that made it was sent, so an entry that may predate the
/// commit is too old one bound after it. What this instance changes is forgotten at once by the code that
/// changes it (<see cref="Forget"/>, <see cref="Clear"/>); a read already under way at that moment is not kept
/// (<see cref="ReadTicket"/>), so it cannot bring the old row back.
/// </summary>
public sealed class RecentReads<TKey, TValue>(TimeSpan bound)
    where TKey : notnull
{
    /// <summary>Above this many entries, a new one first sweeps out the expired ones.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<TKey, Entry> entries = new();
    private long generation;

    public RecentReads()
        : this(RecentReads.Bound)
    {
    }

    public bool TryFind(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (entries.TryGetValue(key, out var entry) && Stopwatch.GetElapsedTime(entry.Read) < bound)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Taken before the read is sent: when it started, and what had been forgotten by then.</summary>
    public ReadTicket Begin() => new(Stopwatch.GetTimestamp(), Volatile.Read(ref generation));

    /// <summary>Keeps what a read returned, unless something was forgotten since it began (the row may be the old one).</summary>
    public void Keep(TKey key, TValue value, ReadTicket ticket)
    {
        if (Volatile.Read(ref generation) != ticket.Generation)
        {
            return;
        }

        if (entries.Count >= SweepAbove)
        {
            foreach (var (oldKey, old) in entries)
            {
                if (Stopwatch.GetElapsedTime(old.Read) >= bound)
                {
                    entries.TryRemove(KeyValuePair.Create(oldKey, old));
                }
            }
        }

        var entry = new Entry(value, ticket.Started);
        entries[key] = entry;
        // A Forget or Clear between the check above and the store: it may have missed this entry, so take it back.
        if (Volatile.Read(ref generation) != ticket.Generation)
        {
            entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    /// <summary>Forgets the entries <paramref name="which"/> selects, and every read still under way.</summary>
    public void Forget(Func<TValue, bool> which)
    {
        Interlocked.Increment(ref generation);
        foreach (var (key, entry) in entries)
        {
            if (which(entry.Value))
            {
                entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    /// <summary>Forgets everything, and every read still under way.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(TValue Value, long Read);
}

public static class RecentReads
{
    /// <summary>How long a change committed by another instance can go unseen by this one: the documented bound.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>The setting that changes <see cref="Bound"/> (milliseconds), for tests that must tell a pushed notice from the bound's expiry.</summary>
    public const string BoundSetting = "Kano:Freshness:BoundMilliseconds";

    /// <summary><see cref="Bound"/>, or what <see cref="BoundSetting"/> sets.</summary>
    public static TimeSpan BoundFrom(IConfiguration configuration) =>
        configuration.GetValue<int?>(BoundSetting) is { } milliseconds and > 0 ? TimeSpan.FromMilliseconds(milliseconds) : Bound;
}

/// <summary>When a read began (<see cref="Stopwatch"/> ticks) and the <see cref="RecentReads{TKey, TValue}"/> generation it saw.</summary>
public readonly record struct ReadTicket(long Started, long Generation);
