using System.Data.Common;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KanoApi.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> for the endpoints that create data, recorded in the database per API key (as Stripe scopes
/// them) so a retry is recognised after a restart too, and kept for <see cref="Limits.IdempotencyRetention"/>.
/// </summary>
/// <remarks>
/// A request first claims its key with a <c>running</c> row. Its data and the row's change to <c>done</c> (with the
/// answer to replay) commit in one transaction, so a key is done exactly when its data is stored. A request that
/// stores nothing (a 4xx, or a failure) deletes its claim, so the client can retry the key with a corrected body:
/// only successes are replayed. A claim still running after <see cref="Limits.IdempotencyAbandonedAfter"/> died
/// with its process (its transaction rolled back) and may be taken over. A record older than
/// <see cref="Limits.IdempotencyRetention"/> is gone: the key is fresh again (<see cref="SweepAsync"/> deletes them).
/// </remarks>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The request's key; null when absent. A malformed key adds an error.</summary>
    public static string? KeyOf(HttpRequest request, ValidationErrors errors)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > Limits.IdempotencyKeyLength || !key.All(c => c is >= '!' and <= '~'))
        {
            errors.Add(HeaderName, $"must be one value of 1-{Limits.IdempotencyKeyLength} visible ASCII characters, e.g. a UUID");
            return null;
        }

        return key;
    }

    /// <summary>
    /// The hash a retry must repeat: method, path, audience and body. The staff audience is addressed by the query
    /// (<c>?audience=staff</c>, decision 0024), so a key used for customers is not replayed for staff; the default
    /// audience adds nothing, so hashes of requests without one are as they were.
    /// </summary>
    public static IncrementalHash StartHash(HttpRequest request)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var audience = KanoApi.Audiences.StaffAudience.WantsStaff(request.HttpContext) ? "?audience=staff" : "";
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{audience}\n"));
        return hash;
    }

    public static string HashOf(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var hash = StartHash(request);
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Claims the key for a request whose body hashes to <paramref name="requestHash"/>.</summary>
    public static async Task<IdempotencyClaim> ClaimAsync(
        DbConnection connection, long apiKeyId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = DateTimeOffset.UtcNow;
            // An expired record is gone whether or not the sweep has run yet.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM idempotency_requests
                WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND created_at < @expired
                """,
                new { apiKeyId, key, expired = (now - Limits.IdempotencyRetention).ToString("O") },
                cancellationToken: cancellationToken));
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO idempotency_requests (api_key_id, idempotency_key, request_hash, state, created_at, claim_token)
                VALUES (@apiKeyId, @key, @hash, 'running', @now, @token)
                ON CONFLICT (api_key_id, idempotency_key) DO NOTHING
                """,
                new { apiKeyId, key, hash = requestHash, now = now.ToString("O"), token },
                cancellationToken: cancellationToken));
            if (inserted == 1)
            {
                return IdempotencyClaim.Claimed(token);
            }

            var existing = await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
                """
                SELECT request_hash AS RequestHash, state AS State, status_code AS StatusCode, response_body AS ResponseBody,
                       location AS Location, etag AS ETag, created_at AS CreatedAt
                FROM idempotency_requests WHERE api_key_id = @apiKeyId AND idempotency_key = @key
                """,
                new { apiKeyId, key },
                cancellationToken: cancellationToken));
            if (existing is null)
            {
                continue; // released between the two statements: claim again
            }

            if (existing.State == "done")
            {
                return existing.RequestHash == requestHash ? IdempotencyClaim.Replay(existing) : IdempotencyClaim.Mismatch;
            }

            // Still running (whatever its body): 409 until it finishes; a claim left by a crash is taken over below.
            if (Clock.Parse(existing.CreatedAt) > now - Limits.IdempotencyAbandonedAfter)
            {
                return IdempotencyClaim.Running;
            }

            var takenOver = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE idempotency_requests SET request_hash = @hash, created_at = @now, claim_token = @token
                WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND state = 'running' AND created_at = @createdAt
                """,
                new { apiKeyId, key, hash = requestHash, now = now.ToString("O"), createdAt = existing.CreatedAt, token },
                cancellationToken: cancellationToken));
            if (takenOver == 1)
            {
                return IdempotencyClaim.Claimed(token);
            }
        }

        return IdempotencyClaim.Running;
    }

    /// <summary>
    /// Records the answer to replay, in the transaction that stores the data. Throws when the claim is no longer
    /// this request's (taken over as abandoned): the transaction then rolls back, so nothing is stored twice.
    /// </summary>
    public static async Task CompleteAsync(
        DbConnection connection, DbTransaction transaction, long apiKeyId, string key, string token, string requestHash,
        int statusCode, string responseBody, string? location, string? etag, CancellationToken cancellationToken)
    {
        var completed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_requests
            SET state = 'done', request_hash = @requestHash, status_code = @statusCode, response_body = @responseBody,
                location = @location, etag = @etag
            WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND state = 'running' AND claim_token = @token
            """,
            new { apiKeyId, key, token, requestHash, statusCode, responseBody, location, etag },
            transaction,
            cancellationToken: cancellationToken));
        if (completed != 1)
        {
            throw new IdempotencyClaimLostException();
        }
    }

    /// <summary>Gives the key back after a request that stored nothing, so a corrected retry may use it.</summary>
    public static Task ReleaseAsync(DbConnection connection, long apiKeyId, string key, string token) =>
        connection.ExecuteAsync(
            """
            DELETE FROM idempotency_requests
            WHERE api_key_id = @apiKeyId AND idempotency_key = @key AND state = 'running' AND claim_token = @token
            """,
            new { apiKeyId, key, token });

    /// <summary>Deletes every record older than <see cref="Limits.IdempotencyRetention"/>; returns how many.</summary>
    public static Task<int> SweepAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_requests WHERE created_at < @expired",
            new { expired = (now - Limits.IdempotencyRetention).ToString("O") },
            cancellationToken: cancellationToken));
}

/// <summary>Sweeps expired Idempotency-Key records at start-up and then every hour.</summary>
public sealed partial class IdempotencySweep(Database database, ILogger<IdempotencySweep> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await using var connection = await database.OpenAsync(stoppingToken);
                var swept = await Idempotency.SweepAsync(connection, DateTimeOffset.UtcNow, stoppingToken);
                LogSwept(swept);
            }
            catch (DbException exception)
            {
                // A busy database: the next sweep catches up, and expired records are ignored meanwhile.
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept {Count} expired Idempotency-Key records")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired Idempotency-Key records failed; the next sweep retries")]
    private partial void LogSweepFailed(Exception exception);
}

public sealed class IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public string State { get; init; } = "";
    public long? StatusCode { get; init; }
    public string? ResponseBody { get; init; }
    public string? Location { get; init; }
    public string? ETag { get; init; }
    public string CreatedAt { get; init; } = "";
}

/// <summary>What claiming an Idempotency-Key found.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is ours: do the work.</summary>
    Claimed,

    /// <summary>Another request with this key is still running.</summary>
    Running,

    /// <summary>The key was used with another body.</summary>
    Mismatch,

    /// <summary>The same request was done before: replay its answer.</summary>
    Replay,
}

public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, IdempotencyRecord? Record = null, string? Token = null)
{
    public static IdempotencyClaim Claimed(string token) => new(IdempotencyOutcome.Claimed, Token: token);

    public static readonly IdempotencyClaim Running = new(IdempotencyOutcome.Running);
    public static readonly IdempotencyClaim Mismatch = new(IdempotencyOutcome.Mismatch);

    public static IdempotencyClaim Replay(IdempotencyRecord record) => new(IdempotencyOutcome.Replay, record);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult RunningProblem() =>
        TypedResults.Problem(
            "A request with this Idempotency-Key is still being processed; retry once it has finished.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict");

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult MismatchProblem() =>
        TypedResults.Problem(
            "This Idempotency-Key was used with a different request body; use a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Idempotency key reused");
}

/// <summary>The first answer to a request, sent again for a retry with the same Idempotency-Key and body.</summary>
public sealed class IdempotentReplay(IdempotencyRecord record) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = (int)(record.StatusCode ?? StatusCodes.Status200OK);
        response.Headers[Idempotency.ReplayedHeaderName] = "true";
        if (record.Location is not null)
        {
            response.Headers.Location = record.Location;
        }

        if (record.ETag is not null)
        {
            response.Headers.ETag = record.ETag;
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(record.ResponseBody ?? "", httpContext.RequestAborted);
    }
}

/// <summary>
/// One response-creating write under an optional Idempotency-Key: the key is claimed before the work, the answer to
/// replay is recorded in the work's own transaction (so a 201 and its record commit together), and the key is given
/// back when the write ends without completing, so the client can retry it with a corrected body.
/// </summary>
public sealed partial class IdempotentWrite : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly long apiKeyId;
    private readonly string requestHash;
    private readonly string? token;
    private readonly HttpContext http;
    private bool completed;

    private IdempotentWrite(HttpContext http, DbConnection connection, long apiKeyId, string? key, string requestHash, string? token)
    {
        this.http = http;
        this.connection = connection;
        this.apiKeyId = apiKeyId;
        this.requestHash = requestHash;
        this.token = token;
        Key = key;
    }

    /// <summary>The request's Idempotency-Key, or null when it sent none (then this write only runs the work).</summary>
    public string? Key { get; }

    /// <summary>Claims the key for a JSON body (hashed as the API reads it, so whitespace does not matter).</summary>
    /// <remarks>
    /// The body is serialised and hashed only when an Idempotency-Key came with it: without one nothing is compared,
    /// and re-serialising a 1 MiB batch to hash it was a tenth of the batch's time.
    /// </remarks>
    public static Task<Begun> BeginAsync<TBody>(
        HttpRequest request, DbConnection connection, string? key, TBody body, CancellationToken cancellationToken) =>
        BeginAsync(request, connection, key,
            key is null ? "" : Idempotency.HashOf(request, JsonSerializer.SerializeToUtf8Bytes(body, JsonOptionsOf(request.HttpContext))), cancellationToken);

    /// <summary>Claims the key; returns the write to do, or the answer to give instead (a replay, or a 409/422 problem).</summary>
    /// <remarks>The key is the calling API key's own: another key of the same workspace neither sees nor claims it.</remarks>
    public static async Task<Begun> BeginAsync(
        HttpRequest request, DbConnection connection, string? key, string requestHash, CancellationToken cancellationToken)
    {
        var apiKeyId = request.HttpContext.User.KeyIdOf();
        if (key is null)
        {
            return new Begun(new IdempotentWrite(request.HttpContext, connection, apiKeyId, null, requestHash, null), null);
        }

        var claim = await Idempotency.ClaimAsync(connection, apiKeyId, key, requestHash, cancellationToken);
        return claim.Outcome switch
        {
            IdempotencyOutcome.Claimed => new Begun(new IdempotentWrite(request.HttpContext, connection, apiKeyId, key, requestHash, claim.Token), null),
            IdempotencyOutcome.Replay => new Begun(null, new IdempotentAnswer(new IdempotentReplay(claim.Record!))),
            IdempotencyOutcome.Mismatch => new Begun(null, new IdempotentAnswer(IdempotencyClaim.MismatchProblem())),
            _ => new Begun(null, new IdempotentAnswer(IdempotencyClaim.RunningProblem())),
        };
    }

    /// <summary>Records the 201 answer to replay, in the data's transaction; call it just before committing.</summary>
    public async Task CompleteAsync<TAnswer>(
        DbTransaction transaction, TAnswer created, string? location, string? etag, CancellationToken cancellationToken)
    {
        if (Key is not null)
        {
            var body = JsonSerializer.Serialize(created, JsonOptionsOf(http));
            await Idempotency.CompleteAsync(
                connection, transaction, apiKeyId, Key, token!, requestHash, StatusCodes.Status201Created, body, location, etag, cancellationToken);
        }
    }

    private static JsonSerializerOptions JsonOptionsOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    /// <summary>Marks the write committed: the key is kept for replays.</summary>
    public void Committed() => completed = true;

    /// <summary>
    /// Releases the key when nothing was committed, on the request's own connection (its transaction is already
    /// rolled back). If even that fails (a database still busy), the claim is left to be taken over as abandoned
    /// rather than hiding the request's own answer.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Key is null || completed)
        {
            return;
        }

        try
        {
            await Idempotency.ReleaseAsync(connection, apiKeyId, Key, token!);
        }
        catch (DbException exception)
        {
            LogReleaseFailed(http.RequestServices.GetRequiredService<ILogger<IdempotentWrite>>(), exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release an Idempotency-Key claim; it will be taken over once abandoned")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    /// <summary>How claiming went: either the write to do, or the answer to give instead.</summary>
    public sealed record Begun(IdempotentWrite? Write, IdempotentAnswer? Answer);
}

/// <summary>Endpoint metadata: this endpoint honours an Idempotency-Key (the OpenAPI document declares the header).</summary>
public sealed class AcceptsIdempotencyKeyMetadata
{
    public static readonly AcceptsIdempotencyKeyMetadata Instance = new();
}

public static class IdempotencyEndpoints
{
    /// <summary>Declares that the endpoint honours Idempotency-Key, and its 409 (still running) and 422 (other body) answers.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(AcceptsIdempotencyKeyMetadata.Instance)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

/// <summary>
/// What a claimed Idempotency-Key answers instead of doing the work: the first answer replayed, a 409 (the first
/// request is still running) or a 422 (the key was used with another body).
/// </summary>
public sealed class IdempotentAnswer(IResult answer) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => answer.ExecuteAsync(httpContext);
}

/// <summary>The request's Idempotency-Key claim was taken over (presumed abandoned) before it could complete.</summary>
public sealed class IdempotencyClaimLostException()
    : Exception("Another request took over this Idempotency-Key while this one was still running; nothing of this request was stored.");
