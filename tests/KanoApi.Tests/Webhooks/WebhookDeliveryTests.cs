using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Testing;
using KanoApi.Webhooks;
using StandardWebhooks;

namespace KanoApi.Tests.Webhooks;

/// <summary>Events reach a real receiver on loopback, signed, at least once, with the same webhook-id on every attempt.</summary>
public sealed class WebhookDeliveryTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private const string OneAnswer = """{ "respondentId": "{0}", "answers": [ { "feature": "wifi", "functional": "like", "dysfunctional": "dislike" } ] }""";

    private static HttpContent Response(string respondentId) =>
        new StringContent(OneAnswer.Replace("{0}", respondentId, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task AStoredResponseReachesTheReceiverSignedSoThatTheStandardWebhooksLibraryVerifiesIt()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (_, secret) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"))).StatusCode);

        var request = (await receiver.WaitForAsync(1)).Single();
        // The independent implementation (the StandardWebhooks package) accepts the body and headers as received.
        new StandardWebhook(secret).Verify(request.Body, request.Headers);
        Assert.StartsWith("msg_", request.Id);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("responses.stored.v1", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(surveyId, data.GetProperty("surveyId").GetInt64());
        Assert.True(data.GetProperty("workspaceId").GetInt64() > 0);
        Assert.Equal(1, data.GetProperty("count").GetInt32());
        Assert.Equal(["r-1"], data.GetProperty("respondentIds").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal($"/v1/surveys/{surveyId}/responses", data.GetProperty("link").GetString());
        Assert.Empty(factory.Connector.Refused);

        // A tampered body fails the same verification: the check above can fail.
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(request.Body.Replace("r-1", "r-2", StringComparison.Ordinal), request.Headers));
    }

    [Fact]
    public async Task ACsvImportSendsOneEventWithTheCountAndTheRespondentIdsUpToTheCap()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);

        var rows = Enumerable.Range(1, 150).Select(i => $"p{i},like,dislike");
        var imported = await Given.CsvImport(client, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\n" + string.Join('\n', rows) + "\n");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        var request = (await receiver.WaitForAsync(1)).Single();
        var data = JsonDocument.Parse(request.Body).RootElement.GetProperty("data");
        Assert.Equal(150, data.GetProperty("count").GetInt32());
        Assert.Equal(WebhookOutbox.RespondentIdsListed, data.GetProperty("respondentIds").GetArrayLength());
        Assert.True(data.GetProperty("respondentIdsTruncated").GetBoolean());
        // One event for the whole import: nothing else arrives while the dispatcher keeps polling.
        await Task.Delay(300);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AReceiverThatFailsGetsTheEventLaterWithTheSameIdAndTheLogShowsEachAttempt()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = number => (number <= 2 ? 503 : 204, TimeSpan.Zero);
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, secret) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);

        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));

        var requests = await receiver.WaitForAsync(3);
        Assert.Single(requests.Select(request => request.Id).Distinct());
        Assert.All(requests, request => new StandardWebhook(secret).Verify(request.Body, request.Headers));
        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "delivered");
        Assert.Equal(3, deliveries[0].GetProperty("attempts").GetInt32());
        var detail = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}/deliveries/{deliveries[0].GetProperty("id").GetInt64()}");
        var attempts = detail.GetProperty("attemptLog").EnumerateArray().ToArray();
        Assert.Equal([503, 503, 204], attempts.Select(attempt => attempt.GetProperty("status").GetInt32()));
        Assert.Equal("answer 1", attempts[0].GetProperty("responseBody").GetString());
        Assert.All(attempts, attempt => Assert.True(attempt.GetProperty("durationMs").GetInt64() >= 0));
    }

    [Fact]
    public async Task OnlyTheFirstKibibyteOfALongAnswerIsReadAndKept()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.BodyOf = _ => new string('x', 4 * 1024 * 1024);
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url);

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);

        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "delivered");
        var detail = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}/deliveries/{deliveries[0].GetProperty("id").GetInt64()}");
        Assert.Equal(new string('x', WebhookSender.ResponseBodyBytes), detail.GetProperty("attemptLog")[0].GetProperty("responseBody").GetString());
    }

    [Fact]
    public async Task AReceiverThatTimesOutGetsTheEventLaterWithTheSameId()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first answer comes after the one-second timeout: that attempt failed, whatever the receiver does next.
        receiver.Answer = number => (200, number == 1 ? TimeSpan.FromSeconds(5) : TimeSpan.Zero);
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);

        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));

        var requests = await receiver.WaitForAsync(2);
        Assert.Equal(requests[0].Id, requests[1].Id);
        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "delivered");
        var detail = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}/deliveries/{deliveries[0].GetProperty("id").GetInt64()}");
        var first = detail.GetProperty("attemptLog")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("status").ValueKind);
        Assert.Contains("no answer within", first.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AReceiverThatIsDownGetsTheEventOnceItIsUpWithTheSameId()
    {
        var client = factory.CreateAdminClient();
        var port = WebhookReceiver.FreePort();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, secret) = await factory.AnEndpoint(client, $"http://127.0.0.1:{port}/hooks", surveyIds: [surveyId]);

        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));
        var failed = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal("pending", failed[0].GetProperty("state").GetString());
        Assert.Contains("could not connect", failed[0].GetProperty("lastError").GetString());
        var messageId = failed[0].GetProperty("messageId").GetString();

        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        var request = (await receiver.WaitForAsync(1))[0];
        Assert.Equal(messageId, request.Id);
        new StandardWebhook(secret).Verify(request.Body, request.Headers);
    }

    [Fact]
    public async Task AReceiverAnswering410DisablesItsEndpointWithTheReasonAndGetsNothingMore()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (410, TimeSpan.Zero);
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);

        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));
        await receiver.WaitForAsync(1);
        await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "failed");

        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}");
        Assert.Equal("disabled", endpoint.GetProperty("state").GetString());
        Assert.Contains("410", endpoint.GetProperty("disabledReason").GetString());
        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-2"));
        await Task.Delay(300);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task ATestEventAndARedeliveryReachTheReceiverAndARedeliveryKeepsTheId()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, secret) = await factory.AnEndpoint(client, receiver.Url);

        var sent = await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString();
        var first = (await receiver.WaitForAsync(1))[0];
        Assert.Equal(messageId, first.Id);
        Assert.Equal("webhook.test.v1", JsonDocument.Parse(first.Body).RootElement.GetProperty("type").GetString());

        var deliveries = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "delivered");
        var redelivered = await client.PostAsync($"/v1/webhooks/{endpointId}/deliveries/{deliveries[0].GetProperty("id").GetInt64()}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        var second = (await receiver.WaitForAsync(2))[1];
        Assert.Equal(messageId, second.Id);
        Assert.Equal(first.Body, second.Body);
        new StandardWebhook(secret).Verify(second.Body, second.Headers);
    }

    [Fact]
    public async Task DuringARotationsGracePeriodBothTheOldAndTheNewSecretVerifyAndAfterItOnlyTheNew()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, oldSecret, newSecret) = await AnEndpointRotatedWithAnHoursGrace(client, receiver);
        Assert.NotEqual(oldSecret, newSecret);
        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        var during = (await receiver.WaitForAsync(1))[0];
        var signatures = during.Signature!.Split(' ');
        Assert.Equal(2, signatures.Length);
        // The new secret's signature comes first. The StandardWebhooks package (1.1.2) checks only the first signature of
        // the header, where the specification says any; so each signature is handed to it alone.
        new StandardWebhook(newSecret).Verify(during.Body, WithSignature(during, signatures[0]));
        new StandardWebhook(oldSecret).Verify(during.Body, WithSignature(during, signatures[1]));
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(oldSecret).Verify(during.Body, WithSignature(during, signatures[0])));

        await client.PostAsJsonAsync($"/v1/webhooks/{endpointId}/rotate-secret", new { gracePeriodMinutes = 0 });
        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}");
        Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("previousSecretSignsUntil").ValueKind);
        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        var after = (await receiver.WaitForAsync(2))[1];
        Assert.Single(after.Signature!.Split(' '));
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(newSecret).Verify(after.Body, after.Headers));
    }

    [Fact]
    public async Task OnceARotationsGracePeriodHasPassedOnlyTheNewSecretSigns()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, oldSecret, newSecret) = await AnEndpointRotatedWithAnHoursGrace(client, receiver);
        // As if the hour had passed.
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync(
                "UPDATE webhook_endpoints SET previous_secret_expires_at = @past WHERE id = @endpointId",
                new { past = Clock.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), endpointId });
        }

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);

        var request = (await receiver.WaitForAsync(1))[0];
        Assert.Single(request.Signature!.Split(' '));
        new StandardWebhook(newSecret).Verify(request.Body, request.Headers);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(oldSecret).Verify(request.Body, request.Headers));
        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}");
        Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("previousSecretSignsUntil").ValueKind);
    }

    private async Task<(long EndpointId, string OldSecret, string NewSecret)> AnEndpointRotatedWithAnHoursGrace(HttpClient client, WebhookReceiver receiver)
    {
        var (endpointId, oldSecret) = await factory.AnEndpoint(client, receiver.Url);
        var rotated = await (await client.PostAsJsonAsync($"/v1/webhooks/{endpointId}/rotate-secret", new { gracePeriodMinutes = 60 })).Content.ReadFromJsonAsync<JsonElement>();
        return (endpointId, oldSecret, rotated.GetProperty("secret").GetString()!);
    }

    private static Microsoft.AspNetCore.Http.HeaderDictionary WithSignature(ReceivedRequest request, string signature) =>
        new(request.Headers.ToDictionary(header => header.Key, header => header.Value)) { ["webhook-signature"] = signature };

    [Fact]
    public async Task AWriteThatRollsBackLeavesNoEventAndOneThatCommitsLeavesOne()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurvey(client);
        var featureId = await Given.AFeature(client, surveyId, "wifi");
        await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);
        var database = factory.Database;

        foreach (var commit in new[] { false, true })
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            using (var recorder = new KanoApi.Responses.ResponseRecorder(connection, transaction, surveyId))
            {
                Assert.True(recorder.Record(new KanoApi.Responses.RespondentAnswers(
                    commit ? "kept" : "rolled-back", null, new Dictionary<string, string>(),
                    [new KanoApi.Responses.CheckedAnswer(featureId, Kano.Analysis.Answer.Like, Kano.Analysis.Answer.Dislike, null, null)])));
                recorder.Finish();
            }

            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }

        var request = (await receiver.WaitForAsync(1)).Single();
        Assert.Contains("\"kept\"", request.Body);
        await Task.Delay(300);
        Assert.Single(receiver.Received);
        await using var check = factory.NewConnection();
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE survey_id = @surveyId", new { surveyId }));
    }

    [Fact]
    public async Task ARefusedBatchSendsNoEvent()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [surveyId]);
        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));
        await receiver.WaitForAsync(1);

        // The second respondent repeats a stored one: the whole batch is refused, nothing stored, nothing sent.
        var batch = await client.PostAsync($"/v1/surveys/{surveyId}/responses/batch", new StringContent(
            $$"""{ "responses": [ {{OneAnswer.Replace("{0}", "r-2", StringComparison.Ordinal)}}, {{OneAnswer.Replace("{0}", "r-1", StringComparison.Ordinal)}} ] }""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        var requests = await receiver.WaitForAsync(2);
        await Task.Delay(300);
        Assert.Equal(["responses.stored.v1", "webhook.test.v1"], receiver.Received.Select(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task ADeliveryThatCannotBeSentFailsItsAttemptWithTheReasonAndTheOthersGoOn()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (broken, _) = await factory.AnEndpoint(client, receiver.Url);
        var (working, _) = await factory.AnEndpoint(client, receiver.Url);
        await using (var connection = factory.NewConnection())
        {
            await connection.ExecuteAsync("UPDATE webhook_endpoints SET url = 'not a url' WHERE id = @broken", new { broken });
        }

        await client.PostAsync($"/v1/webhooks/{broken}/test", null);
        var failed = await WebhookFactory.WaitForDeliveries(client, broken, items => items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1);
        Assert.Contains("could not be sent", failed[0].GetProperty("lastError").GetString());

        await client.PostAsync($"/v1/webhooks/{working}/test", null);
        Assert.Single(await receiver.WaitForAsync(1));
        await client.DeleteAsync($"/v1/webhooks/{broken}");
    }

    [Fact]
    public async Task AWorkspaceWithoutAnEnabledEndpointGetsNoOutboxRowsForItsWrites()
    {
        var client = factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-1"));
        await using var connection = factory.NewConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE survey_id = @surveyId", new { surveyId }));

        // The same workspace with a disabled endpoint: still nothing; enabled: the next write has its event.
        var (endpointId, _) = await factory.AnEndpoint(client, "http://127.0.0.1:9/hooks");
        await client.PostAsync($"/v1/webhooks/{endpointId}/disable", null);
        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-2"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE survey_id = @surveyId", new { surveyId }));
        await client.PostAsync($"/v1/webhooks/{endpointId}/enable", null);
        await client.PostAsync($"/v1/surveys/{surveyId}/responses", Response("r-3"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE survey_id = @surveyId", new { surveyId }));
        await client.DeleteAsync($"/v1/webhooks/{endpointId}");
    }

    [Fact]
    public async Task AnEndpointForOtherSurveysOrOtherEventsGetsNothing()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var watched = await Given.ASurveyWithFeatures(client, "wifi");
        var other = await Given.ASurveyWithFeatures(client, "wifi");
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url, surveyIds: [watched]);

        await client.PostAsync($"/v1/surveys/{other}/responses", Response("r-1"));
        await client.PostAsync($"/v1/surveys/{watched}/responses", Response("r-2"));

        var request = (await receiver.WaitForAsync(1)).Single();
        Assert.Equal(watched, JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("surveyId").GetInt64());
        await Task.Delay(300);
        Assert.Single(receiver.Received);
        Assert.Equal(1, (await WebhookFactory.WaitForDeliveries(client, endpointId, _ => true)).GetArrayLength());
    }
}

/// <summary>With a short retry window: a delivery that keeps failing is given up and its endpoint marked failing, with the reason.</summary>
public sealed class WebhookGiveUpTests(WebhookGiveUpTests.ShortRetries factory) : IClassFixture<WebhookGiveUpTests.ShortRetries>
{
    public sealed class ShortRetries : WebhookFactory
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
        {
            ["Kano:Webhooks:AllowLoopback"] = "true",
            ["Kano:Webhooks:RetryFor"] = "00:00:00.500",
            // The test reads the reason the receiver's 500 gives; on a busy machine the factory's one-second attempt
            // timeout could run out first and the reason would be "no answer" instead.
            ["Kano:Webhooks:Timeout"] = "00:00:30",
        };
    }

    [Fact]
    public async Task ADeliveryStillFailingAfterTheRetryWindowIsGivenUpAndTheEndpointIsMarkedFailingUntilOneSucceeds()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var failing = true;
        receiver.Answer = _ => (Volatile.Read(ref failing) ? 500 : 200, TimeSpan.Zero);
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url);

        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        var given = await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 1 && items[0].GetProperty("state").GetString() == "failed");
        Assert.True(given[0].GetProperty("attempts").GetInt32() >= 1);
        var endpoint = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}");
        Assert.Equal("failing", endpoint.GetProperty("state").GetString());
        Assert.Contains("the receiver answered 500", endpoint.GetProperty("failureReason").GetString());

        Volatile.Write(ref failing, false);
        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 2 && items[1].GetProperty("state").GetString() == "delivered");
        endpoint = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{endpointId}");
        Assert.Equal("active", endpoint.GetProperty("state").GetString());
    }
}


/// <summary>With a retention of one second: finished deliveries, their attempts and their events leave the log.</summary>
public sealed class WebhookRetentionTests(WebhookRetentionTests.ShortRetention factory) : IClassFixture<WebhookRetentionTests.ShortRetention>
{
    public sealed class ShortRetention : WebhookFactory
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
        {
            ["Kano:Webhooks:AllowLoopback"] = "true",
            ["Kano:Webhooks:LogRetention"] = "00:00:01",
        };
    }

    [Fact]
    public async Task ADeliveredEventLeavesTheLogAfterTheRetentionPeriod()
    {
        var client = factory.CreateAdminClient();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, _) = await factory.AnEndpoint(client, receiver.Url);
        await client.PostAsync($"/v1/webhooks/{endpointId}/test", null);
        await receiver.WaitForAsync(1);

        // The delivery existed (the receiver got it); once it is older than the retention, the log drops it.
        await WebhookFactory.WaitForDeliveries(client, endpointId, items => items.GetArrayLength() == 0);
        await using var connection = factory.NewConnection();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE endpoint_id = @endpointId", new { endpointId }) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the event was never swept");
            await Task.Delay(50);
        }

        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = @endpointId", new { endpointId }));
    }
}
