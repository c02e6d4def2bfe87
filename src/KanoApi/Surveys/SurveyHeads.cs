using KanoApi.Analysis;
using KanoApi.Infrastructure;

namespace KanoApi.Surveys;

/// <summary>
/// The survey rows this instance read in the last second, so that <see cref="SurveyScope"/> opens a survey without the
/// database and a read answered from the <see cref="RepresentationCache"/> or with 304 opens no database connection to
/// compute its ETag (decision 0021).
/// A write through this instance is seen by the next read here at once: while any request that may write (any method
/// but GET, HEAD, OPTIONS and TRACE) is under way, reads go to the database and keep nothing, and when it ends every head
/// is forgotten. A write through another instance is seen here when its notice arrives (PostgreSQL:
/// <see cref="PeerNotices"/>), and at the latest <see cref="RecentReads.Bound"/> after it committed should the notice be lost.
/// </summary>
public sealed class SurveyHeads(IConfiguration configuration)
{
    private readonly RecentReads<(long WorkspaceId, long SurveyId), SurveyRow> recent = new(RecentReads.BoundFrom(configuration));
    private int writesUnderWay;

    /// <summary>The survey in the workspace, or null when it has none by that id (never kept: a 404 reads the database).</summary>
    internal async Task<SurveyRow?> FindAsync(Database database, HttpContext http, long workspaceId, long surveyId, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref writesUnderWay) == 0 && recent.TryFind((workspaceId, surveyId), out var known))
        {
            return known;
        }

        // The ticket before the check: a write that starts after the check changes the ticket's generation.
        var ticket = recent.Begin();
        var keep = Volatile.Read(ref writesUnderWay) == 0;
        var connection = await database.ForRequestAsync(http);
        var survey = await SurveyStore.FindAsync(connection, workspaceId, surveyId, null, cancellationToken);
        if (survey is not null && keep)
        {
            recent.Keep((workspaceId, surveyId), survey, ticket);
        }

        return survey;
    }

    /// <summary>Forgets every head: another instance wrote (<see cref="PeerNotices"/>), or its notices may have been missed.</summary>
    internal void ForgetAll() => recent.Clear();

    internal void WriteStarted()
    {
        Interlocked.Increment(ref writesUnderWay);
        recent.Clear();
    }

    internal void WriteEnded()
    {
        // Forgotten before the count drops: a read that finds no write under way finds nothing from before this one.
        recent.Clear();
        Interlocked.Decrement(ref writesUnderWay);
    }
}

public static class SurveyHeadsMiddleware
{
    /// <summary>Brackets every request that may write, so that no head read before its commit outlives it.</summary>
    public static IApplicationBuilder UseSurveyHeadsForgottenOnWrites(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            {
                await next(context);
                return;
            }

            var heads = context.RequestServices.GetRequiredService<SurveyHeads>();
            heads.WriteStarted();
            var peers = context.RequestServices.GetRequiredService<PeerNotices>();
            if (peers.Listened)
            {
                // Before the answer starts (the write has committed by then), so a client that reads through another
                // instance after this answer finds the notice already sent.
                context.Response.OnStarting(() => context.Response.StatusCode < 400 ? peers.SurveysWrittenAsync() : Task.CompletedTask);
            }

            try
            {
                await next(context);
            }
            finally
            {
                heads.WriteEnded();
            }
        });
}
